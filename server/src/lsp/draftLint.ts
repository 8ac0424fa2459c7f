// Lint one draft as the editor sees it: its settings (per draft), the
// config and packs that apply to its folder, reviewers' dismissals, and the
// engine format that fits its language. Problems found on the way are
// reported (once) and linting goes on with what is valid.
import type { EvidenceLibrary } from '../engine/evidence.js'
import type { CitationStyle } from '../engine/rewrite/references.js'
import { extname } from 'node:path'
import type { LintOptions, RuleError } from '../engine/lint.js'
import type { ConfigProblem } from '../engine/config.js'
import { IncrementalLinter } from '../engine/incremental.js'
import type { RuleSet } from '../engine/packs/load.js'
import type { Finding, Format } from '../engine/types.js'
import type { Logger } from './log.js'
import type { ProblemReporter } from './problems.js'
import type { SettingsStore } from './settings.js'
import { uriToPath, type Effective, type WorkspaceFiles } from './workspaceFiles.js'
import { DraftReviews, reviewSettingsFor, type DraftReview } from './reviewFindings.js'

export interface DraftInput {
  uri: string
  /** Editor language id; undefined for files read from disk. */
  languageId?: string
  version?: number
  text: string
  /** Whether the caller no longer wants this lint (a newer edit came in). */
  cancelled?: () => boolean
}

/** A lint given up for a newer one (see IncrementalLinter.updateAsync). */
export class LintCancelled extends Error {
  constructor(uri: string, version: number | undefined) {
    super(`claimlint: the lint of ${uri} v${version} was given up for a newer one`)
    this.name = 'LintCancelled'
  }
}

export interface DraftLint {
  uri: string
  version?: number
  findings: Finding[]
  ruleSet: RuleSet
  format: Format
  /** False when claimlint is disabled or the language is not linted (findings are then empty). */
  enabled: boolean
  maxFileSize: number
  evidence: EvidenceLibrary
  citationStyle?: CitationStyle
  /** Why the draft was not linted (too large, binary); findings are then empty. */
  skipped?: string
  /** The whole-draft review of an open draft (reviewFindings.ts); undefined for files read from disk and when disabled. */
  review?: DraftReview
}

/**
 * Why an open draft is not linted, like the CLI's skips (cli/inputs.ts): over
 * maxFileSize in UTF-8 bytes, or NUL characters (a binary file opened as text).
 */
export function skipReason(text: string, maxFileSize: number): string | undefined {
  // UTF-16 units are at most 3 UTF-8 bytes each: only count when it could matter.
  if (text.length * 3 > maxFileSize) {
    const bytes = Buffer.byteLength(text, 'utf8')
    if (bytes > maxFileSize) return `${bytes} bytes is over maxFileSize (${maxFileSize}); raise maxFileSize in .claimlintrc.yaml to check it`
  }
  if (text.includes('\u0000')) return 'it looks like a binary file (it contains NUL characters)'
  return undefined
}

/** 'plaintext' language or a .txt file is plain text; everything else Markdown. */
export function formatOf(languageId: string | undefined, path: string | undefined): Format {
  if (languageId === 'plaintext') return 'plaintext'
  const ext = path ? extname(path).toLowerCase() : ''
  return ext === '.txt' || ext === '.text' ? 'plaintext' : 'markdown'
}

/** An open draft's incremental linter and the options it was made with. */
interface OpenDraft {
  linter: IncrementalLinter
  options: LintOptions
  severityKey: string
  evidenceKey: string
}

