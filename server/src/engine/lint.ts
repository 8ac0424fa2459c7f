// The engine: lint(text, options) -> findings. Pure: same text and options,
// same findings; no I/O beyond the packs it is given (or the built-in ones,
// read once per process). The CLI, the language server and the tests all call
// this.
import { extname } from 'node:path'
import { pathToFileURL } from 'node:url'
import { join } from 'node:path'
import { markdownProse, type Comment, type ProseBlock } from './text/markdown.js'
import { plainProse } from './text/plaintext.js'
import { blockSentences } from './text/sentences.js'
import { SentenceView } from './context/view.js'
import { isHedged, isDistancing } from './context/hedges.js'
import { isNegated } from './context/negation.js'
import { vagueAttributions } from './context/attribution.js'
import { hasSpecificSource } from './context/citations.js'
import { questionKind } from './context/questions.js'
import { draftTopic, refersToTreatment, refersToCondition, claimIsAboutTreatment, topicClasses, type DraftTopic } from './context/topics.js'
import { matchPattern, type Match } from './packs/pattern.js'
import { builtinRuleSet, rulesDir, type Rule, type RuleSet } from './packs/load.js'
import { applySuppressions, parseDirectives } from './suppression.js'
import { LineIndex } from './lines.js'
import { isDismissed, type Dismissal } from './reviews.js'
import { builtinEvidence, type EvidenceEntry, type EvidenceLibrary } from './evidence.js'
import { checkAgainstSources, citedSources, draftReferences, type DraftReferences } from './context/cited-sources.js'
import type { Category, Finding, Format, Sentence, Severity } from './types.js'

export interface SeverityConfig {
  categories?: Partial<Record<Category, Severity | 'off'>>
  rules?: Record<string, Severity | 'off'>
}

export interface LintOptions {
  /** markdown or plaintext; by default taken from `filename` (.txt is plain text), else markdown. */
  format?: Format
  filename?: string
  ruleSet?: RuleSet
  severity?: SeverityConfig
  /** The evidence library cited sentences are checked against (default: the built-in one). */
  evidence?: EvidenceLibrary
  /** Reviewers' dismissals (.claimlint/reviews.yaml) and this draft's path relative to the workspace root. */
  reviews?: { dismissals: readonly Dismissal[]; file?: string }
}

export function formatFor(filename: string | undefined): Format {
  const ext = filename ? extname(filename).toLowerCase() : ''
  return ext === '.txt' || ext === '.text' ? 'plaintext' : 'markdown'
}

export function ruleDocsUrl(id: string): string {
  return pathToFileURL(join(rulesDir(), '..', 'docs', 'rules', `${id}.md`)).href
}

export interface Prose {
  blocks: ProseBlock[]
  comments: Comment[]
}

export function proseOf(text: string, format: Format): Prose {
  return format === 'markdown' ? markdownProse(text) : plainProse(text)
}

export function sentencesOf(text: string, format: Format): Sentence[] {
  return proseOf(text, format).blocks.flatMap((b) => blockSentences(text, b))
}

/** Whether the rule's context requirements hold for this sentence. */
function applies(rule: Rule, view: SentenceView, topic: DraftTopic): boolean {
  for (const r of rule.requires ?? []) {
    switch (r) {
      case 'treatment':
        if (!refersToTreatment(view, topic)) return false
        break
      case 'topic':
        if (!topic.treatment) return false
        break
      case 'condition':
        if (!refersToCondition(view)) return false
        break
      case 'no-condition':
        if (refersToCondition(view)) return false
        break
      case 'statement':
        if (view.sentence.isQuestion) return false
        break
      case 'question':
        if (!view.sentence.isQuestion) return false
        break
      case 'heading':
        if (!view.sentence.isHeading) return false
        break
    }
  }
  return true
}

/** Whether context clears this match (a hedge, a source, a negation...). */
function cleared(rule: Rule, view: SentenceView, m: Match, sourced: () => boolean, distanced: boolean): boolean {
  for (const c of rule.unless ?? []) {
    switch (c) {
      case 'hedged':
        if (isHedged(view, m, distanced)) return true
        break
      case 'negated':
        if (isNegated(view, m)) return true
        break
      case 'sourced':
        if (sourced()) return true
        break
      case 'yes-no-question':
        if (questionKind(view) === 'yes-no') return true
        break
      case 'heading':
        if (view.sentence.isHeading) return true
        break
    }
  }
  return false
}

function notesFor(rule: Rule, view: SentenceView): string[] {
  const notes: string[] = []
  if (rule.unless?.includes('sourced')) {
    for (const v of vagueAttributions(view)) notes.push(`"${view.textOf(v)}" names no source a reader can find; cite the study itself.`)
  }
  return notes
}

/** Sources a sentence cites from the evidence library (resolved lazily, per draft). */
export type CitedLookup = (view: SentenceView) => EvidenceEntry[]

