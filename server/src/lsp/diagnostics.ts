// Findings as LSP diagnostics (as objects, or written as JSON for the stream
// writer), and the pull (textDocument/diagnostic) answer.
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
import type { JsonOut, JsonWritable } from './wire.js'

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

/** A claim finding as a diagnostic (its lines and columns are the engine's, into the text it was linted on). */
export function toDiagnostic(f: Finding): Diagnostic {
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
export function lintDiagnostics(linted: Pick<DraftLint, 'findings' | 'review'> & { version: number | undefined }): LintDiagnostics {
  return new LintDiagnostics(linted.findings, linted.review?.findings ?? [], linted.version)
}

/**
 * The diagnostics of one lint result, made into objects only when another
 * transport stringifies them (toJSON). Over a stream the writer (wire.ts)
 * has them write their JSON straight from the findings instead: a
 * keystroke in a long draft resends thousands of diagnostics, half of them
 * from findings the edit shifted (new objects, the same rule and message).
 */
export class LintDiagnostics implements JsonWritable {
  constructor(
    readonly findings: readonly Finding[],
    readonly review: readonly DocFinding[],
    readonly version: number | undefined,
  ) {}

  toJSON(): Diagnostic[] {
    const claims = toDiagnostics(this.findings)
    return this.review.length ? [...claims, ...this.review.map((f) => toReviewDiagnostic(f, this.version))] : claims
  }

  /** The same JSON as JSON.stringify(this.toJSON()). */
  writeJson(out: JsonOut): void {
    // Room for all of them at once (a claim's JSON is about 450 bytes): no buffer grown step by step for a long draft.
    out.reserve((this.findings.length + this.review.length) * 512 + 2)
    out.bytes(OPEN)
    let first = true
    for (const f of this.findings) {
      if (!first) out.bytes(COMMA)
      first = false
      writeClaim(out, f)
    }
    for (const f of this.review) {
      if (!first) out.bytes(COMMA)
      first = false
      out.text(JSON.stringify(toReviewDiagnostic(f, this.version)))
    }
    out.bytes(CLOSE)
  }
}

// A claim diagnostic's JSON (toDiagnostic's keys, in order): the numbers
// written in between constant pieces, and what lies between the range's
// last number and the data's first (severity to message), encoded once per
// rule and message.
const ascii = (s: string): Buffer => Buffer.from(s, 'latin1')
const OPEN = ascii('[')
const COMMA = ascii(',')
const CLOSE = ascii(']')
const RANGE_START_LINE = ascii('{"range":{"start":{"line":')
const CHARACTER = ascii(',"character":')
const END_LINE = ascii('},"end":{"line":')
const DATA_END = ascii(',"end":')
const CLOSE_DATA = ascii('}}')

interface Middle {
  severity: Severity
  ruleId: string
  url: string
  bytes: Buffer
}
/** By message (shifted findings share their message string); bounded, as messages can quote the draft. */
const middles = new Map<string, Middle[]>()
const MIDDLES_MAX = 2000

function middleOf(f: Finding): Buffer {
  let list = middles.get(f.message)
  if (list) {
    for (const m of list) if (m.severity === f.severity && m.ruleId === f.ruleId && m.url === f.url) return m.bytes
  } else {
    if (middles.size >= MIDDLES_MAX) middles.clear()
    middles.set(f.message, (list = []))
  }
  const { range: _range, data: _data, ...middle } = toDiagnostic(f)
  // '}},"severity":...,"message":"...","data":{"start":': the range closed, the object's JSON without its braces, the data opened.
  const bytes = Buffer.from(`}},${JSON.stringify(middle).slice(1, -1)},"data":{"start":`, 'utf8')
  list.push({ severity: f.severity, ruleId: f.ruleId, url: f.url, bytes })
  return bytes
}

function writeClaim(out: JsonOut, f: Finding): void {
  out.bytes(RANGE_START_LINE)
  out.number(f.line - 1)
  out.bytes(CHARACTER)
  out.number(f.column - 1)
  out.bytes(END_LINE)
  out.number(f.endLine - 1)
  out.bytes(CHARACTER)
  out.number(f.endColumn - 1)
  out.bytes(middleOf(f))
  out.number(f.start)
  out.bytes(DATA_END)
  out.number(f.end)
  out.bytes(CLOSE_DATA)
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
  // A LintDiagnostics: written as JSON by the stream writer, or made into objects by toJSON.
  return { kind: DocumentDiagnosticReportKind.Full, items: lintDiagnostics(linted) as unknown as Diagnostic[] }
}