const evidenceKey = (e: EvidenceLibrary): string => JSON.stringify([...e.entries.values()])
/** The same list, or both empty (a draft with no reviews file gets a new empty list each time). */
const sameList = (a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean => a === b || ((a?.length ?? 0) === 0 && (b?.length ?? 0) === 0)

export class DraftLinter {
  /** Per open draft (by URI): an edit re-lints only the chunk it touched. */
  private readonly open = new Map<string, OpenDraft>()
  /** Whole-draft reviews of open drafts, after their lint (reviewFindings.ts). */
  readonly reviews = new DraftReviews({ info: (m) => this.log.info(m), verbose: (m) => this.log.verbose(m), error: (m) => this.log.error(m) })

  constructor(
    private readonly settings: SettingsStore,
    private readonly files: WorkspaceFiles,
    private readonly problems: ProblemReporter,
    private readonly log: Logger,
  ) {}

  /** The merged configuration for a draft (settings fetched from the client if it supports that). */
  async effective(uri: string): Promise<Effective> {
    const { settings, problems } = await this.settings.get(uri)
    this.log.setVerbose(settings.trace === 'verbose')
    const path = uriToPath(uri)
    const eff = this.files.effective(this.files.dirFor(path), settings)
    this.problems.report([...problems, ...eff.problems])
    return eff
  }

  async lint(input: DraftInput): Promise<DraftLint> {
    const path = uriToPath(input.uri)
    const eff = await this.effective(input.uri)
    const format = formatOf(input.languageId, path)
    const base = { uri: input.uri, version: input.version, ruleSet: eff.ruleSet, format, maxFileSize: eff.maxFileSize, evidence: eff.evidence, citationStyle: eff.citationStyle }
    const enabled = eff.enabled && (input.languageId === undefined || eff.languages.includes(input.languageId))
    if (!enabled) return { ...base, findings: [], enabled }
    const skipped = skipReason(input.text, eff.maxFileSize)
    if (skipped) {
      // Said once per draft (until it is linted again), not on every keystroke.
      this.problems.notice(`skip:${input.uri}`, `claimlint: ${path ?? input.uri} is not checked: ${skipped}.`)
      return { ...base, findings: [], enabled, skipped }
    }
    this.problems.forgetNotice(`skip:${input.uri}`)
    const reviews = this.files.reviewsFor(path)
    this.problems.report(reviews.problems)
    const started = performance.now()
    const options: LintOptions = { format, ruleSet: eff.ruleSet, severity: eff.severity, reviews: { dismissals: reviews.dismissals, file: reviews.file }, evidence: eff.evidence, onRuleError: this.ruleFailed }
    // A draft open in the editor (it has a version) is linted incrementally; a file from disk at once.
    // Open drafts are linted in slices (a 10 MB draft must not stop the server answering); a newer edit stops a stale run.
    const linter = input.version === undefined ? new IncrementalLinter(options) : this.linterFor(input.uri, options)
    const findings = await linter.updateAsync(input.text, input.cancelled)
    if (findings === undefined) throw new LintCancelled(input.uri, input.version)
    this.log.verbose(`claimlint: linted ${input.uri}${input.version === undefined ? '' : ` v${input.version}`}: ${findings.length} findings in ${(performance.now() - started).toFixed(1)} ms`)
    // --- Whole-draft review (reviewFindings.ts): now for a small draft, else once the editing pauses.
    const review =
      input.version === undefined
        ? undefined
        : this.reviews.forLint({ ...base, version: input.version, text: input.text, findings, config: () => reviewSettingsFor(this.files, path), reviews: options.reviews })
    return { ...base, findings, enabled, review }
  }

  /** The draft was closed: drop what was kept for it. */
  forget(uri: string): void {
    this.open.delete(uri)
    this.reviews.forget(uri)
  }

  // --- Rule faults (issue 7): a rule that throws is reported once, as a problem of its pack file.
  /** The problem reported for each failing rule, by pack file and rule id; its text stays the same so ProblemReporter shows it once. */
  private readonly ruleFaults = new Map<string, ConfigProblem>()

  /** Stable (passed to every linter): the engine calls it once per failing rule per lint. */
  private readonly ruleFailed = (e: RuleError): void => {
    const key = `${e.file}\0${e.ruleId}`
    let problem = this.ruleFaults.get(key)
    if (!problem) {
      problem = { file: e.file, line: 0, column: 0, message: `rule ${e.ruleId} failed and was skipped (${e.message}); the other rules still ran` }
      this.ruleFaults.set(key, problem)
      // The stack only with verbose tracing: the problem itself is the one log line and message.
      this.log.verbose(`claimlint: rule ${e.ruleId} (pack ${e.pack}) failed, first at line ${e.line}, column ${e.column}: ${e.stack ?? e.message}`)
    }
    this.problems.report([problem])
  }
  // --- end rule faults

  /** The open draft's linter, made afresh when anything it lints with has changed. */
  private linterFor(uri: string, options: LintOptions): IncrementalLinter {
    const prev = this.open.get(uri)
    const severityKey = JSON.stringify(options.severity ?? {})
    if (prev) {
      const a = prev.options
      const same =
        a.format === options.format &&
        a.ruleSet === options.ruleSet &&
        prev.severityKey === severityKey &&
        sameList(a.reviews?.dismissals, options.reviews?.dismissals) &&
        a.reviews?.file === options.reviews?.file &&
        (a.evidence === options.evidence || prev.evidenceKey === evidenceKey(options.evidence!))
      if (same) {
        // Keep the newest objects: the next comparison is then by identity again.
        prev.options = options
        return prev.linter
      }
    }
    const linter = new IncrementalLinter(options)
    this.open.set(uri, { linter, options, severityKey, evidenceKey: evidenceKey(options.evidence!) })
    return linter
  }
}
