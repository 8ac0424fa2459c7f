// Up to three fixes for a finding, best first:
//   1. the evidence-backed rewrite a topic pack has for this rule, with its
//      citations added to the draft's reference list (preferred);
//   2. a softened sentence that fits any treatment;
//   3. "cite a source": the matching sources, cited after the sentence as is.
// Every fix is a set of edits against the text it was computed for.
import { diff } from '../lazy.js'
import { analyzeDraft, type DraftAnalysis } from '../lint.js'
import { builtinRuleSet, type Rewrite, type RuleSet } from '../packs/load.js'
import { builtinEvidence, type EvidenceEntry, type EvidenceLibrary } from '../evidence.js'
import { soften, type TextEdit } from './soften.js'
import { citeInDraft, detectStyle, formatReference, type CitationStyle } from './references.js'
import type { Finding, Format } from '../types.js'

export type FixKind = 'evidence' | 'soften' | 'cite'

export interface Fix {
  kind: FixKind
  title: string
  preferred: boolean
  /** Edits to the draft, as UTF-16 offsets into the text the fix was computed for; apply all together. */
  edits: TextEdit[]
  /** Other files to change: a pandoc bibliography, relative to the draft. */
  files?: Array<{ path: string; entries: EvidenceEntry[] }>
  /** Evidence ids the fix cites. */
  sources: string[]
  /** The pack rewrite it comes from. */
  rewrite?: string
  /** Where the rewritten sentence sits in the text after the fix. */
  region: { start: number; end: number }
}

export interface FixOptions {
  format: Format
  ruleSet?: RuleSet
  evidence?: EvidenceLibrary
  citationStyle?: CitationStyle
  /** Reuse an analysis of the same text. */
  analysis?: DraftAnalysis
}


/** Edits that turn `before` into `after`, one per changed run of lines. */
export function editsBetween(before: string, after: string): TextEdit[] {
  if (before === after) return []
  const edits: TextEdit[] = []
  let offset = 0
  let pending: TextEdit | undefined
  for (const part of diff().diffLines(before, after)) {
    if (part.added) {
      pending ??= { start: offset, end: offset, newText: '' }
      pending.newText += part.value
    } else if (part.removed) {
      pending ??= { start: offset, end: offset, newText: '' }
      offset += part.value.length
      pending.end = offset
    } else {
      if (pending) edits.push(pending)
      pending = undefined
      offset += part.value.length
    }
  }
  if (pending) edits.push(pending)
  return edits
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text
  for (const e of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) out = out.slice(0, e.start) + e.newText + out.slice(e.end)
  return out
}

/** Pack rewrites that answer this finding in this draft. */
export function rewritesFor(finding: Finding, analysis: DraftAnalysis, ruleSet: RuleSet): Rewrite[] {
  const view = analysis.views.find((v) => v.sentence.start === finding.sentence.start)
  const about = (cls: string): boolean => analysis.topicClasses.has(cls) || (view?.has(cls) ?? false)
  return ruleSet.rewrites.filter((r) => r.rules.includes(finding.ruleId) && (r.topic === undefined || about(r.topic)) && (r.when ?? []).every((c) => analysis.mentions(c)))
}

/** A bullet or number that opens the sentence in a plain-text draft stays in place. */
function listPrefix(sentence: string): string {
  return /^[\s•●▪◦*\-–]*(?:\d{1,2}[.)]\s*)?/.exec(sentence)?.[0] ?? ''
}

const sentenceText = (s: string): string => s.replace(/\s+/g, ' ').trim()

