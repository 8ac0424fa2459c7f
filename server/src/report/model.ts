// The review report's data, per draft: claim findings (lint) with their
// suggested rewrites and sources, document findings (review) with their
// fixes, counts by category and severity, the reading level, a DISCERN-style
// checklist of what can be checked by machine, and a summary score. The HTML
// and Markdown renderers (html.ts, markdown.ts) only lay this out.
import { lint, type SeverityConfig } from '../engine/lint.js'
import { builtinRuleSet, type RuleSet } from '../engine/packs/load.js'
import { builtinEvidence, evidenceLink, type EvidenceLibrary } from '../engine/evidence.js'
import { applyEdits, fixesFor } from '../engine/rewrite/suggestions.js'
import { formatReference, type CitationStyle } from '../engine/rewrite/references.js'
import type { Dismissal } from '../engine/reviews.js'
import { docFixes, reviewDetails, type ReviewConfig, type ReviewSettings, type ReviewStats } from '../engine/review/index.js'
import { shortLabel } from '../engine/review/sources.js'
import { MIN_PARAGRAPH_WORDS } from '../engine/review/readability.js'
import { CATEGORIES, DOC_CATEGORIES, SEVERITIES, type Category, type DocCategory, type DocFinding, type Finding, type Format, type Severity } from '../engine/types.js'

export interface SourceRef {
  id: string
  /** "Feder 2021". */
  label: string
  /** The formatted reference (Vancouver). */
  reference: string
  /** DOI, PubMed or official link. */
  link?: string
}

export interface ClaimRow {
  finding: Finding
  /** The sentence the claim sits in, as written. */
  sentence: string
  /** The preferred fix's new sentence (citation markers left out; sources listed apart). */
  suggestion?: string
  fixKind?: string
  sources: SourceRef[]
}

export interface DocRow {
  finding: DocFinding
  /** What the fix does, when there is one. */
  fix?: string
  sources: SourceRef[]
}

export type CheckStatus = 'pass' | 'fail' | 'n/a'

export interface ChecklistItem {
  id: 'sources' | 'date' | 'risks' | 'options' | 'balance' | 'uncertainty'
  label: string
  /** The DISCERN question it stands for. */
  discern: string
  status: CheckStatus
  detail: string
}

export type AnyCategory = Category | DocCategory

export interface DraftReport {
  file: string
  format: Format
  treatment?: string
  /** 0-100: 100 less 10 per error, 4 per warning and 1 per note, never below 0. */
  score: number
  verdict: 'good' | 'needs work' | 'not ready'
  claims: ClaimRow[]
  document: DocRow[]
  /** Findings (claims and document checks) by category and severity; every category present. */
  counts: Record<AnyCategory, Record<Severity, number>>
  totals: Record<Severity, number>
  reading: {
    target: number
    smogTarget: number
    grade?: number
    smog?: number
    words: number
    paragraphs: Array<{ line: number; grade: number; smog: number; words: number; above: boolean }>
    hardest: Array<{ line: number; text: string; grade: number }>
  }
  checklist: ChecklistItem[]
}

export interface DraftReportOptions {
  format: Format
  ruleSet?: RuleSet
  evidence?: EvidenceLibrary
  severity?: SeverityConfig
  reviews?: { dismissals: readonly Dismissal[]; file?: string }
  citationStyle?: CitationStyle
  review?: ReviewConfig | ReviewSettings
  now?: Date
  /**
   * The claim findings for exactly this text, linted with these options (the
   * language server's lint of the open draft): not linted again.
   */
  findings?: readonly Finding[]
}

export const ALL_CATEGORIES: readonly AnyCategory[] = [...CATEGORIES, ...DOC_CATEGORIES]

export const SCORE_WEIGHTS: Record<Severity, number> = { error: 10, warning: 4, info: 1 }

export function scoreOf(totals: Record<Severity, number>): number {
  return Math.max(0, 100 - SEVERITIES.reduce((n, s) => n + SCORE_WEIGHTS[s] * totals[s], 0))
}

