// Hover over a flagged span: what the rule checks, what is wrong here, why
// it matters (the rule's rationale), context notes and the rule's page; over
// a whole-draft review finding, the check, what is missing and its fix.
import { MarkupKind, type Hover, type HoverParams, type TextDocuments } from 'vscode-languageserver/node.js'
import type { TextDocument } from 'vscode-languageserver-textdocument'
import type { RuleSet } from '../engine/packs/load.js'
import type { Finding } from '../engine/types.js'
import type { LintDocuments } from './lintDocuments.js'
import { reviewHoverMarkdown } from './reviewFindings.js'
import { fixesFor } from '../engine/rewrite/suggestions.js'
import { formatReference } from '../engine/rewrite/references.js'
import { builtinEvidence, evidenceLink, type EvidenceLibrary } from '../engine/evidence.js'
import type { Format } from '../engine/types.js'

/** What the evidence says: the rewrite a pack offers and its sources, as links. */
export function evidenceMarkdown(text: string, f: Finding, ruleSet: RuleSet, format: Format, evidence?: EvidenceLibrary): string | undefined {
  const fix = fixesFor(text, f, { format, ruleSet, evidence }).find((x) => x.kind === 'evidence')
  if (!fix) return undefined
  const lib = evidence ?? builtinEvidence()
  const lines = fix.sources.map((id) => {
    const e = lib.entries.get(id)
    if (!e) return `- ${id}`
    const link = evidenceLink(e)
    return link ? `- [${md(formatReference(e))}](${link})` : `- ${md(formatReference(e))}`
  })
  const rewrite = ruleSet.rewrites.find((r) => r.id === fix.rewrite)
  return [`**What the evidence says:** ${md((rewrite?.text ?? '').replace(/\s+/g, ' ').trim())}`, '**Sources:**', lines.join('\n')].join('\n\n')
}

/** Escape a draft's words quoted in a note so they cannot format the hover (pack text is trusted Markdown). */
const md = (s: string): string => s.replace(/([\\`*_[\]<>])/g, '\\$1')

export function hoverMarkdown(f: Finding, ruleSet: RuleSet): string {
  const rule = ruleSet.rules.find((r) => r.id === f.ruleId)
  const parts: string[] = []
  parts.push(`**${rule?.summary ?? f.ruleId}** — \`${f.ruleId}\` (${f.severity})`)
  // The engine appends the notes to the message; show them once, as a list.
  const tail = f.notes?.length ? ` ${f.notes.join(' ')}` : ''
  parts.push(tail && f.message.endsWith(tail) ? f.message.slice(0, -tail.length) : f.message)
  if (rule?.rationale) parts.push(`**Why:** ${rule.rationale.trim()}`)
  if (f.notes?.length) parts.push(f.notes.map((n) => `- ${md(n)}`).join('\n'))
  parts.push(`[Rule documentation](${f.url})`)
  return parts.join('\n\n')
}

export async function hover(documents: TextDocuments<TextDocument>, lints: LintDocuments, params: HoverParams, markdown: boolean): Promise<Hover | null> {
  const doc = documents.get(params.textDocument.uri)
  if (!doc) return null
  const linted = await lints.current(doc)
  const at = linted.snapshot.offsetAt(params.position)
  const hits = linted.findings.filter((f) => f.start <= at && at < f.end)
  const review = linted.review
  const reviewHits = (review?.findings ?? []).filter((f) => f.start <= at && at < f.end)
  if (hits.length === 0 && reviewHits.length === 0) return null
  // The claim's span when there is one: review findings cover whole sentences and headings.
  const spans = hits.length > 0 ? hits : reviewHits
  const start = Math.min(...spans.map((f) => f.start))
  const end = Math.max(...spans.map((f) => f.end))
  const draft = linted.snapshot.getText()
  const text = [
    ...hits.map((f) => {
      const evidence = evidenceMarkdown(draft, f, linted.ruleSet, linted.format, linted.evidence)
      return evidence ? `${hoverMarkdown(f, linted.ruleSet)}\n\n${evidence}` : hoverMarkdown(f, linted.ruleSet)
    }),
    ...reviewHits.map((f) => reviewHoverMarkdown(f, review?.fixes(f)[0]?.title)),
  ].join('\n\n---\n\n')
  return {
    contents: { kind: markdown ? MarkupKind.Markdown : MarkupKind.PlainText, value: text },
    range: { start: linted.snapshot.positionAt(start), end: linted.snapshot.positionAt(end) },
  }
}