/** Findings for one sentence (no suppression, default severities). */
export function lintSentence(view: SentenceView, topic: DraftTopic, rules: readonly Rule[], distanced = false, cited: CitedLookup = () => []): Omit<Finding, 'line' | 'column' | 'endLine' | 'endColumn'>[] {
  const out: Omit<Finding, 'line' | 'column' | 'endLine' | 'endColumn'>[] = []
  let sourcedCache: boolean | undefined
  const sourced = (): boolean => (sourcedCache ??= hasSpecificSource(view.sentence, view))
  const s = view.sentence
  let sources: EvidenceEntry[] | undefined
  const citedHere = (): EvidenceEntry[] => (sources ??= cited(view))
  for (const rule of rules) {
    if (!applies(rule, view, topic)) continue
    if (rule.requires?.includes('cites-source') && citedHere().length === 0) continue
    let hit: Match | undefined
    let says: string | undefined
    const excepted = rule.exceptions.length ? rule.exceptions.flatMap((p) => matchPattern(p, view)) : []
    for (const p of rule.compiled) {
      for (const m of matchPattern(p, view)) {
        if (excepted.some((e) => e.from < m.to && m.from < e.to)) continue
        if (rule.requires?.includes('treatment') && !claimIsAboutTreatment(view, topic, m)) continue
        if (rule.unless?.includes('consistent-with-source')) {
          const check = checkAgainstSources(view, m, citedHere())
          if (check.supported) continue
          says = check.says
        }
        if (!cleared(rule, view, m, sourced, distanced)) {
          hit = m
          break
        }
      }
      if (hit) break
    }
    if (!hit) continue
    const span = rule.span === 'sentence' ? { start: s.start, end: s.end } : view.span(hit)
    const notes = notesFor(rule, view)
    if (says) notes.push(`The cited source says otherwise (${says}).`)
    out.push({
      ruleId: rule.id,
      category: rule.category,
      severity: rule.severity,
      message: notes.length ? `${rule.message} ${notes.join(' ')}` : rule.message,
      start: span.start,
      end: span.end,
      url: ruleDocsUrl(rule.id),
      source: 'claimlint',
      sentence: { start: s.start, end: s.end },
      actual: s.text.slice(span.start - s.start, span.end - s.start),
      notes: notes.length ? notes : undefined,
      pack: rule.pack,
    })
  }
  return out
}

function severityOf(f: { ruleId: string; category: Category; severity: Severity }, cfg: SeverityConfig | undefined): Severity | 'off' {
  return cfg?.rules?.[f.ruleId] ?? cfg?.categories?.[f.category] ?? f.severity
}

export interface DraftAnalysis {
  prose: Prose
  views: SentenceView[]
  topic: DraftTopic
  /** Lexicon classes the draft's own treatment belongs to. */
  topicClasses: Set<string>
  /** Whether any sentence of the draft mentions a lexicon class. */
  mentions(className: string): boolean
}

/** Parse a draft into sentences and find what it is about. */
export function analyzeDraft(text: string, format: Format, ruleSet: RuleSet): DraftAnalysis {
  const prose = proseOf(text, format)
  const views = prose.blocks.flatMap((b) => blockSentences(text, b)).map((s) => new SentenceView(s, ruleSet.lexicon))
  const topic = draftTopic(views)
  const classes = topicClasses(topic, ruleSet.lexicon)
  if (classes.size > 0) for (const v of views) v.setTopicClasses(classes)
  const mentioned = new Map<string, boolean>()
  const mentions = (name: string): boolean => {
    let m = mentioned.get(name)
    if (m === undefined) mentioned.set(name, (m = views.some((v) => v.has(name))))
    return m
  }
  return { prose, views, topic, topicClasses: classes, mentions }
}

export function lint(text: string, options: LintOptions = {}): Finding[] {
  const format = options.format ?? formatFor(options.filename)
  const ruleSet = options.ruleSet ?? builtinRuleSet()
  const { prose, views, topic } = analyzeDraft(text, format, ruleSet)
  let refs: DraftReferences | undefined
  const cited: CitedLookup = (v) => {
    if (!/\[\^|@|\[\d/.test(v.sentence.text)) return []
    refs ??= draftReferences(text)
    return citedSources(v, refs, options.evidence ?? builtinEvidence())
  }
  const lines = new LineIndex(text)
  let findings: Finding[] = []
  // A heading that distances itself ("Claimed benefits") covers what follows it.
  let distanced = false
  for (const v of views) {
    const isTitle = v.sentence.block.kind === 'heading' || (v.sentence.isHeading && v.sentence.block.kind === 'line')
    if (isTitle) distanced = isDistancing(v)
    for (const f of lintSentence(v, topic, ruleSet.rules, distanced && !isTitle, cited)) {
      const sev = severityOf(f, options.severity)
      if (sev === 'off') continue
      const a = lines.position(f.start)
      const b = lines.position(f.end)
      findings.push({ ...f, severity: sev, line: a.line, column: a.column, endLine: b.line, endColumn: b.column })
    }
  }
  findings = applySuppressions(findings, parseDirectives(prose.comments), text, (o) => lines.line(o))
  const reviews = options.reviews
  if (reviews && reviews.dismissals.length > 0) findings = findings.filter((f) => !isDismissed(f, text, reviews.dismissals, reviews.file))
  findings.sort((x, y) => x.start - y.start || x.end - y.end || x.ruleId.localeCompare(y.ruleId))
  return findings
}
