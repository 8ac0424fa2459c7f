// Linting one draft file for the CLI (no --fix): what the main thread and the
// worker threads of a parallel run both do, so their results are the same.
import { lint, formatFor } from '../engine/lint.js'
import type { EvidenceLibrary } from '../engine/evidence.js'
import { fixesFor } from '../engine/rewrite/suggestions.js'
import type { RuleSet } from '../engine/packs/load.js'
import type { Dismissal } from '../engine/reviews.js'
import { DEFAULT_MAX_FILE_SIZE, evidenceFor, loadConfig, ruleSetFor, severityConfig, type ClaimlintConfig, type ConfigProblem } from '../engine/config.js'
import type { Finding } from '../engine/types.js'
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
}

export type FileOutcome = { kind: 'ok'; findings: Finding[] } | { kind: 'skipped'; message: string } | { kind: 'unreadable'; message: string }

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
  const options = { filename: job.name, ruleSet, severity: severityConfig(config), reviews: { dismissals: job.dismissals, file: job.file }, evidence }
  let findings = lint(text, options)
  if (job.json) {
    const fixOptions = { format: formatFor(job.name), ruleSet, evidence, citationStyle: config?.citationStyle }
    findings = findings.map((f) => ({ ...f, fixes: fixesFor(text, f, fixOptions) }))
  }
  return { kind: 'ok', findings }
}
