// Lint one draft as the editor sees it: its settings (per draft), the
// config and packs that apply to its folder, reviewers' dismissals, and the
// engine format that fits its language. Problems found on the way are
// reported (once) and linting goes on with what is valid.
import type { EvidenceLibrary } from '../engine/evidence.js'
import type { CitationStyle } from '../engine/rewrite/references.js'
import { extname } from 'node:path'
import { lint } from '../engine/lint.js'
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

export class DraftLinter {
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
    const findings = lint(input.text, { format, ruleSet: eff.ruleSet, severity: eff.severity, reviews: { dismissals: reviews.dismissals, file: reviews.file }, evidence: eff.evidence })
    this.log.verbose(`claimlint: linted ${input.uri}${input.version === undefined ? '' : ` v${input.version}`}: ${findings.length} findings in ${(performance.now() - started).toFixed(1)} ms`)
    return { ...base, findings, enabled }
  }
}
