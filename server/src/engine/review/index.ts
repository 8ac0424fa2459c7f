// Whole-draft review: what a draft lacks, as findings with their own
// categories (DOC_CATEGORIES in types.ts), one concern per module:
//   balance.ts      benefits without risks, or far less room for them
//   off-label.ts    a use a topic pack knows is not approved, never called off-label
//   options.ts      no mention of what guidelines advise first (rules/packs/first-line.yaml)
//   sources.ts      no sources; citations that resolve to nothing; references never cited; outdated sources
//   currency.ts     no date, no author or reviewer
//   readability.ts  Flesch-Kincaid and SMOG per paragraph and for the draft
//   fixes.ts        docFixes(): edits that add what is missing
// Pure like lint(): the same text and options give the same findings.
import type { DocCategory, DocFinding, Severity } from '../types.js'
import { ReviewDraft, type ReviewOptions } from './draft.js'
import { applySuppressions } from '../suppression.js'
import { isDismissed } from '../reviews.js'
import { balanceStats, checkBalance, type BalanceStats } from './balance.js'
import { checkOffLabel, offLabelStats, type OffLabelStats } from './off-label.js'
import { checkOptions, optionsStats, type OptionsStats } from './options.js'
import { checkSources, sourcesStats, type SourcesStats } from './sources.js'
import { checkCurrency, currencyStats, type CurrencyStats } from './currency.js'
import { checkReadability, readabilityStats, type ReadabilityStats } from './readability.js'

export { ReviewDraft, reviewDocsUrl, type ReviewOptions } from './draft.js'
export { docFixes, type DocFix, type DocFixKind, type DocFixOptions } from './fixes.js'
export { reviewConfig, REVIEW_DEFAULTS, type ReviewConfig, type ReviewSettings, type CheckSetting } from './settings.js'

/** Every document check: id, category, default severity and what it asks for (docs/rules/review.md). */
export const DOC_RULES: ReadonlyArray<{ id: string; category: DocCategory; severity: Severity; summary: string; fix: boolean }> = [
  { id: 'balance/benefits-without-risks', category: 'balance', severity: 'warning', summary: 'Claims benefits but never describes risks, side effects or who should not have the treatment', fix: true },
  { id: 'balance/risks-underweighted', category: 'balance', severity: 'warning', summary: 'Gives risks far less room than benefits', fix: true },
  { id: 'off-label/not-disclosed', category: 'off-label', severity: 'warning', summary: 'Promotes a use a topic pack knows is not approved, and never says it is off-label', fix: true },
  { id: 'options/no-first-line', category: 'options', severity: 'warning', summary: 'Never mentions the treatments guidelines advise first for the condition', fix: true },
  { id: 'sources/none', category: 'sources', severity: 'warning', summary: 'Names no sources at all', fix: false },
  { id: 'sources/unresolved-citation', category: 'sources', severity: 'warning', summary: 'A citation points to no reference', fix: true },
  { id: 'sources/uncited-reference', category: 'sources', severity: 'info', summary: 'A reference is listed but never cited', fix: false },
  { id: 'sources/outdated', category: 'sources', severity: 'info', summary: 'Cites a source older than maxSourceAgeYears when the library has newer work on the same question', fix: false },
  { id: 'currency/no-date', category: 'currency', severity: 'warning', summary: 'No "Last reviewed" or "Updated" date', fix: true },
  { id: 'currency/no-author', category: 'currency', severity: 'info', summary: 'No author or medical reviewer named', fix: false },
  { id: 'readability/draft-grade', category: 'readability', severity: 'warning', summary: 'The draft reads above the target grade (Flesch-Kincaid or SMOG)', fix: false },
  { id: 'readability/paragraph-grade', category: 'readability', severity: 'info', summary: 'A paragraph reads above the target grade (Flesch-Kincaid)', fix: false },
]

export interface ReviewStats {
  balance: BalanceStats
  offLabel: OffLabelStats
  options: OptionsStats
  sources: SourcesStats
  currency: CurrencyStats
  readability: ReadabilityStats
  /** Whether the draft says where the evidence is uncertain or limited. */
  uncertainty: boolean
}

export interface Review {
  findings: DocFinding[]
  stats: ReviewStats
  draft: ReviewDraft
}

/** The review with what each check measured (for reports). */
export function reviewDetails(text: string, options: ReviewOptions): Review {
  const d = new ReviewDraft(text, options.format, options)
  const stats: ReviewStats = {
    balance: balanceStats(d),
    offLabel: offLabelStats(d),
    options: optionsStats(d),
    sources: sourcesStats(d),
    currency: currencyStats(d),
    readability: readabilityStats(d),
    uncertainty: d.views.some((v) => v.has('uncertainty') || v.has('hedge-sentence')),
  }
  const findings = [
    ...checkBalance(d, stats.balance),
    ...checkOffLabel(d, stats.offLabel),
    ...checkOptions(d, stats.options),
    ...checkSources(d, stats.sources),
    ...checkCurrency(d, stats.currency),
    ...checkReadability(d, stats.readability),
  ].sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId))
  return { findings: decided(d, findings, options.reviews), stats, draft: d }
}

/**
 * The findings left once the draft's suppression comments and reviewers'
 * dismissals have had their say, by the same rules as claims: a comment
 * names rule ids or categories ("claimlint-disable sources -- ..."); a
 * dismissal names the rule and a hash of the text the finding points at
 * (its paragraph, or the title for a finding about the whole draft). What
 * each check measured (the stats) is left as it is.
 */
function decided(d: ReviewDraft, findings: DocFinding[], reviews: ReviewOptions['reviews']): DocFinding[] {
  let out = applySuppressions(findings, d.analysis.directives, d.text, (offset) => d.lines.position(offset).line)
  const dismissals = reviews?.dismissals ?? []
  if (dismissals.length > 0) out = out.filter((f) => !isDismissed(f, d.text, dismissals, reviews?.file))
  return out
}

/** Document findings for a draft: reviewDraft(text, { format, ruleSet, evidence, findings, config }). */
export function reviewDraft(text: string, options: ReviewOptions): DocFinding[] {
  return reviewDetails(text, options).findings
}