export function verdictOf(score: number): DraftReport['verdict'] {
  return score >= 80 ? 'good' : score >= 50 ? 'needs work' : 'not ready'
}

const stripMarkers = (s: string): string =>
  s
    .replace(/\[\^[^\]\s]+\]/g, '')
    .replace(/\s*\[@[^\]]*\]/g, '')
    .replace(/\s*\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]/g, '')
    .replace(/\s+/g, ' ')
    .trim()

export function buildDraftReport(file: string, text: string, options: DraftReportOptions): DraftReport {
  const ruleSet = options.ruleSet ?? builtinRuleSet()
  const evidence = options.evidence ?? builtinEvidence()
  const format = options.format
  const claims = options.findings ?? lint(text, { format, ruleSet, evidence, severity: options.severity, reviews: options.reviews })
  const review = reviewDetails(text, { format, ruleSet, evidence, findings: claims, config: options.review, now: options.now, reviews: options.reviews })
  const d = review.draft
  const ref = (id: string): SourceRef | undefined => {
    const e = evidence.entries.get(id)
    return e ? { id, label: shortLabel(e), reference: formatReference(e), link: evidenceLink(e) } : undefined
  }
  const refs = (ids: readonly string[]): SourceRef[] => ids.map(ref).filter((r): r is SourceRef => r !== undefined)

  const claimRows: ClaimRow[] = claims.map((f) => {
    const fix = fixesFor(text, f, { format, ruleSet, evidence, citationStyle: options.citationStyle, analysis: d.analysis }).find((x) => x.preferred)
    const after = fix ? applyEdits(text, fix.edits) : undefined
    return {
      finding: f,
      sentence: text.slice(f.sentence.start, f.sentence.end).replace(/\s+/g, ' ').trim(),
      suggestion: fix && after ? stripMarkers(after.slice(fix.region.start, fix.region.end)) : undefined,
      fixKind: fix?.kind,
      sources: fix ? refs(fix.sources) : [],
    }
  })
  const docRows: DocRow[] = review.findings.map((f) => {
    const fix = docFixes(text, f, { format, ruleSet, evidence, citationStyle: options.citationStyle, draft: d })[0]
    return { finding: f, fix: fix?.title, sources: fix ? refs(fix.sources) : [] }
  })

  const counts = Object.fromEntries(ALL_CATEGORIES.map((c) => [c, { error: 0, warning: 0, info: 0 }])) as DraftReport['counts']
  const totals: Record<Severity, number> = { error: 0, warning: 0, info: 0 }
  for (const f of [...claims, ...review.findings]) {
    counts[f.category][f.severity]++
    totals[f.severity]++
  }
  const score = scoreOf(totals)
  const r = review.stats.readability
  const target = d.config.readingGrade
  const line = (offset: number): number => d.lines.line(offset)
  return {
    file,
    format,
    treatment: d.analysis.topic.treatment ? d.treatmentName() : undefined,
    score,
    verdict: verdictOf(score),
    claims: claimRows,
    document: docRows,
    counts,
    totals,
    reading: {
      target,
      smogTarget: d.config.smogGrade,
      grade: r.draft?.grade,
      smog: r.draft?.smog,
      words: r.draft?.words ?? 0,
      paragraphs: r.paragraphs.map((p) => ({ line: line(p.start), grade: p.grade, smog: p.smog, words: p.words, above: p.words >= MIN_PARAGRAPH_WORDS && p.grade > target })),
      hardest: (r.draft?.hardest ?? []).slice(0, 3).map((h) => ({ line: line(h.start), text: h.text, grade: h.grade })),
    },
    checklist: checklist(review.stats, claims, review.findings, d.analysis.topic.counts),
  }
}

