// Token patterns: the only matching language a rule pack has.
//
// A pattern is a sequence of elements separated by spaces:
//   word        a word (case-insensitive; curly quotes and hyphens normalised)
//   word*       any word starting with "word"
//   a|b|c       any of the alternatives
//   @class      a word or phrase from a lexicon class (e.g. @treatment)
//   #           any number
//   _           any one word
//   ~N          up to N words of anything (N <= 8)
//   x?          element x is optional
//
// Patterns compile to a small automaton that is simulated over the tokens
// (Thompson-style: a set of live states, no backtracking), so matching time
// is linear in the length of the sentence whatever the pack says.

export interface Alt {
  kind: 'word' | 'prefix' | 'class' | 'number' | 'any'
  value: string
}

export interface Element {
  alts: Alt[]
  optional: boolean
}

export interface CompiledPattern {
  source: string
  elements: Element[]
}

export class PatternError extends Error {}

export const MAX_ELEMENTS = 40
export const MAX_GAP = 8

const WORD_RE = /^[\p{L}\p{N}][\p{L}\p{N}'+.&]*$/u

export function splitPhrase(phrase: string): string[] {
  // Same normalisation as the tokenizer: lower case, straight apostrophes,
  // hyphens split words.
  return phrase
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .split(/[\s\-‐‑–]+/)
    .filter((w) => w !== '')
}

export function compilePattern(source: string, knownClasses: ReadonlySet<string>): CompiledPattern {
  const parts = source.trim().split(/\s+/).filter((p) => p !== '')
  if (parts.length === 0) throw new PatternError('empty pattern')
  const elements: Element[] = []
  for (const raw of parts) {
    const gap = /^~(\d+)$/.exec(raw)
    if (gap) {
      const n = Number(gap[1])
      if (n < 1 || n > MAX_GAP) throw new PatternError(`gap "${raw}" must be between ~1 and ~${MAX_GAP}`)
      for (let i = 0; i < n; i++) elements.push({ alts: [{ kind: 'any', value: '' }], optional: true })
      continue
    }
    let body = raw
    let optional = false
    if (body.endsWith('?') && body.length > 1) {
      optional = true
      body = body.slice(0, -1)
    }
    const alts: Alt[] = []
    for (const alt of body.split('|')) {
      if (alt === '') throw new PatternError(`empty alternative in "${raw}"`)
      if (alt === '_') alts.push({ kind: 'any', value: '' })
      else if (alt === '#') alts.push({ kind: 'number', value: '' })
      else if (alt.startsWith('@')) {
        const name = alt.slice(1)
        if (!knownClasses.has(name)) throw new PatternError(`unknown lexicon class "@${name}"`)
        alts.push({ kind: 'class', value: name })
      } else {
        const prefix = alt.endsWith('*')
        const word = (prefix ? alt.slice(0, -1) : alt).toLowerCase().replace(/[’‘]/g, "'")
        if (!WORD_RE.test(word)) throw new PatternError(`"${alt}" is not a word (patterns match words, not characters)`)
        alts.push({ kind: prefix ? 'prefix' : 'word', value: word })
      }
    }
    elements.push({ alts, optional })
  }
  if (elements.length > MAX_ELEMENTS) throw new PatternError(`pattern has more than ${MAX_ELEMENTS} elements`)
  if (elements.every((e) => e.optional)) throw new PatternError('pattern must have at least one required element')
  return { source, elements }
}

/** What the matcher needs to know about the words of a sentence. */
export interface WordView {
  norms: string[]
  isNumber: boolean[]
  /** For a class name, the end (exclusive) of the longest phrase of that class starting at each index, or 0. */
  classEnds(name: string): Int32Array
}

export interface Match {
  from: number
  to: number
}

/**
 * All leftmost-longest, non-overlapping matches of a pattern in a sentence.
 * Simulates the automaton with one live-state list per position.
 */
export function matchPattern(p: CompiledPattern, view: WordView): Match[] {
  const n = view.norms.length
  const k = p.elements.length
  // best[pos * (k+1) + state] = earliest start that reaches `state` before word `pos`, or -1.
  const width = k + 1
  const best = new Int32Array((n + 1) * width).fill(-1)
  const found: Match[] = []
  const classCache = new Map<string, Int32Array>()
  const ends = (name: string): Int32Array => {
    let a = classCache.get(name)
    if (!a) {
      a = view.classEnds(name)
      classCache.set(name, a)
    }
    return a
  }
  const reach = (pos: number, state: number, start: number): void => {
    // Epsilon closure over optional elements.
    let s = state
    for (;;) {
      const idx = pos * width + s
      const cur = best[idx]
      if (cur !== -1 && cur <= start) return
      best[idx] = start
      if (s < k && p.elements[s].optional) {
        s++
        continue
      }
      return
    }
  }
  for (let pos = 0; pos <= n; pos++) {
    if (pos < n) reach(pos, 0, pos)
    for (let s = 0; s <= k; s++) {
      const start = best[pos * width + s]
      if (start === -1) continue
      if (s === k) {
        if (pos > start) found.push({ from: start, to: pos })
        continue
      }
      if (pos >= n) continue
      for (const alt of p.elements[s].alts) {
        let next = -1
        switch (alt.kind) {
          case 'word':
            if (view.norms[pos] === alt.value) next = pos + 1
            break
          case 'prefix':
            if (view.norms[pos].startsWith(alt.value)) next = pos + 1
            break
          case 'number':
            if (view.isNumber[pos]) next = pos + 1
            break
          case 'any':
            next = pos + 1
            break
          case 'class': {
            const e = ends(alt.value)[pos]
            if (e > pos) next = e
            break
          }
        }
        if (next !== -1) reach(next, s + 1, start)
      }
    }
  }
  // Leftmost-longest, non-overlapping.
  found.sort((a, b) => a.from - b.from || b.to - a.to)
  const out: Match[] = []
  let lastEnd = -1
  for (const m of found) {
    if (m.from >= lastEnd) {
      out.push(m)
      lastEnd = m.to
    }
  }
  return out
}
