// A sentence as the context modules and the matcher see it: its words (no
// punctuation), their normalised forms, the clause each word sits in, and the
// lexicon phrases found in it (computed lazily, once per class).
import type { Sentence, Token } from '../types.js'
import type { Lexicon } from '../packs/lexicon.js'
import { emptyArray, phrasesByEnd, slotArray, zeroArray, type WordView, type Match, type PhrasesByEnd } from '../packs/pattern.js'

const CLAUSE_PUNCT = new Set([';', ':', '—', '–', '(', ')', '…', ','])
const CLAUSE_WORDS = new Set(['but', 'however', 'although', 'though', 'whereas', 'while', 'which', 'because', 'yet', 'unlike', 'if', 'who'])

/** The topic classes of a view that was given none: one shared set, not one per sentence. */
const NO_CLASSES: ReadonlySet<string> = new Set()

// hasWord: one table for all sentences (word -> stamp of the last sentence
// that entered it) instead of a Set per sentence. Matching asks one sentence
// at a time, so the table is refilled about once per sentence.
const wordStamps = new Map<string, number>()
/** The stamp of the sentence whose words the table holds. */
let tableStamp = 0

export class SentenceView implements WordView {
  // Made by emptyArray (see pattern.ts): they live as long as the sentence.
  readonly words: Token[] = emptyArray()
  readonly norms: string[] = emptyArray()
  // isNumber, clause and clauseLead are made on first use: a draft's
  // sentences are all held while it is parsed, and most are never asked.
  private numbers: boolean[] | undefined
  private clauses: number[] | undefined
  private leads: string[] | undefined
  // Per lexicon class (by the lexicon's index), made on first use: arrays, not
  // Maps, as a draft holds hundreds of these at once and they cost GC time.
  /** classEnds of each class computed (not of classes `startable` rules out). */
  private ends: Array<number[] | undefined> | undefined
  private byEnd: Array<PhrasesByEnd | undefined> | undefined
  /** One all-zero ends array for the classes no word of the sentence starts (never handed to addReferences). */
  private zeros: number[] | undefined
  private noPhrases: PhrasesByEnd | undefined
  /** Bit set of the classes some word of the sentence may start a phrase of (30 classes per number: small integers). */
  private startable: number[] | undefined
  /** This sentence's stamp in `wordStamps` (0: never entered). */
  private stamp = 0
  private starters: Array<Uint8Array | null> | undefined

  hasWord(word: string): boolean {
    if (this.stamp === 0 || this.stamp !== tableStamp) {
      // The table holds another sentence's words: enter this one's under a new stamp.
      if (wordStamps.size >= 50_000) wordStamps.clear()
      this.stamp = tableStamp = tableStamp + 1
      for (const w of this.norms) wordStamps.set(w, this.stamp)
    }
    return wordStamps.get(word) === this.stamp
  }

  constructor(
    readonly sentence: Sentence,
    readonly lexicon: Lexicon,
  ) {
    for (const t of sentence.tokens) {
      if (t.text === '%') {
        // "45%" reads as "45 percent" so patterns can say `# percent`.
        this.words.push({ ...t, norm: 'percent', kind: 'word' })
        this.norms.push('percent')
        continue
      }
      if (t.kind === 'punct' || t.kind === 'symbol') continue
      this.words.push(t)
      this.norms.push(t.norm)
    }
  }

  /** Whether each word is a number. */
  get isNumber(): boolean[] {
    if (this.numbers === undefined) {
      const out: boolean[] = emptyArray()
      for (let i = 0; i < this.words.length; i++) {
        const w = this.words[i]
        const c = w.norm.charCodeAt(0)
        out.push(w.kind === 'number' || (c >= 48 && c <= 57))
      }
      this.numbers = out
    }
    return this.numbers
  }

  /** Clause number of each word. */
  get clause(): number[] {
    if (this.clauses === undefined) this.findClauses()
    return this.clauses!
  }

  /** What opened each clause: the boundary word or punctuation ('' for the first). */
  get clauseLead(): string[] {
    if (this.leads === undefined) this.findClauses()
    return this.leads!
  }

  /** Clauses: punctuation such as ";" or "," and words such as "but" or "which" open a new one. */
  private findClauses(): void {
    const clauses: number[] = emptyArray()
    const leads: string[] = emptyArray()
    leads.push('')
    let clause = 0
    let words = 0
    for (const t of this.sentence.tokens) {
      if (t.text === '%') {
        clauses.push(clause)
        words++
        continue
      }
      if (t.kind === 'punct' || t.kind === 'symbol') {
        if (CLAUSE_PUNCT.has(t.text) && words > 0) {
          clause++
          leads[clause] = t.text
        }
        continue
      }
      if (CLAUSE_WORDS.has(t.norm)) {
        if (words > 0) clause++
        leads[clause] = t.norm
      }
      clauses.push(clause)
      words++
    }
    this.clauses = clauses
    this.leads = leads
  }

