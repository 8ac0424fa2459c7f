// Reading level, per paragraph and for the whole draft: Flesch-Kincaid grade
// and SMOG (engine/readability.ts). Patient material should read at about 8th
// grade or below (`readingGrade`, for Flesch-Kincaid). SMOG counts words of
// three syllables or more and usually scores higher on the same text (every
// "ketamine" counts), so it has its own target (`smogGrade`, by default two
// grades above). A paragraph is flagged on its Flesch-Kincaid grade (SMOG is
// meant for 30 sentences or more); the draft on either measure. Messages name
// the hardest sentences, which is where rewriting pays.
import { gradeOf, joinedCounts, pieceCounts, smogOf, type PieceCounts } from '../readability.js'
import type { SentenceView } from '../context/view.js'
import type { DocFinding } from '../types.js'
import type { ReviewDraft } from './draft.js'

export interface Level {
  start: number
  end: number
  /** Flesch-Kincaid grade. */
  grade: number
  smog: number
  words: number
  sentences: number
  /** The hardest sentences, hardest first: those above the target grade. */
  hardest: Array<{ start: number; end: number; text: string; grade: number }>
}

export interface ReadabilityStats {
  draft?: Level
  paragraphs: Level[]
}

/** Fewer words than this and a grade says little. */
export const MIN_PARAGRAPH_WORDS = 20
const MIN_DRAFT_WORDS = 50
/** Sentences this short are not named as the hardest. */
const MIN_SENTENCE_WORDS = 8

const round = (n: number): number => Math.round(n * 10) / 10

/** Sentence text to measure: citation markers out, a full stop on fragments. */
function measured(v: SentenceView): string {
  const t = v.sentence.text
    .replace(/\[\^[^\]\s]+\]|\[@[^\]]*\]|\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  return /[.!?]["”’')\]]*$/.test(t) ? t : `${t}.`
}

// A sentence is measured once, for itself, its paragraph and the draft: its
// counts are kept and added up (joinedCounts gives what counting the joined
// text again would).
const sentenceCounts = new WeakMap<SentenceView, PieceCounts>()
function countsOf(v: SentenceView): PieceCounts {
  let c = sentenceCounts.get(v)
  if (c === undefined) sentenceCounts.set(v, (c = pieceCounts(measured(v))))
  return c
}
const sentenceGrade = (v: SentenceView): number => round(gradeOf(joinedCounts([countsOf(v)])))

function level(d: ReviewDraft, views: SentenceView[]): Level {
  const c = joinedCounts(views.map(countsOf))
  const hardest = views
    .filter((v) => v.words.length >= MIN_SENTENCE_WORDS)
    .map((v) => ({ start: v.sentence.start, end: v.sentence.end, text: d.text.slice(v.sentence.start, v.sentence.end).replace(/\s+/g, ' '), grade: sentenceGrade(v) }))
    .filter((s) => s.grade > d.config.readingGrade)
    .sort((a, b) => b.grade - a.grade)
  return {
    start: views[0].sentence.block.start,
    end: views[views.length - 1].sentence.block.end,
    grade: round(gradeOf(c)),
    smog: round(smogOf(c)),
    words: c.word,
    sentences: c.sentence,
    hardest,
  }
}

export function readabilityStats(d: ReviewDraft): ReadabilityStats {
  // Units: a paragraph, or a run of list items (one list).
  const units: SentenceView[][] = []
  let lastBlock: { kind: string; start: number } | undefined
  for (const v of d.views) {
    const b = v.sentence.block
    if (d.isHeadingView(v) || b.kind === 'tableCell') {
      lastBlock = undefined
      continue
    }
    const sameBlock = lastBlock !== undefined && lastBlock.start === b.start
    const sameList = lastBlock !== undefined && lastBlock.kind === 'listItem' && b.kind === 'listItem'
    if (sameBlock || sameList) units[units.length - 1].push(v)
    else units.push([v])
    lastBlock = { kind: b.kind, start: b.start }
  }
  const paragraphs = units.map((u) => level(d, u))
  const all = units.flat()
  return { draft: all.length ? level(d, all) : undefined, paragraphs }
}

const quote = (s: string): string => `"${s.length > 90 ? s.slice(0, 89).trimEnd() + '…' : s}"`

function hardestText(l: Level): string {
  if (l.hardest.length === 0) return ''
  const top = l.hardest.slice(0, 2).map((h) => `${quote(h.text)} (grade ${h.grade})`)
  return ` Hardest: ${top.join('; ')}.`
}

export function checkReadability(d: ReviewDraft, stats: ReadabilityStats = readabilityStats(d)): DocFinding[] {
  const out: DocFinding[] = []
  const target = d.config.readingGrade
  const draftSeverity = d.severity('readability', 'warning')
  if (!draftSeverity) return out
  const l = stats.draft
  if (l && l.words >= MIN_DRAFT_WORDS && (l.grade > target || l.smog > d.config.smogGrade)) {
    out.push(
      d.finding({
        ruleId: 'readability/draft-grade',
        category: 'readability',
        severity: draftSeverity,
        ...d.topRange(),
        message: `The draft reads at grade ${l.grade} by Flesch-Kincaid (target ${target} or below) and ${l.smog} by SMOG (target ${d.config.smogGrade} or below). Use shorter sentences and everyday words.${hardestText(l)}`,
      }),
    )
  }
  for (const p of stats.paragraphs) {
    if (p.words < MIN_PARAGRAPH_WORDS || p.grade <= target) continue
    out.push(
      d.finding({
        ruleId: 'readability/paragraph-grade',
        category: 'readability',
        severity: d.severity('readability', 'info')!,
        start: p.start,
        end: p.end,
        message: `This paragraph reads at grade ${p.grade} (Flesch-Kincaid; SMOG ${p.smog}), above the target of ${target}.${hardestText(p)}`,
      }),
    )
  }
  return out
}
