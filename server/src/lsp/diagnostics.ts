// Findings as LSP diagnostics, and the pull (textDocument/diagnostic) answer.
import {
  DiagnosticSeverity,
  DocumentDiagnosticReportKind,
  type Diagnostic,
  type DocumentDiagnosticParams,
  type FullDocumentDiagnosticReport,
  type TextDocuments,
} from 'vscode-languageserver/node.js'
import type { TextDocument } from 'vscode-languageserver-textdocument'
import type { DocCategory, DocFinding, Finding, Severity } from '../engine/types.js'
import type { DraftLint } from './draftLint.js'
import type { LintDocuments } from './lintDocuments.js'

/**
 * Where the finding is in the text it was computed on (UTF-16 offsets). Kept
 * small on purpose: every keystroke sends every diagnostic of the draft again;
 * the rule id is the diagnostic's `code`, the version is the publish's, and
 * code actions carry their own version to refuse stale fixes.
 */
export interface DiagnosticData {
  start: number
  end: number
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
}

// The engine hands out the same Finding objects for chunks an edit left in
// place, so their diagnostics are made once.
const made = new WeakMap<Finding, Diagnostic>()

/** A claim finding as a diagnostic (its lines and columns are the engine's, into the text it was linted on). */
export function toDiagnostic(f: Finding): Diagnostic {
  let d = made.get(f)
  if (!d) made.set(f, (d = makeDiagnostic(f)))
  return d
}

function makeDiagnostic(f: Finding): Diagnostic {
  const data: DiagnosticData = { start: f.start, end: f.end }
  return {
    // The engine's lines and columns (1-based, UTF-16, the same line breaks as the
    // document's): no need to index the document's lines for every publish.
    range: { start: { line: f.line - 1, character: f.column - 1 }, end: { line: f.endLine - 1, character: f.endColumn - 1 } },
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    codeDescription: { href: f.url },
    source: 'claimlint',
    message: f.message,
    data,
  }
}

export function toDiagnostics(findings: readonly Finding[]): Diagnostic[] {
  return findings.map(toDiagnostic)
}

/** The source of whole-draft review diagnostics (claims have "claimlint"). */
export const REVIEW_SOURCE = 'claimlint review'

/** A whole-draft review finding's data: `review` tells it from a claim's; the rest finds it again in that version's review. */
export interface ReviewDiagnosticData {
  review: true
  ruleId: string
  category: DocCategory
  start: number
  end: number
  version?: number
}

/** A document finding (reviewFindings.ts) as a diagnostic; its lines and columns are into the text it was reviewed or carried over onto. */
export function toReviewDiagnostic(f: DocFinding, version: number | undefined): Diagnostic {
  const data: ReviewDiagnosticData = { review: true, ruleId: f.ruleId, category: f.category, start: f.start, end: f.end, version }
  return {
    range: { start: { line: f.line - 1, character: f.column - 1 }, end: { line: f.endLine - 1, character: f.endColumn - 1 } },
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    codeDescription: { href: f.url },
    // Its own source: the Problems view groups them apart, and the status bar counts claims only.
    source: REVIEW_SOURCE,
    message: f.message,
    data,
  }
}

/** Everything a lint result shows: its claims, then its whole-draft review (exact or carried over). */
export function lintDiagnostics(linted: Pick<DraftLint, 'findings' | 'review'> & { snapshot: TextDocument; version: number | undefined }): Diagnostic[] {
  const claims = toDiagnostics(linted.findings)
  const review = linted.review?.findings ?? []
  return review.length ? [...claims, ...review.map((f) => toReviewDiagnostic(f, linted.version))] : claims
}

/** textDocument/diagnostic: always a full report for the document as it is now. */
export async function pullDiagnostics(
  documents: TextDocuments<TextDocument>,
  lints: LintDocuments,
  params: DocumentDiagnosticParams,
): Promise<FullDocumentDiagnosticReport> {
  const doc = documents.get(params.textDocument.uri)
  if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] }
  const linted = await lints.current(doc)
  return { kind: DocumentDiagnosticReportKind.Full, items: lintDiagnostics(linted) }
}
