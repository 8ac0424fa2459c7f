// Linting one draft file for the CLI (no --fix): what the main thread and the
// worker threads of a parallel run both do, so their results are the same.
import { lintAndAnalyze, formatFor, type DraftAnalysis, type RuleError } from '../engine/lint.js'
import type { EvidenceLibrary } from '../engine/evidence.js'
import { fixesFor } from '../engine/rewrite/suggestions.js'
import type { RuleSet } from '../engine/packs/load.js'
import type { Dismissal } from '../engine/reviews.js'
import { DEFAULT_MAX_FILE_SIZE, evidenceFor, loadConfig, reviewConfigFor, ruleSetFor, severityConfig, type ClaimlintConfig, type ConfigProblem } from '../engine/config.js'
import { DOC_RULES, docFixes, reviewDetails } from '../engine/review/index.js'
import type { DocFinding, Finding, Format } from '../engine/types.js'
import type { AnyFinding } from './formatters/types.js'
import { readDraft } from './inputs.js'

/** A draft to lint, as plain data (it crosses to a worker thread). */
export interface FileJob {
  name: string
  abs: string
  /** The config file that applies (undefined: none), for a worker to load. */
  config: string | undefined
  dismissals: Dismissal[]
  /** The draft's path relative to the reviews root. */
  file: string | undefined
  /** JSON output: every finding lists its fixes. */
  json: boolean
  /** Add the whole-draft review's findings (false with --no-review). */
  review: boolean
}

/** `ruleErrors`: rules that threw on the draft (their findings are missing; the CLI warns once per rule). */
export type FileOutcome = { kind: 'ok'; findings: AnyFinding[]; ruleErrors?: RuleError[] } | { kind: 'skipped'; message: string } | { kind: 'unreadable'; message: string }

export interface ResolvedConfig {
  config?: ClaimlintConfig
  ruleSet?: RuleSet
  evidence?: EvidenceLibrary
}

/** A draft's config file (undefined: none) loaded, with its rule set and evidence, and what is wrong with it. */
export function resolveConfigFile(file: string | undefined): ResolvedConfig & { problems: ConfigProblem[] } {
  if (file === undefined) return { ...ruleSetFor(undefined), evidence: evidenceFor(undefined).evidence }
  const loaded = loadConfig(file)
  if (!loaded.config) return { problems: loaded.problems }
  const rules = ruleSetFor(loaded.config)
  const sources = evidenceFor(loaded.config)
  return { config: loaded.config, ruleSet: rules.ruleSet, evidence: sources.evidence, problems: [...rules.problems, ...sources.problems] }
}

export function lintFile(job: FileJob, resolved: ResolvedConfig): FileOutcome {
  const config = resolved.config
  const ruleSet = resolved.ruleSet!
  let draft
  try {
    draft = readDraft(job.abs, config?.maxFileSize ?? DEFAULT_MAX_FILE_SIZE)
  } catch (err) {
    return { kind: 'unreadable', message: (err as Error).message }
  }
  if ('skipped' in draft) return { kind: 'skipped', message: draft.skipped }
  const text = draft.text
  const evidence = resolved.evidence
  let ruleErrors: RuleError[] | undefined
  const onRuleError = (e: RuleError): void => void (ruleErrors ??= []).push(e)
  const options = { filename: job.name, ruleSet, severity: severityConfig(config), reviews: { dismissals: job.dismissals, file: job.file }, evidence, onRuleError }
  // One parse for the claims, their fixes and the review.
  const linted = lintAndAnalyze(text, options)
  const analysis = linted.analysis
  let findings = linted.findings
  if (job.json) {
    const fixOptions = { format: formatFor(job.name), ruleSet, evidence, citationStyle: config?.citationStyle, analysis }
    findings = findings.map((f) => ({ ...f, fixes: fixesFor(text, f, fixOptions) }))
  }
  const all = job.review ? withReview(findings, reviewFindings(text, { format: formatFor(job.name), ruleSet, evidence, config, findings, json: job.json, analysis, reviews: options.reviews })) : findings
  return ruleErrors ? { kind: 'ok', findings: all, ruleErrors } : { kind: 'ok', findings: all }
}

/**
 * The whole-draft review of a draft (its config's `review:` settings), from
 * its claim findings; for JSON each finding lists its `fixes` (docFixes) as
 * claim findings do. Shared by the single-thread and worker paths.
 */
export function reviewFindings(
  text: string,
  o: {
    format: Format
    ruleSet: RuleSet
    evidence?: EvidenceLibrary
    config?: ClaimlintConfig
    findings: readonly Finding[]
    json: boolean
    analysis?: DraftAnalysis
    /** Reviewers' dismissals: they apply to review findings as to claims. */
    reviews?: { dismissals: readonly Dismissal[]; file?: string }
  },
): DocFinding[] {
  const review = reviewDetails(text, { format: o.format, ruleSet: o.ruleSet, evidence: o.evidence, findings: o.findings, config: reviewConfigFor(o.config), analysis: o.analysis, reviews: o.reviews })
  if (!o.json) return review.findings
  const fixOptions = { format: o.format, ruleSet: o.ruleSet, evidence: o.evidence, citationStyle: o.config?.citationStyle, draft: review.draft }
  // Only checks that can have a fix are asked (the others always give none).
  const fixable = new Set(DOC_RULES.filter((r) => r.fix).map((r) => r.id))
  return review.findings.map((f) => ({ ...f, fixes: fixable.has(f.ruleId) ? docFixes(text, f, fixOptions) : [] }))
}

/** Claims and document findings in one list, in draft order (claims first at the same offset). */
export function withReview(claims: readonly AnyFinding[], doc: readonly DocFinding[]): AnyFinding[] {
  if (doc.length === 0) return [...claims]
  const out: AnyFinding[] = []
  let i = 0
  for (const d of doc) {
    while (i < claims.length && claims[i].start <= d.start) out.push(claims[i++])
    out.push(d)
  }
  while (i < claims.length) out.push(claims[i++])
  return out
}
