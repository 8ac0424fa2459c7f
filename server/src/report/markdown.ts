// The review report as Markdown, for pasting into a review ticket: an
// overview table, then per draft the score, findings by category, reading
// level, checklist, claims with suggested rewrites, and document checks.
import { SEVERITIES } from '../engine/types.js'
import { ALL_CATEGORIES, overview, type DraftReport, type SourceRef } from './model.js'
import type { ReportMeta } from './html.js'

/** Text safe inside a Markdown table cell. */
export function cell(s: string | number | undefined): string {
  return String(s ?? '')
    .replace(/\s+/g, ' ')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .trim()
}

const source = (s: SourceRef): string => (s.link ? `[${cell(s.label)}](${s.link})` : cell(s.label))

function draftMarkdown(r: DraftReport): string[] {
  const out: string[] = []
  const t = r.totals
  out.push(`## ${r.file}`, '')
  out.push(`**Score ${r.score}/100 (${r.verdict})** · ${t.error} errors · ${t.warning} warnings · ${t.info} notes · treatment: ${r.treatment ?? '—'}`, '')
  const cats = ALL_CATEGORIES.filter((c) => SEVERITIES.some((s) => r.counts[c][s] > 0))
  out.push('### Findings by category', '')
  if (cats.length === 0) out.push('No findings.', '')
  else {
    out.push('| Category | Errors | Warnings | Notes |', '|---|---:|---:|---:|')
    for (const c of cats) out.push(`| ${c} | ${r.counts[c].error} | ${r.counts[c].warning} | ${r.counts[c].info} |`)
    out.push('')
  }
  const g = r.reading
  out.push('### Reading level', '')
  if (g.grade === undefined) out.push('No prose to measure.', '')
  else {
    out.push(`Flesch-Kincaid grade **${g.grade}**, SMOG **${g.smog}** (targets ${g.target} and ${g.smogTarget} or below); ${g.words} words; ${g.paragraphs.filter((p) => p.above).length} of ${g.paragraphs.length} paragraphs above target.`, '')
    for (const h of g.hardest) out.push(`- Line ${h.line} (grade ${h.grade}): ${cell(h.text)}`)
    if (g.hardest.length) out.push('')
  }
  out.push('### Checklist', '')
  for (const c of r.checklist) out.push(`- [${c.status === 'pass' ? 'x' : ' '}] **${c.label}** (${c.discern})${c.status === 'n/a' ? ' — not applicable' : ''}: ${cell(c.detail)}`)
  out.push('')
  out.push('### Claims', '')
  if (r.claims.length === 0) out.push('No claims flagged.', '')
  else {
    out.push('| Line | Severity | Rule | Claim | Why | Suggested rewrite | Sources |', '|---:|---|---|---|---|---|---|')
    for (const c of r.claims) {
      out.push(`| ${c.finding.line} | ${c.finding.severity} | \`${c.finding.ruleId}\` | ${cell(c.sentence)} | ${cell(c.finding.message)} | ${cell(c.suggestion ?? '—')} | ${c.sources.map(source).join('; ') || '—'} |`)
    }
    out.push('')
  }
  out.push('### Document checks', '')
  if (r.document.length === 0) out.push('Nothing missing.', '')
  else {
    out.push('| Line | Severity | Check | What is missing | Fix |', '|---:|---|---|---|---|')
    for (const d of r.document) out.push(`| ${d.finding.line} | ${d.finding.severity} | \`${d.finding.ruleId}\` | ${cell(d.finding.message)} | ${cell(d.fix ?? '—')}${d.sources.length ? ' (' + d.sources.map(source).join('; ') + ')' : ''} |`)
    out.push('')
  }
  return out
}

export function renderMarkdown(reports: readonly DraftReport[], meta: ReportMeta): string {
  const out: string[] = []
  out.push('# claimlint review report', '')
  out.push(`${reports.length} draft${reports.length === 1 ? '' : 's'} · ${meta.date.toISOString().slice(0, 10)} · claimlint ${meta.version}`, '')
  out.push('| Draft | Score | Errors | Warnings | Notes | Claims | Document | FK grade | SMOG | Checklist |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
  for (const o of overview(reports)) out.push(`| ${cell(o.file)} | ${o.score} | ${o.errors} | ${o.warnings} | ${o.notes} | ${o.claims} | ${o.document} | ${o.grade ?? '—'} | ${o.smog ?? '—'} | ${o.checklist}/6 |`)
  out.push('')
  for (const r of reports) out.push(...draftMarkdown(r))
  out.push('Score: 100 less 10 per error, 4 per warning and 1 per note. Checklist items follow DISCERN questions that a machine can check; the rest need a reader.', '')
  return out.join('\n')
}
