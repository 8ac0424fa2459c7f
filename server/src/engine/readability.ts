// Reading level by the Flesch-Kincaid grade formula (flesch-kincaid, with
// syllable counts from syllable): patient material should read at 8th grade
// or below. SMOG (smog-formula) counts words of three or more syllables; the
// whole-draft review reports both.
import { fleschKincaid } from 'flesch-kincaid'
import { smogFormula } from 'smog-formula'
import { syllable } from 'syllable'

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu

export interface Counts {
  sentence: number
  word: number
  syllable: number
  /** Words of three or more syllables (SMOG's count). */
  polysyllable: number
}

// Words repeat, and the review counts each several times (per sentence, per
// paragraph, for the draft): syllable() is the review's main cost, so counts
// are kept per word (up to a bound, then started afresh).
const syllableCache = new Map<string, number>()
function syllablesOf(word: string): number {
  let n = syllableCache.get(word)
  if (n === undefined) {
    if (syllableCache.size >= 50_000) syllableCache.clear()
    syllableCache.set(word, (n = syllable(word)))
  }
  return n
}

/** Where a text is cut into sentences for the formulas. */
const SENTENCE_END = /[.!?]+(?=\s|$)/
const HAS_WORD = /[\p{L}\p{N}]/u

/** Sentences (pieces between SENTENCE_ENDs that hold a word, at least 1), words, syllables and polysyllables of a text. */
export function counts(text: string): Counts {
  return joinedCounts([pieceCounts(text)])
}

/** Flesch-Kincaid grade level of a text's counts. */
export function gradeOf(c: Counts): number {
  return c.word === 0 ? 0 : fleschKincaid({ sentence: c.sentence, word: c.word, syllable: c.syllable })
}

/** SMOG grade of a text's counts (meant for 30 sentences or more; shorter texts are scaled up to 30). */
export function smogOf(c: Counts): number {
  return c.word === 0 ? 0 : smogFormula({ sentence: c.sentence, polysillabicWord: c.polysyllable })
}

/** Flesch-Kincaid grade level of a text. */
export function gradeLevel(text: string): number {
  return gradeOf(counts(text))
}

/** SMOG grade of a text (meant for 30 sentences or more; shorter texts are scaled up to 30). */
export function smogGrade(text: string): number {
  return smogOf(counts(text))
}

/**
 * The counts of one piece of text, kept so that the counts of several
 * pieces joined with spaces can be added up instead of counted again (the
 * review measures each sentence, each paragraph and the whole draft).
 */
export interface PieceCounts {
  word: number
  syllable: number
  polysyllable: number
  /** Sentence ends (SENTENCE_END) in the piece. */
  cuts: number
  /** Whether the text before its first cut, between its cuts, and after its last cut has a word. */
  firstHasWord: boolean
  inner: number
  lastHasWord: boolean
}

export function pieceCounts(text: string): PieceCounts {
  const words = text.match(WORD) ?? []
  let syllables = 0
  let poly = 0
  for (const w of words) {
    const n = syllablesOf(w)
    syllables += n
    if (n >= 3) poly++
  }
  const parts = text.split(SENTENCE_END)
  const has = parts.map((p) => HAS_WORD.test(p))
  let inner = 0
  for (let i = 1; i < has.length - 1; i++) if (has[i]) inner++
  return { word: words.length, syllable: syllables, polysyllable: poly, cuts: parts.length - 1, firstHasWord: has[0], inner, lastHasWord: has[has.length - 1] }
}

/**
 * counts() of the pieces joined with single spaces, from each piece's counts.
 * Exact for pieces that end in a non-word character (the review's measured
 * sentences end in a full stop or a closing quote or bracket), so no word
 * runs across a join: a join never cuts a sentence, and the text after one
 * piece's last cut runs on into the next piece up to its first cut, as a
 * sentence ending in a quote ("... ready." Next) does in the joined text.
 */
export function joinedCounts(pieces: readonly PieceCounts[]): Counts {
  let word = 0
  let syllable = 0
  let polysyllable = 0
  let sentences = 0
  // Whether the sentence still open at the join has a word so far.
  let open = false
  for (const p of pieces) {
    word += p.word
    syllable += p.syllable
    polysyllable += p.polysyllable
    if (p.cuts === 0) {
      open ||= p.firstHasWord
      continue
    }
    if (open || p.firstHasWord) sentences++
    sentences += p.inner
    open = p.lastHasWord
  }
  if (open) sentences++
  return { sentence: Math.max(1, sentences), word, syllable, polysyllable }
}