  private startersOf(): Array<Uint8Array | null> {
    return (this.starters ??= this.norms.map((w) => this.lexicon.starts(w)))
  }

  /** Whether some word of the sentence may start a phrase of class `k` (the lexicon's index). */
  private mayStart(k: number): boolean {
    if (this.startable === undefined) {
      // Made once: most classes are asked about on most sentences, and most are ruled out here.
      const bits = zeroArray(Math.ceil(this.lexicon.size / 30))
      for (const s of this.startersOf()) {
        if (s === null) continue
        for (let i = 0; i < s.length; i++) if (s[i] === 1) bits[(i / 30) | 0] |= 1 << i % 30
      }
      this.startable = bits
    }
    // A class added to the lexicon after the sentence was read: outside the bit set, no word starts it.
    return (((this.startable[(k / 30) | 0] ?? 0) >> k % 30) & 1) === 1
  }

  /** Classes the draft's own treatment belongs to; "it" and "this therapy" stand for it. */
  private topicClasses: ReadonlySet<string> = NO_CLASSES

  setTopicClasses(classes: ReadonlySet<string>): void {
    if (classes === this.topicClasses) return
    // Classes that were the topic's and are no longer, and the new ones, are computed again.
    for (const c of this.topicClasses) this.forget(c)
    for (const c of classes) this.forget(c)
    this.topicClasses = classes
  }

  private forget(name: string): void {
    const k = this.lexicon.indexOf(name)
    if (k === undefined) return
    if (this.ends) this.ends[k] = undefined
    if (this.byEnd) this.byEnd[k] = undefined
  }

  /** Drop what was computed for matching (kept: the words). A cached sentence then costs little memory. */
  release(): void {
    this.ends = undefined
    this.byEnd = undefined
    this.zeros = undefined
    this.noPhrases = undefined
    this.starters = undefined
    this.startable = undefined
  }

  /** For a class: its phrases, grouped by where they end (for the matcher). */
  classStarts(name: string): PhrasesByEnd {
    const k = this.lexicon.indexOf(name)
    if (k === undefined) return phrasesByEnd(this.computeEnds(name))
    if (this.rulesOut(name, k)) return (this.noPhrases ??= phrasesByEnd(this.classEnds(name)))
    const byEnd = (this.byEnd ??= slotArray(this.lexicon.size))
    let a = byEnd[k]
    if (!a) byEnd[k] = a = phrasesByEnd(this.endsOf(name, k))
    return a
  }

  classEnds(name: string): number[] {
    const k = this.lexicon.indexOf(name)
    // Not a class of the lexicon: no phrases (nothing to cache).
    if (k === undefined) return this.computeEnds(name)
    // Most classes have no phrase starting at any word of a sentence: they share one zero array.
    if (this.rulesOut(name, k)) return (this.zeros ??= zeroArray(this.norms.length))
    return this.endsOf(name, k)
  }

  /** classEnds of class `k` (named `name`), not ruled out: computed once. */
  private endsOf(name: string, k: number): number[] {
    const ends = (this.ends ??= slotArray(this.lexicon.size))
    let a = ends[k]
    if (!a) ends[k] = a = this.computeEnds(name)
    return a
  }

  /** classEnds, or undefined when no word of the sentence starts a phrase of the class (has and phrases ask this first). */
  private endsIfAny(name: string): number[] | undefined {
    const k = this.lexicon.indexOf(name)
    if (k === undefined) return this.computeEnds(name)
    return this.rulesOut(name, k) ? undefined : this.endsOf(name, k)
  }

  /** Whether the sentence has no phrase of class `k` because none of its words may start one. */
  private rulesOut(name: string, k: number): boolean {
    return !this.mayStart(k) && !this.topicClasses.has(name)
  }

  private computeEnds(name: string): number[] {
    const a = this.lexicon.ends(name, this.norms, this.startersOf())
    if (this.topicClasses.has(name)) this.addReferences(a)
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
    const out: Match[] = []
    const ends = this.endsIfAny(name)
    if (ends === undefined) return out
    for (let i = 0; i < ends.length; i++) {
      if (ends[i] > i) {
        out.push({ from: i, to: ends[i] })
        i = ends[i] - 1
      }
    }
    return out
  }

  has(name: string): boolean {
    const ends = this.endsIfAny(name)
    if (ends === undefined) return false
    for (let i = 0; i < ends.length; i++) if (ends[i] > i) return true
    return false
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
