// Scoring against gold labels (../shared/corpus/ANNOTATION.md): a finding
// counts for a gold sentence when their ranges overlap. Scores are per
// sentence: a gold sentence with label L is found when any finding of
// category L overlaps it (recall); a finding of category L is right when it
// overlaps a gold sentence labelled L, and each wrong one counts once per
// sentence it sits in (precision). "any" is the union of ANY_CLAIM.
import { ANY_CLAIM, CATEGORIES, type Category, type Finding } from '../engine/types.js'

export interface GoldSentence {
  start: number
  end: number
  text: string
  labels: Category[]
}

export interface Gold {
  file: string
  sentences: GoldSentence[]
}

export interface Counts {
  tp: number
  fp: number
  fn: number
}

export type Key = Category | 'any'
export const KEYS: readonly Key[] = [...CATEGORIES, 'any']

export interface DraftResult {
  file: string
  counts: Record<Key, Counts>
  misses: Array<{ key: Key; text: string; start: number }>
  falseAlarms: Array<{ key: Key; text: string; start: number; ruleId: string }>
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end

const has = (g: GoldSentence, key: Key): boolean => (key === 'any' ? g.labels.some((l) => ANY_CLAIM.includes(l)) : g.labels.includes(key))
const counts = (f: Finding, key: Key): boolean => (key === 'any' ? ANY_CLAIM.includes(f.category) : f.category === key)

export function scoreDraft(text: string, gold: Gold, findings: readonly Finding[]): DraftResult {
  const result: DraftResult = { file: gold.file, counts: {} as Record<Key, Counts>, misses: [], falseAlarms: [] }
  for (const key of KEYS) {
    const c: Counts = { tp: 0, fp: 0, fn: 0 }
    const relevant = findings.filter((f) => counts(f, key))
    for (const g of gold.sentences) {
      if (!has(g, key)) continue
      if (relevant.some((f) => overlaps(f, g))) c.tp++
      else {
        c.fn++
        result.misses.push({ key, text: g.text, start: g.start })
      }
    }
    // Wrong findings, one per sentence they sit in.
    const wrongSentences = new Set<number>()
    for (const f of relevant) {
      const right = gold.sentences.some((g) => has(g, key) && overlaps(f, g))
      if (right) continue
      if (wrongSentences.has(f.sentence.start)) continue
      wrongSentences.add(f.sentence.start)
      c.fp++
      result.falseAlarms.push({ key, text: text.slice(f.sentence.start, f.sentence.end), start: f.sentence.start, ruleId: f.ruleId })
    }
    result.counts[key] = c
  }
  return result
}

export interface Score {
  precision: number
  recall: number
  f1: number
  support: number
  tp: number
  fp: number
  fn: number
}

export function summarize(results: readonly DraftResult[]): Record<Key, Score> {
  const out = {} as Record<Key, Score>
  for (const key of KEYS) {
    let tp = 0
    let fp = 0
    let fn = 0
    for (const r of results) {
      tp += r.counts[key].tp
      fp += r.counts[key].fp
      fn += r.counts[key].fn
    }
    const precision = tp + fp === 0 ? 1 : tp / (tp + fp)
    const recall = tp + fn === 0 ? 1 : tp / (tp + fn)
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
    out[key] = { precision, recall, f1, support: tp + fn, tp, fp, fn }
  }
  return out
}
