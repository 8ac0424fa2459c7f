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

export function counts(text: string): Counts {
  const words = text.match(WORD) ?? []
  const sentences = text.split(/[.!?]+(?=\s|$)/).filter((s) => /[\p{L}\p{N}]/u.test(s)).length
  let syllables = 0
  let poly = 0
  for (const w of words) {
    const n = syllablesOf(w)
    syllables += n
    if (n >= 3) poly++
  }
  return { sentence: Math.max(1, sentences), word: words.length, syllable: syllables, polysyllable: poly }
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
