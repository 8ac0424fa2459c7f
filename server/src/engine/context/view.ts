// A sentence as the context modules and the matcher see it: its words (no
// punctuation), their normalised forms, the clause each word sits in, and the
// lexicon phrases found in it (computed lazily, once per class).
import type { Sentence, Token } from '../types.js'
import type { Lexicon } from '../packs/lexicon.js'
import { phrasesByEnd, type WordView, type Match, type PhrasesByEnd } from '../packs/pattern.js'

const CLAUSE_PUNCT = new Set([';', ':', '—', '–', '(', ')', '…', ','])
const CLAUSE_WORDS = new Set(['but', 'however', 'although', 'though', 'whereas', 'while', 'which', 'because', 'yet', 'unlike', 'if', 'who'])

export class SentenceView implements WordView {
  readonly words: Token[] = []
  readonly norms: string[] = []
  readonly isNumber: boolean[] = []
  /** Clause number of each word. */
  readonly clause: number[] = []
  /** What opened each clause: the boundary word or punctuation ('' for the first). */
  readonly clauseLead: string[] = ['']
  private readonly cache = new Map<string, number[]>()
  private readonly startsCache = new Map<string, PhrasesByEnd>()
  /** Per class: whether the sentence has a phrase of it (asked by most patterns on most sentences). */
  private readonly hasCache = new Map<string, boolean>()
  private wordSet: Set<string> | undefined
  private starters: Array<Uint8Array | null> | undefined

  hasWord(word: string): boolean {
    this.wordSet ??= new Set(this.norms)
    return this.wordSet.has(word)
  }

  constructor(
    readonly sentence: Sentence,
    readonly lexicon: Lexicon,
  ) {
    let clause = 0
    for (const t of sentence.tokens) {
      if (t.text === '%') {
        // "45%" reads as "45 percent" so patterns can say `# percent`.
        this.words.push({ ...t, norm: 'percent', kind: 'word' })
        this.norms.push('percent')
        this.isNumber.push(false)
        this.clause.push(clause)
        continue
      }
      if (t.kind === 'punct' || t.kind === 'symbol') {
        if (CLAUSE_PUNCT.has(t.text) && this.words.length > 0) {
          clause++
          this.clauseLead[clause] = t.text
        }
        continue
      }
      if (CLAUSE_WORDS.has(t.norm)) {
        if (this.words.length > 0) clause++
        this.clauseLead[clause] = t.norm
      }
      this.words.push(t)
      this.norms.push(t.norm)
      const c = t.norm.charCodeAt(0)
      this.isNumber.push(t.kind === 'number' || (c >= 48 && c <= 57))
      this.clause.push(clause)
    }
  }

  /** Per class (by the lexicon's index): whether some word of the sentence may start a phrase of it. */
  private startable: Uint8Array | null | undefined

  private mayStart(name: string): boolean {
    const k = this.lexicon.indexOf(name)
    if (k === undefined) return false
    if (this.startable === undefined) {
      this.starters ??= this.norms.map((w) => this.lexicon.starts(w))
      let union: Uint8Array | null = null
      for (const s of this.starters) {
        if (s === null) continue
        if (union === null) union = s.slice()
        else for (let i = 0; i < s.length; i++) union[i] |= s[i]
      }
      this.startable = union
    }
    return this.startable !== null && this.startable[k] === 1
  }

  /** Classes the draft's own treatment belongs to; "it" and "this therapy" stand for it. */
  private topicClasses: ReadonlySet<string> = new Set()

  setTopicClasses(classes: ReadonlySet<string>): void {
    if (classes === this.topicClasses) return
    // Classes that were the topic's and are no longer, and the new ones, are computed again.
    for (const c of this.topicClasses) this.forget(c)
    for (const c of classes) this.forget(c)
    this.topicClasses = classes
  }

  private forget(name: string): void {
    this.cache.delete(name)
    this.startsCache.delete(name)
    this.hasCache.delete(name)
  }

  /** Drop what was computed for matching (kept: the words). A cached sentence then costs little memory. */
  release(): void {
    this.cache.clear()
    this.startsCache.clear()
    this.hasCache.clear()
    this.wordSet = undefined
    this.starters = undefined
    this.startable = undefined
  }

  /** For a class: its phrases, grouped by where they end (for the matcher). */
  classStarts(name: string): PhrasesByEnd {
    let a = this.startsCache.get(name)
    if (!a) this.startsCache.set(name, (a = phrasesByEnd(this.classEnds(name))))
    return a
  }

  classEnds(name: string): number[] {
    let a = this.cache.get(name)
    if (!a) {
      this.starters ??= this.norms.map((w) => this.lexicon.starts(w))
      a = this.lexicon.ends(name, this.norms, this.starters)
      if (this.topicClasses.has(name)) this.addReferences(a)
      this.cache.set(name, a)
    }
    return a
  }

  /** Mark "it", "this treatment", "the infusions" as mentions of the draft's treatment. */
  private addReferences(a: number[]): void {
    const pronouns = this.classEnds('reference-pronoun')
    const generic = this.classEnds('generic-treatment')
    for (let i = 0; i < a.length; i++) {
      if (a[i] > i) continue
      const n = this.norms[i]
      if ((n === 'this' || n === 'the' || n === 'these' || n === 'our') && generic[i + 1] > i + 1) a[i] = generic[i + 1]
      else if ((n === 'it' || n === "it's" || n === 'its') && pronouns[i] > i) a[i] = i + 1
    }
  }

  /** Non-overlapping phrases of a lexicon class, left to right. */
  phrases(name: string): Match[] {
    const ends = this.classEnds(name)
    const out: Match[] = []
    for (let i = 0; i < ends.length; i++) {
      if (ends[i] > i) {
        out.push({ from: i, to: ends[i] })
        i = ends[i] - 1
      }
    }
    return out
  }

  has(name: string): boolean {
    let h = this.hasCache.get(name)
    if (h === undefined && !this.topicClasses.has(name) && !this.mayStart(name)) {
      // No word of the sentence starts a phrase of the class (most classes, on most sentences).
      this.hasCache.set(name, (h = false))
    }
    if (h === undefined) {
      const ends = this.classEnds(name)
      h = false
      for (let i = 0; i < ends.length; i++) {
        if (ends[i] > i) {
          h = true
          break
        }
      }
      this.hasCache.set(name, h)
    }
    return h
  }

  /** Source offsets of a word range. */
  span(m: Match): { start: number; end: number } {
    return { start: this.words[m.from].start, end: this.words[m.to - 1].end }
  }

  textOf(m: Match): string {
    const { start, end } = this.span(m)
    return this.sentence.text.slice(start - this.sentence.start, end - this.sentence.start)
  }
}
