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
import { IncrementalLinter } from './incremental.js'
import type { Dismissal } from './reviews.js'
import { parseDirectives, type Directive } from './suppression.js'
import type { EvidenceEntry, EvidenceLibrary } from './evidence.js'
import { checkAgainstSources } from './context/cited-sources.js'
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
  /**
   * Called once per rule that threw while being evaluated (per lint, or per
   * IncrementalLinter.update). The rule's findings are missing; every other
   * rule still ran. Without it a failing rule is skipped silently (see
   * IncrementalLinter.errors).
   */
  onRuleError?: (error: RuleError) => void
}

/** A rule that threw while being evaluated on a draft: plain data (it crosses to worker threads). */
export interface RuleError {
  ruleId: string
  pack: string
  /** The pack file the rule comes from. */
  file: string
  message: string
  stack?: string
  /** Where it first failed: the start of that sentence (UTF-16 offset, 1-based line and column). */
  start: number
  line: number
  column: number
  /** How many sentences it failed on. */
  sentences: number
}

export function formatFor(filename: string | undefined): Format {
  const ext = filename ? extname(filename).toLowerCase() : ''
  return ext === '.txt' || ext === '.text' ? 'plaintext' : 'markdown'
}

const docsUrls = new Map<string, string>()

export function ruleDocsUrl(id: string): string {
  let url = docsUrls.get(id)
  if (url === undefined) docsUrls.set(id, (url = pathToFileURL(join(rulesDir(), '..', 'docs', 'rules', `${id}.md`)).href))
  return url
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

/**
 * Which patterns could match a sentence, found from its words: each pattern
 * is filed under the words of one element it cannot do without (its
 * "anchor"), so a sentence only looks at the patterns its own words name,
 * plus the few that have no such element. Built once per rule list.
 */
interface RuleIndex {
  /** Pattern number of each rule's patterns. */
  ids: number[][]
  /** Word -> patterns filed under it. */
  byWord: Map<string, number[]>
  /** Patterns with no plain-word element: always tried. */
  always: number[]
  anchors: string[][][]
  size: number
}

const ruleIndexes = new WeakMap<readonly Rule[], RuleIndex>()

function ruleIndex(rules: readonly Rule[]): RuleIndex {
  let index = ruleIndexes.get(rules)
  if (index) return index
  const ids: number[][] = []
  const byWord = new Map<string, number[]>()
  const always: number[] = []
  const anchors: string[][][] = []
  let size = 0
  for (const rule of rules) {
    const own: number[] = []
    for (const p of rule.compiled) {
      const id = size++
      own.push(id)
      anchors.push(p.anchors)
      if (p.anchors.length === 0) {
        always.push(id)
        continue
      }
      // File under the element with the fewest alternatives.
      let best = p.anchors[0]
      for (const a of p.anchors) if (a.length < best.length) best = a
      for (const w of new Set(best)) {
        let list = byWord.get(w)
        if (!list) byWord.set(w, (list = []))
        list.push(id)
      }
    }
    ids.push(own)
  }
  index = { ids, byWord, always, anchors, size }
  ruleIndexes.set(rules, index)
  return index
}

let candidateScratch = new Uint8Array(256)

/** Whether every anchor element has one of its words in the sentence (loops, not closures: this runs per sentence and pattern). */
function hasAnchors(anchors: readonly string[][], view: SentenceView): boolean {
  for (const words of anchors) {
    let any = false
    for (const x of words) {
      if (view.hasWord(x)) {
        any = true
        break
      }
    }
    if (!any) return false
  }
  return true
}

/** Patterns that may match the sentence: 1 where every anchor element has a word in it. */
function candidates(index: RuleIndex, view: SentenceView): Uint8Array {
  if (candidateScratch.length < index.size) candidateScratch = new Uint8Array(index.size * 2)
  const cand = candidateScratch
  cand.fill(0, 0, index.size)
  for (const id of index.always) cand[id] = 1
  for (const w of view.norms) {
    const list = index.byWord.get(w)
    if (!list) continue
    for (const id of list) {
      if (cand[id] !== 0) continue
      cand[id] = hasAnchors(index.anchors[id], view) ? 1 : 2
    }
  }
  return cand
}

/**
 * Findings for one sentence (no suppression, default severities). Each rule
 * is evaluated on its own: one that throws is handed to `onError` and the
 * other rules still run (without `onError` the exception propagates).
 */
export function lintSentence(
  view: SentenceView,
  topic: DraftTopic,
  rules: readonly Rule[],
  distanced = false,
  cited: CitedLookup = () => [],
  onError?: (rule: Rule, err: unknown) => void,
): Omit<Finding, 'line' | 'column' | 'endLine' | 'endColumn'>[] {
  const out: Omit<Finding, 'line' | 'column' | 'endLine' | 'endColumn'>[] = []
  let sourcedCache: boolean | undefined
  const sourced = (): boolean => (sourcedCache ??= hasSpecificSource(view.sentence, view))
  const s = view.sentence
  let sources: EvidenceEntry[] | undefined
  const citedHere = (): EvidenceEntry[] => (sources ??= cited(view))
  const index = ruleIndex(rules)
  const cand = candidates(index, view)
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r]
    // A rule none of whose patterns can match is skipped before its context is looked at.
    const ids = index.ids[r]
    let any = false
    for (let i = 0; i < ids.length && !any; i++) any = cand[ids[i]] === 1
    if (!any) continue
    // One rule's bug must not cost the other rules' findings (a try/catch per rule is cheap in V8).
    try {
      if (rule.fault !== undefined) throw new Error(rule.fault)
      if (!applies(rule, view, topic)) continue
      if (rule.requires?.includes('cites-source') && citedHere().length === 0) continue
      let hit: Match | undefined
      let says: string | undefined
      let excepted: Match[] | undefined
      for (let i = 0; i < rule.compiled.length; i++) {
        if (cand[ids[i]] !== 1) continue
        // candidates() found the pattern's anchor words in the sentence already.
        for (const m of matchPattern(rule.compiled[i], view, undefined, true)) {
          excepted ??= rule.exceptions.length ? rule.exceptions.flatMap((p) => matchPattern(p, view)) : []
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
    } catch (err) {
      if (!onError) throw err
      onError(rule, err)
    }
  }
  return out
}

export interface DraftAnalysis {
  views: SentenceView[]
  topic: DraftTopic
  /** Lexicon classes the draft's own treatment belongs to. */
  topicClasses: Set<string>
  /** Whether any sentence of the draft mentions a lexicon class. */
  mentions(className: string): boolean
  /** The draft's suppression comments (draft offsets): the whole-draft review honours them too. */
  directives: Directive[]
}

/** DraftAnalysis.mentions for these sentences, each class looked up once. */
export function mentionsIn(views: readonly SentenceView[]): (className: string) => boolean {
  const mentioned = new Map<string, boolean>()
  return (name) => {
    let m = mentioned.get(name)
    if (m === undefined) mentioned.set(name, (m = views.some((v) => v.has(name))))
    return m
  }
}

/** Parse a draft into sentences and find what it is about. */
export function analyzeDraft(text: string, format: Format, ruleSet: RuleSet): DraftAnalysis {
  const prose = proseOf(text, format)
  const views = prose.blocks.flatMap((b) => blockSentences(text, b)).map((s) => new SentenceView(s, ruleSet.lexicon))
  const topic = draftTopic(views)
  const classes = topicClasses(topic, ruleSet.lexicon)
  if (classes.size > 0) for (const v of views) v.setTopicClasses(classes)
  return { views, topic, topicClasses: classes, mentions: mentionsIn(views), directives: parseDirectives(prose.comments) }
}

/**
 * Lint a draft: every chunk parsed and linted (see incremental.ts, which an
 * editor keeps per open draft so that an edit re-lints one chunk).
 */
export function lint(text: string, options: LintOptions = {}): Finding[] {
  return new IncrementalLinter(options).update(text)
}

/**
 * lint(), and the draft's analysis (its sentences and topic) from the same
 * parse, for a caller that also reviews the draft (review/draft.ts takes it
 * as `analysis`): one parse instead of two.
 */
export function lintAndAnalyze(text: string, options: LintOptions = {}): { findings: Finding[]; analysis: DraftAnalysis } {
  return new IncrementalLinter(options).updateWithAnalysis(text)
}
