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
  /**
   * Required elements made only of plain words: a sentence lacking all the
   * words of any one of them cannot match, which lets most patterns be
   * skipped without running the automaton.
   */
  anchors: string[][]
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
  const anchors = elements.filter((e) => !e.optional && e.alts.every((a) => a.kind === 'word')).map((e) => e.alts.map((a) => a.value))
  return { source, elements, anchors }
}

/** What the matcher needs to know about the words of a sentence. */
export interface WordView {
  norms: string[]
  isNumber: boolean[]
  /** For a class name, the end (exclusive) of the longest phrase of that class starting at each index, or 0. */
  classEnds(name: string): ArrayLike<number>
  /** Whether the sentence has this word (optional: lets anchored patterns be skipped). */
  hasWord?(word: string): boolean
  /** Whether the sentence has a phrase of this class (optional: cached by the view). */
  has?(name: string): boolean
  /** For a class, its phrases grouped by where they end (optional: cached by the view). */
  classStarts?(name: string): PhrasesByEnd
}

/** Phrases of a class grouped by end: the starts of those ending at `e` are starts[offsets[e]..offsets[e + 1]). */
export interface PhrasesByEnd {
  offsets: number[]
  starts: number[]
}

/** Group the phrases of `ends` (see WordView.classEnds) by where they end. */
export function phrasesByEnd(ends: ArrayLike<number>): PhrasesByEnd {
  // Plain arrays: small typed arrays cost more to make and to collect.
  const n = ends.length
  const offsets: number[] = new Array<number>(n + 2).fill(0)
  let m = 0
  for (let i = 0; i < n; i++) {
    if (ends[i] > i) {
      offsets[ends[i] + 1]++
      m++
    }
  }
  for (let e = 1; e <= n + 1; e++) offsets[e] += offsets[e - 1]
  const starts: number[] = new Array<number>(m).fill(0)
  const fill = offsets.slice(0, n + 1)
  for (let i = 0; i < n; i++) if (ends[i] > i) starts[fill[ends[i]]++] = i
  return { offsets, starts }
}

const required = new WeakMap<CompiledPattern, Element[]>()
const altCost = (a: Alt): number => (a.kind === 'word' ? 0 : a.kind === 'any' ? -1 : a.kind === 'number' || a.kind === 'prefix' ? 1 : 2)

/** The required elements of a pattern, cheapest to check first (plain words, then prefixes and numbers, then classes). */
function requiredElements(p: CompiledPattern): Element[] {
  let r = required.get(p)
  if (!r) {
    const cost = (e: Element): number => Math.max(...e.alts.map(altCost))
    r = p.elements.filter((e) => !e.optional && !e.alts.some((a) => a.kind === 'any')).sort((a, b) => cost(a) - cost(b))
    required.set(p, r)
  }
  return r
}

/**
 * Whether every required element of the pattern has something in the
 * sentence it could match: a necessary condition for a match, much cheaper
 * than running the automaton (most patterns fail it on most sentences).
 */
export function mayMatch(p: CompiledPattern, view: WordView): boolean {
  // A view that cannot say which words it has (a bare WordView) is always matched in full.
  if (!view.hasWord) return true
  for (const e of requiredElements(p)) {
    let ok = false
    for (const alt of e.alts) {
      switch (alt.kind) {
        case 'word':
          ok = view.hasWord(alt.value)
          break
        case 'prefix':
          ok = view.norms.some((w) => w.startsWith(alt.value))
          break
        case 'number':
          ok = view.isNumber.includes(true)
          break
        case 'class': {
          if (view.has) {
            ok = view.has(alt.value)
            break
          }
          const ends = view.classEnds(alt.value)
          for (let i = 0; i < ends.length && !ok; i++) if (ends[i] > i) ok = true
          break
        }
        case 'any':
          ok = true
          break
      }
      if (ok) break
    }
    if (!ok) return false
  }
  return true
}

export interface Match {
  from: number
  to: number
}

/** Optional instrumentation: `steps` counts automaton work (state visits and transitions tried). */
export interface MatchStats {
  steps: number
}

/**
 * All leftmost-longest, non-overlapping matches of a pattern in a sentence.
 *
 * The automaton is simulated right to left, one live-state list per
 * position: `latest[pos][s]` is the furthest end of a match of elements
 * s..k-1 that starts at word `pos` (a thread reaching the same position and
 * state with a nearer end can never do better, so it is dropped). State 0
 * then gives the longest match starting at every word, and a greedy scan
 * picks the leftmost-longest non-overlapping ones. Work is O(words x
 * elements x alternatives): linear in the sentence whatever the pattern.
 */
let scratch = new Int32Array(1024)

export function matchPattern(p: CompiledPattern, view: WordView, stats?: MatchStats): Match[] {
  const n = view.norms.length
  const k = p.elements.length
  if (!mayMatch(p, view)) return []
  const width = k + 1
  // One buffer for every call (matching is synchronous): no allocation per pattern and sentence.
  const size = (n + 1) * width
  if (scratch.length < size) scratch = new Int32Array(Math.max(size, scratch.length * 2))
  const latest = scratch
  latest.fill(-1, 0, size)
  let steps = 0
  // For a class: its phrases, grouped by where they end.
  const byEndCache = view.classStarts ? undefined : new Map<string, PhrasesByEnd>()
  const byEnd = (name: string): PhrasesByEnd => {
    if (!byEndCache) return view.classStarts!(name)
    let a = byEndCache.get(name)
    if (!a) byEndCache.set(name, (a = phrasesByEnd(view.classEnds(name))))
    return a
  }
  const reach = (pos: number, state: number, end: number): void => {
    // Epsilon closure leftwards over optional elements.
    let s = state
    for (;;) {
      steps++
      const idx = pos * width + s
      if (latest[idx] >= end) return
      latest[idx] = end
      if (s > 0 && p.elements[s - 1].optional) {
        s--
        continue
      }
      return
    }
  }
  for (let pos = n; pos >= 0; pos--) {
    // A match may end before any word (or at the end of the sentence).
    reach(pos, k, pos)
    for (let s = k; s >= 1; s--) {
      const end = latest[pos * width + s]
      if (end === -1) continue
      // Element s-1 must end at `pos`.
      for (const alt of p.elements[s - 1].alts) {
        steps++
        if (alt.kind === 'class') {
          const g = byEnd(alt.value)
          for (let j = g.offsets[pos], to = g.offsets[pos + 1]; j < to; j++) reach(g.starts[j], s - 1, end)
          continue
        }
        if (pos === 0) continue
        const w = pos - 1
        let ok = false
        switch (alt.kind) {
          case 'word':
            ok = view.norms[w] === alt.value
            break
          case 'prefix':
            ok = view.norms[w].startsWith(alt.value)
            break
          case 'number':
            ok = view.isNumber[w]
            break
          case 'any':
            ok = true
            break
        }
        if (ok) reach(w, s - 1, end)
      }
    }
  }
  const out: Match[] = []
  for (let from = 0; from < n; ) {
    steps++
    const to = latest[from * width]
    if (to > from) {
      out.push({ from, to })
      from = to
    } else from++
  }
  if (stats) stats.steps += steps
  return out
}
