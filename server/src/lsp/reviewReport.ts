// claimlint/reviewReport: the review report `claimlint report` writes, for an
// open draft as the editor holds it (params { uri }) or for every draft in the
// workspace (params { workspace: true }), as one self-contained HTML page. An
// open draft's claims are the server's current lint of that version (the one
// diagnostics, hover and code actions share); the whole-draft review, score,
// chart and checklist are built from them by the report modules, with the
// draft's .claimlintrc.yaml `review:` settings, as the CLI does.
import { relative, sep } from 'node:path'
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node.js'
import type { TextDocument } from 'vscode-languageserver-textdocument'
import { loadConfig, reviewConfigFor } from '../engine/config.js'
import type { ReviewConfig } from '../engine/review/index.js'
import { renderHtml } from '../report/html.js'
import { buildDraftReport, type DraftReport } from '../report/model.js'
import { serverVersion } from './capabilities.js'
import { lintWorkspaceDraft, listDrafts } from './checkWorkspace.js'
import type { ServerContext } from './context.js'
import type { DraftLint } from './draftLint.js'
import { uriToPath } from './workspaceFiles.js'

export const REVIEW_REPORT_REQUEST = 'claimlint/reviewReport'

interface ReportOptions {
  /**
   * CSP nonce for a page shown in a webview: only scripts carrying it run.
   * Without one the page is exactly the CLI's file.
   */
  nonce?: string
}

export type ReviewReportParams = ({ uri: string } | { workspace: true }) & ReportOptions

export interface ReviewReportResult {
  html: string
  /** The draft version the report was built from; null for a workspace report. */
  version: number | null
  /** Drafts in the report. */
  drafts: number
  /** Claims and document findings across them. */
  findings: number
}

// Base64 or base64url, as crypto and VS Code's examples make them; it goes into a CSP header as is.
const NONCE = /^[A-Za-z0-9+/_-]{16,128}={0,2}$/

const invalid = (message: string): ResponseError<void> => new ResponseError(ErrorCodes.InvalidParams, `claimlint: ${message}`)

export async function reviewReport(ctx: ServerContext, params: ReviewReportParams | undefined, token?: CancellationToken): Promise<ReviewReportResult> {
  if (!params || typeof params !== 'object') throw invalid('reviewReport needs { uri } or { workspace: true }')
  if (params.nonce !== undefined && (typeof params.nonce !== 'string' || !NONCE.test(params.nonce))) throw invalid('the nonce must be 16-128 base64 characters')
  const now = new Date()
  if ('uri' in params && typeof params.uri === 'string') {
    const doc = ctx.documents.get(params.uri)
    // Only open drafts: the report follows the editor's text, not the file on disk.
    if (!doc) throw invalid(`${params.uri} is not open in the editor; open the draft to see its report`)
    const linted = await ctx.lints.current(doc)
    if (!linted.enabled) throw new ResponseError(ErrorCodes.InvalidRequest, `claimlint: checking is turned off for ${displayName(ctx, doc.uri)} (claimlint.enable or claimlint.languages)`)
    const report = draftReport(ctx, linted, linted.snapshot.getText(), now)
    return result([report], linted.version, now, params.nonce)
  }
  if ('workspace' in params && params.workspace === true) {
    const reports = await workspaceReports(ctx, now, token)
    return result(reports, null, now, params.nonce)
  }
  throw invalid('reviewReport needs { uri } or { workspace: true }')
}

function result(reports: DraftReport[], version: number | null, date: Date, nonce: string | undefined): ReviewReportResult {
  return {
    html: renderHtml(reports, { version: serverVersion(), date, nonce }),
    version,
    drafts: reports.length,
    findings: reports.reduce((n, r) => n + r.claims.length + r.document.length, 0),
  }
}

/** One draft's report from its lint: claims are not linted again. */
function draftReport(ctx: ServerContext, linted: DraftLint, text: string, now: Date): DraftReport {
  return buildDraftReport(displayName(ctx, linted.uri), text, {
    format: linted.format,
    ruleSet: linted.ruleSet,
    evidence: linted.evidence,
    citationStyle: linted.citationStyle,
    review: reviewSettings(ctx, uriToPath(linted.uri)),
    findings: linted.findings,
    now,
  })
}

/**
 * The `review:` thresholds of the config that applies to the draft. Read on
 * each report (a report is made on demand, not per keystroke); a broken
 * config gives the defaults, and its problems are already shown by the lint.
 */
function reviewSettings(ctx: ServerContext, path: string | undefined): ReviewConfig {
  const file = ctx.files.configFileFor(ctx.files.dirFor(path))
  return reviewConfigFor(file ? loadConfig(file).config : undefined)
}

/** The draft as a reviewer knows it: its path in the workspace folder, else the whole path or URI. */
function displayName(ctx: ServerContext, uri: string): string {
  const path = uriToPath(uri)
  if (!path) return uri
  const folder = ctx.files.folderFor(path)
  return folder ? relative(folder, path).split(sep).join('/') : path
}

const yieldToEvents = (): Promise<void> => new Promise((r) => setImmediate(r))

/**
 * Every draft the workspace check finds, plus open drafts in the workspace
 * not saved yet: open ones as the editor holds them, the rest from disk
 * (binary, oversized and disabled drafts left out, as the check does).
 */
async function workspaceReports(ctx: ServerContext, now: Date, token: CancellationToken | undefined): Promise<DraftReport[]> {
  const open = new Map<string, TextDocument>()
  for (const d of ctx.documents.all()) {
    const p = uriToPath(d.uri)
    if (p && ctx.files.folderFor(p) !== undefined) open.set(p, d)
  }
  const paths = [...new Set([...(await listDrafts(ctx.files.folders)), ...open.keys()])].sort()
  const reports: DraftReport[] = []
  for (const path of paths) {
    if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'claimlint: review report cancelled')
    const got = await lintWorkspaceDraft(ctx, path, open)
    if ('skipped' in got) ctx.log.info(`claimlint: review report skipped ${path}: ${got.skipped}`)
    else if (got.linted.enabled) reports.push(draftReport(ctx, got.linted, got.text, now))
    // Let edits and cancellation in between drafts.
    await yieldToEvents()
  }
  return reports
}