/** What DISCERN asks that a machine can check. */
function checklist(s: ReviewStats, claims: readonly Finding[], doc: readonly DocFinding[], treatments: ReadonlyMap<string, number>): ChecklistItem[] {
  const has = (prefix: string): boolean => doc.some((f) => f.ruleId.startsWith(prefix))
  const n = (k: number, w: string): string => `${k} ${w}${k === 1 ? '' : 's'}`
  const src = s.sources
  const sources: ChecklistItem = {
    id: 'sources',
    label: 'Sources named',
    discern: 'DISCERN 4',
    status: src.hasSources && src.unresolved.length === 0 ? 'pass' : 'fail',
    detail: !src.hasSources
      ? 'No references, citations or links to studies.'
      : src.unresolved.length
        ? `${n(src.unresolved.length, 'citation')} point to no reference.`
        : `${n(src.references.length, 'reference')}, ${n(src.markers.length, 'citation')} in the text.`,
  }
  const date: ChecklistItem = {
    id: 'date',
    label: 'Date stated',
    discern: 'DISCERN 5',
    status: s.currency.date ? 'pass' : 'fail',
    detail: s.currency.date ? `"${s.currency.date}"` : 'No "Last reviewed" or "Updated" date.',
  }
  const b = s.balance
  const risks: ChecklistItem = {
    id: 'risks',
    label: 'Risks described',
    discern: 'DISCERN 11',
    status: b.riskSentences > 0 && !has('balance/') ? 'pass' : b.benefitSentences === 0 && b.riskSentences === 0 ? 'n/a' : 'fail',
    detail: `${n(b.riskSentences, 'sentence')} on risks, ${n(b.benefitSentences, 'sentence')} claiming benefits.`,
  }
  const known = s.options.conditions
  const others = [...treatments.keys()].length > 1
  const options: ChecklistItem =
    known.length > 0
      ? {
          id: 'options',
          label: 'Other options mentioned',
          discern: 'DISCERN 14',
          status: known.every((c) => c.mentioned) ? 'pass' : 'fail',
          detail: known.map((c) => (c.mentioned ? `Mentions a first-line treatment for ${c.words}.` : `No first-line treatment for ${c.words} (${c.examples.slice(0, 3).join(', ')}...).`)).join(' '),
        }
      : {
          id: 'options',
          label: 'Other options mentioned',
          discern: 'DISCERN 14',
          status: others ? 'pass' : treatments.size === 0 ? 'n/a' : 'fail',
          detail: others ? `Names ${n(treatments.size, 'treatment')}.` : treatments.size === 0 ? 'Names no treatment.' : 'Names only one treatment.',
        }
  const slanted = claims.filter((f) => f.category === 'hype' || f.category === 'absolute' || f.category === 'comparative').length
  const unbalanced = doc.filter((f) => f.category === 'balance' || f.category === 'off-label').length
  const balance: ChecklistItem = {
    id: 'balance',
    label: 'Balanced',
    discern: 'DISCERN 6',
    status: slanted === 0 && unbalanced === 0 ? 'pass' : 'fail',
    detail: slanted === 0 && unbalanced === 0 ? 'No hype, absolute or comparative claims; risks and off-label status covered.' : `${n(slanted, 'hype, absolute or comparative claim')}; ${n(unbalanced, 'balance or off-label finding')}.`,
  }
  const uncertainty: ChecklistItem = {
    id: 'uncertainty',
    label: 'Uncertainty stated',
    discern: 'DISCERN 8',
    status: s.uncertainty ? 'pass' : 'fail',
    detail: s.uncertainty ? 'Says where evidence is limited or still being studied.' : 'Never says what is not known or where evidence is limited.',
  }
  return [sources, date, risks, options, balance, uncertainty]
}

export interface OverviewRow {
  file: string
  anchor: string
  score: number
  errors: number
  warnings: number
  notes: number
  claims: number
  document: number
  grade?: number
  smog?: number
  checklist: number
}

export function overview(reports: readonly DraftReport[]): OverviewRow[] {
  return reports.map((r, i) => ({
    file: r.file,
    anchor: `draft-${i + 1}`,
    score: r.score,
    errors: r.totals.error,
    warnings: r.totals.warning,
    notes: r.totals.info,
    claims: r.claims.length,
    document: r.document.length,
    grade: r.reading.grade,
    smog: r.reading.smog,
    checklist: r.checklist.filter((c) => c.status === 'pass').length,
  }))
}