export function fixesFor(text: string, finding: Finding, options: FixOptions): Fix[] {
  const ruleSet = options.ruleSet ?? builtinRuleSet()
  const evidence = options.evidence ?? builtinEvidence()
  const analysis = options.analysis ?? analyzeDraft(text, options.format, ruleSet)
  const style = options.citationStyle ?? detectStyle(text, options.format)
  const { start, end } = finding.sentence
  const original = text.slice(start, end)
  const view = analysis.views.find((v) => v.sentence.start === start)
  const isQuestionOrHeading = view ? view.sentence.isQuestion || view.sentence.isHeading : false
  const fixes: Fix[] = []

  const entriesOf = (ids: readonly string[]): EvidenceEntry[] | undefined => {
    const out = ids.map((id) => evidence.entries.get(id))
    return out.every((e): e is EvidenceEntry => e !== undefined) ? out : undefined
  }

  const rewrites = rewritesFor(finding, analysis, ruleSet)
  if (!isQuestionOrHeading) {
    for (const r of rewrites.slice(0, 1)) {
      const sources = entriesOf(r.sources)
      if (!sources) continue
      const sentence = listPrefix(original) + sentenceText(r.text)
      const cited = citeInDraft(text, options.format, start, end, sentence, sources, style)
      fixes.push({
        kind: 'evidence',
        title: `Rewrite with evidence: "${truncate(sentenceText(r.text), 60)}"`,
        preferred: true,
        edits: editsBetween(text, cited.text),
        files: cited.files,
        sources: r.sources,
        rewrite: r.id,
        region: cited.region ?? { start, end: start + sentence.length },
      })
    }
  }

  const softened = soften(text, finding)
  if (softened) {
    fixes.push({
      kind: 'soften',
      title: `Soften: "${truncate(sentenceText(softened.newText), 60)}"`,
      preferred: fixes.length === 0,
      edits: [softened],
      sources: [],
      region: { start: softened.start, end: softened.start + softened.newText.length },
    })
  }

  // Sources that speak to this claim, cited after the sentence as it stands.
  // The workspace's own sources whose title names the draft's treatment come first.
  const treatmentWords = (analysis.topic.treatment ?? '').split(' ').filter((w) => w.length > 2)
  const own = [...evidence.entries.values()]
    .filter((e) => e.note.startsWith("From the workspace's own sources") && treatmentWords.length > 0 && treatmentWords.every((w) => e.title.toLowerCase().includes(w)))
    .map((e) => e.id)
  const citeIds = [...new Set([...own, ...rewrites.flatMap((r) => r.sources)])].filter((id) => evidence.entries.has(id)).slice(0, 3)
  if (!isQuestionOrHeading && citeIds.length > 0 && fixes.length < 3) {
    const sources = entriesOf(citeIds)!
    const cited = citeInDraft(text, options.format, start, end, original, sources, style)
    fixes.push({
      kind: 'cite',
      title: `Cite a source: ${sources.map((s) => truncate(formatReference(s), 50)).join('; ')}`,
      preferred: false,
      edits: editsBetween(text, cited.text),
      files: cited.files,
      sources: citeIds,
      region: cited.region ?? { start, end },
    })
  }
  return fixes.slice(0, 3)
}

const truncate = (s: string, n: number): string => (s.length <= n ? s : s.slice(0, n - 1).trimEnd() + '…')

export interface FixedDraft {
  text: string
  /** Findings whose preferred fix was applied, in the order applied. */
  applied: Array<{ ruleId: string; kind: FixKind; rewrite?: string }>
  /** Files outside the draft to update (pandoc bibliographies). */
  files: Array<{ path: string; entries: EvidenceEntry[] }>
}

/**
 * Apply preferred fixes one at a time, linting again after each so offsets
 * stay true, until no finding has one left. A second run changes nothing.
 */
export function fixDraft(text: string, lintText: (text: string) => Finding[], options: FixOptions): FixedDraft {
  const applied: FixedDraft['applied'] = []
  const files: FixedDraft['files'] = []
  const tried = new Set<string>()
  let current = text
  for (let round = 0; round < 500; round++) {
    const findings = lintText(current)
    const analysis = analyzeDraft(current, options.format, options.ruleSet ?? builtinRuleSet())
    let changed = false
    for (const f of findings) {
      // A sentence and rule that had no usable fix: the same text elsewhere has none either.
      const key = `${f.ruleId}@${current.slice(f.sentence.start, f.sentence.end)}`
      if (tried.has(key)) continue
      const fix = fixesFor(current, f, { ...options, analysis }).find((x) => x.preferred)
      if (!fix || fix.edits.length === 0) {
        tried.add(key)
        continue
      }
      const next = applyEdits(current, fix.edits)
      // Keep a fix only if the claim it answers is gone from the rewritten sentence.
      const { start: from, end: to } = fix.region
      if (lintText(next).some((g) => g.ruleId === f.ruleId && g.start < Math.max(to, from + 1) && g.end > from)) {
        tried.add(key)
        continue
      }
      current = next
      applied.push({ ruleId: f.ruleId, kind: fix.kind, rewrite: fix.rewrite })
      if (fix.files) files.push(...fix.files)
      changed = true
      break
    }
    if (!changed) break
  }
  return { text: current, applied, files }
}
