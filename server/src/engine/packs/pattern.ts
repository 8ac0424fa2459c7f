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

// Arrays that live as long as their sentence are sliced from a template
// (fresh young objects) instead of made by `new Array(n)` or a literal: V8
// allocates an allocation site's objects straight into the old generation
// once most of them survive, which is slow to allocate and to collect (the
// lexicon's `new Array(n)` was the costliest line of a lint in CPU profiles).
// `fill` is avoided too: it calls into the runtime, slow for a few elements.
const ZEROS: number[] = [0]
const NOTHING: never[] = []

/** A new array of `n` zeros. */
export function zeroArray(n: number): number[] {
  // Beyond this the template would hold too much memory for good.
  if (n > 4096) return new Array<number>(n).fill(0)
  while (ZEROS.length < n) ZEROS.push(0)
  return ZEROS.slice(0, n)
}

const UNDEFINEDS: undefined[] = [undefined]

/** A new array of `n` undefined slots (to be filled by index). */
export function slotArray<T>(n: number): Array<T | undefined> {
  if (n > 4096) return new Array<T | undefined>(n).fill(undefined)
  while (UNDEFINEDS.length < n) UNDEFINEDS.push(undefined)
  return UNDEFINEDS.slice(0, n)
}

/** A new empty array. */
export function emptyArray<T>(): T[] {
  return NOTHING.slice()
}

/** PhrasesByEnd made by `new`: these live as long as their sentence (see zeroArray). */
class PhraseGroups implements PhrasesByEnd {
  constructor(
    readonly offsets: number[],
    readonly starts: number[],
  ) {}
}

/** Group the phrases of `ends` (see WordView.classEnds) by where they end. */
export function phrasesByEnd(ends: ArrayLike<number>): PhrasesByEnd {
  // Plain arrays: small typed arrays cost more to make and to collect.
  const n = ends.length
  const offsets = zeroArray(n + 2)
  let m = 0
  for (let i = 0; i < n; i++) {
    if (ends[i] > i) {
      offsets[ends[i] + 1]++
      m++
    }
  }
  for (let e = 1; e <= n + 1; e++) offsets[e] += offsets[e - 1]
  const starts = zeroArray(m)
  if (m > 0) {
    // Where the next start ending at each position goes.
    const fill = offsets.slice(0, n + 1)
    for (let i = 0; i < n; i++) if (ends[i] > i) starts[fill[ends[i]]++] = i
  }
  return new PhraseGroups(offsets, starts)
}

interface Required {
  /** The required elements, cheapest to check first (plain words, then prefixes and numbers, then classes). */
  elements: Element[]
  /** How many come first that are plain words only: the pattern's anchors. */
  anchors: number
}

const required = new WeakMap<CompiledPattern, Required>()
const altCost = (a: Alt): number => (a.kind === 'word' ? 0 : a.kind === 'any' ? -1 : a.kind === 'number' || a.kind === 'prefix' ? 1 : 2)

function requiredElements(p: CompiledPattern): Required {
  let r = required.get(p)
  if (!r) {
    const cost = (e: Element): number => Math.max(...e.alts.map(altCost))
    const elements = p.elements.filter((e) => !e.optional && !e.alts.some((a) => a.kind === 'any')).sort((a, b) => cost(a) - cost(b))
    r = { elements, anchors: elements.filter((e) => cost(e) === 0).length }
    required.set(p, r)
  }
  return r
}

/**
 * Whether every required element of the pattern has something in the
 * sentence it could match: a necessary condition for a match, much cheaper
 * than running the automaton (most patterns fail it on most sentences).
 * `anchorsChecked`: the caller knows the sentence has a word of each of the
 * pattern's `anchors` (lint.ts's candidates), so they are not looked up again.
 */
export function mayMatch(p: CompiledPattern, view: WordView, anchorsChecked = false): boolean {
  // A view that cannot say which words it has (a bare WordView) is always matched in full.
  if (!view.hasWord) return true
  const r = requiredElements(p)
  for (let i = anchorsChecked ? r.anchors : 0; i < r.elements.length; i++) {
    const e = r.elements[i]
    let ok = false
    for (const alt of e.alts) {
      switch (alt.kind) {
        case 'word':
          ok = view.hasWord(alt.value)
          break
        case 'prefix':
          for (const w of view.norms) {
            if (w.startsWith(alt.value)) {
              ok = true
              break
            }
          }
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

/**
 * Record a thread that starts element `state` at word `pos` and ends at
 * `end`, and its epsilon closure leftwards over optional elements. Returns
 * the steps taken. A plain function, not a closure: matchPattern runs
 * thousands of times per draft.
 */
function reach(latest: Int32Array, elements: readonly Element[], width: number, pos: number, state: number, end: number): number {
  let steps = 0
  let s = state
  for (;;) {
    steps++
    const idx = pos * width + s
    if (latest[idx] >= end) return steps
    latest[idx] = end
    if (s > 0 && elements[s - 1].optional) {
      s--
      continue
    }
    return steps
  }
}

export function matchPattern(p: CompiledPattern, view: WordView, stats?: MatchStats, anchorsChecked = false): Match[] {
  const n = view.norms.length
  const elements = p.elements
  const k = elements.length
  if (!mayMatch(p, view, anchorsChecked)) return []
  const width = k + 1
  // One buffer for every call (matching is synchronous): no allocation per pattern and sentence.
  const size = (n + 1) * width
  if (scratch.length < size) scratch = new Int32Array(Math.max(size, scratch.length * 2))
  const latest = scratch
  latest.fill(-1, 0, size)
  let steps = 0
  // For a class: its phrases, grouped by where they end (cached by the view, or here for a bare WordView).
  let byEndCache: Map<string, PhrasesByEnd> | undefined
  for (let pos = n; pos >= 0; pos--) {
    // A match may end before any word (or at the end of the sentence).
    steps += reach(latest, elements, width, pos, k, pos)
    for (let s = k; s >= 1; s--) {
      const end = latest[pos * width + s]
      if (end === -1) continue
      // Element s-1 must end at `pos`.
      for (const alt of elements[s - 1].alts) {
        steps++
        if (alt.kind === 'class') {
          let g: PhrasesByEnd | undefined
          if (view.classStarts) g = view.classStarts(alt.value)
          else {
            byEndCache ??= new Map()
            g = byEndCache.get(alt.value)
            if (!g) byEndCache.set(alt.value, (g = phrasesByEnd(view.classEnds(alt.value))))
          }
          for (let j = g.offsets[pos], to = g.offsets[pos + 1]; j < to; j++) steps += reach(latest, elements, width, g.starts[j], s - 1, end)
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
        if (ok) steps += reach(latest, elements, width, w, s - 1, end)
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
