// Lint one draft as the editor sees it: its settings (per draft), the
// config and packs that apply to its folder, reviewers' dismissals, and the
// engine format that fits its language. Problems found on the way are
// reported (once) and linting goes on with what is valid.
import type { EvidenceLibrary } from '../engine/evidence.js'
import type { CitationStyle } from '../engine/rewrite/references.js'
import { extname } from 'node:path'
import { lint, type LintOptions } from '../engine/lint.js'
import { IncrementalLinter } from '../engine/incremental.js'
import type { RuleSet } from '../engine/packs/load.js'
import type { Finding, Format } from '../engine/types.js'
import type { Logger } from './log.js'
import type { ProblemReporter } from './problems.js'
import type { SettingsStore } from './settings.js'
import { uriToPath, type Effective, type WorkspaceFiles } from './workspaceFiles.js'

export interface DraftInput {
  uri: string
  /** Editor language id; undefined for files read from disk. */
  languageId?: string
  version?: number
  text: string
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
    const reviews = this.files.reviewsFor(path)
    this.problems.report(reviews.problems)
    const started = performance.now()
    const options: LintOptions = { format, ruleSet: eff.ruleSet, severity: eff.severity, reviews: { dismissals: reviews.dismissals, file: reviews.file }, evidence: eff.evidence }
    // A draft open in the editor (it has a version) is linted incrementally; a file from disk at once.
    const findings = input.version === undefined ? lint(input.text, options) : this.linterFor(input.uri, options).update(input.text)
    this.log.verbose(`claimlint: linted ${input.uri}${input.version === undefined ? '' : ` v${input.version}`}: ${findings.length} findings in ${(performance.now() - started).toFixed(1)} ms`)
    return { ...base, findings, enabled }
  }

  /** The draft was closed: drop what was kept for it. */
  forget(uri: string): void {
    this.open.delete(uri)
  }

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
