// Reading level by the Flesch-Kincaid grade formula (flesch-kincaid, with
// syllable counts from syllable): patient material should read at 8th grade
// or below.
import { fleschKincaid } from 'flesch-kincaid'
import { syllable } from 'syllable'

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu

export interface Counts {
  sentence: number
  word: number
  syllable: number
}

export function counts(text: string): Counts {
  const words = text.match(WORD) ?? []
  const sentences = text.split(/[.!?]+(?=\s|$)/).filter((s) => /[\p{L}\p{N}]/u.test(s)).length
  return { sentence: Math.max(1, sentences), word: words.length, syllable: words.reduce((n, w) => n + syllable(w), 0) }
}

/** Flesch-Kincaid grade level of a text. */
export function gradeLevel(text: string): number {
  const c = counts(text)
  return c.word === 0 ? 0 : fleschKincaid({ ...c })
}
