// What every document check needs to know about a draft, computed once:
// its sentences and topic (analyzeDraft from lint.ts), its headings and
// sections, where its reference list is, which sentences carry claims, and
// how to make a document finding with line/column and a docs link.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { analyzeDraft, lint, type DraftAnalysis } from '../lint.js'
import { builtinRuleSet, rulesDir, type Rewrite, type RuleSet } from '../packs/load.js'
import { builtinEvidence, type EvidenceLibrary } from '../evidence.js'
import { LineIndex } from '../lines.js'
import { splitPhrase } from '../packs/pattern.js'
import type { SentenceView } from '../context/view.js'
import type { DocCategory, DocFinding, Finding, Format, Severity } from '../types.js'
import { reviewConfig, type ReviewConfig, type ReviewSettings } from './settings.js'
import type { Dismissal } from '../reviews.js'

export interface ReviewOptions {
  format: Format
  ruleSet?: RuleSet
  evidence?: EvidenceLibrary
  /** The draft's claim findings (lint's); computed when not given. */
  findings?: readonly Finding[]
  /** Review settings: a resolved ReviewConfig or the config file's `review:` section. */
  config?: ReviewConfig | ReviewSettings
  /** "Today", for the age of sources and the date a fix writes (default: now). */
  now?: Date
  /** The draft's sentences and topic, when the caller has them from its lint (lintAndAnalyze): not parsed again. */
  analysis?: DraftAnalysis
  /** Reviewers' dismissals (.claimlint/reviews.yaml) and the draft's path relative to the workspace root, as for lint(). */
  reviews?: { dismissals: readonly Dismissal[]; file?: string }
}

export interface Heading {
  start: number
  /** End of the heading line (without the line break). */
  end: number
  depth: number
  title: string
}

export interface Section {
  heading?: Heading
  start: number
  /** Where the next heading of the same or a higher level starts (or the body ends). */
  end: number
}

/** Categories of claims that speak for a treatment's benefit. */
export const BENEFIT_CATEGORIES = new Set(['efficacy', 'absolute', 'comparative'])

const REFERENCES_TITLE = /^(references?|sources?|bibliography|citations?|works cited|footnotes?|notes)\s*:?\s*$/i

export class ReviewDraft {
  readonly ruleSet: RuleSet
  readonly evidence: EvidenceLibrary
  readonly analysis: DraftAnalysis
  readonly views: SentenceView[]
  readonly findings: readonly Finding[]
  readonly config: ReviewConfig
  readonly now: Date
  readonly lines: LineIndex
  readonly headings: Heading[]
  /** The References (Sources, Bibliography) heading, if any. */
  readonly referencesHeading?: Heading
  /** Where new body text goes: before the reference list, footnote definitions and trailing space. */
  readonly bodyEnd: number
  /** Offset just after YAML front matter (0 when there is none). */
  readonly bodyStart: number
  readonly frontMatter?: string
  readonly eol: string

  constructor(
    readonly text: string,
    readonly format: Format,
    options: Omit<ReviewOptions, 'format'> = {},
  ) {
    this.ruleSet = options.ruleSet ?? builtinRuleSet()
    this.evidence = options.evidence ?? builtinEvidence()
    this.analysis = options.analysis ?? analyzeDraft(text, format, this.ruleSet)
    this.views = this.analysis.views
    this.findings = options.findings ?? lint(text, { format, ruleSet: this.ruleSet, evidence: this.evidence })
    this.config = reviewConfig(options.config)
    this.now = options.now ?? new Date()
    this.lines = new LineIndex(text)
    this.eol = text.includes('\r\n') ? '\r\n' : '\n'
    const fm = format === 'markdown' ? /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text) : null
    this.frontMatter = fm ? fm[1] : undefined
    this.bodyStart = fm ? fm[0].length : 0
    const all = format === 'markdown' ? markdownHeadings(text, this.bodyStart) : plainHeadings(this)
    this.referencesHeading = all.find((h) => REFERENCES_TITLE.test(h.title.trim()))
    this.headings = all.filter((h) => !REFERENCES_TITLE.test(h.title.trim()))
    let end = this.referencesHeading?.start ?? text.length
    // Footnote definitions at the end of the draft belong to the reference list.
    const defs = /(?:^|\n)\[\^[^\]\s]+\]:/.exec(text.slice(this.bodyStart, end))
    if (defs) {
      const at = this.bodyStart + defs.index + (defs[0].startsWith('\n') ? 1 : 0)
      if (!this.views.some((v) => v.sentence.start > at && v.sentence.block.kind !== 'heading')) end = at
    }
    this.bodyEnd = trimEnd(text, end, this.bodyStart)
  }

  /** The innermost section holding an offset. */
  sectionAt(offset: number): Section {
    return this.section(this.headingAt(offset))
  }

  /** The last heading at or before an offset. */
  headingAt(offset: number): Heading | undefined {
    // The last heading starting at or before the offset (headings are in order).
    let lo = 0
    let hi = this.headings.length - 1
    let found = -1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if (this.headings[mid].start <= offset) {
        found = mid
        lo = mid + 1
      } else hi = mid - 1
    }
    return found >= 0 ? this.headings[found] : undefined
  }

  /** A heading's section: up to the next heading of the same or a higher level. */
  section(heading: Heading | undefined): Section {
    if (!heading) {
      const first = this.headings[0]
      return { start: this.bodyStart, end: trimEnd(this.text, first ? first.start : this.bodyEnd, this.bodyStart) }
    }
    const next = this.headings.find((h) => h.start > heading.start && h.depth <= heading.depth)
    const end = next ? next.start : this.bodyEnd
    return { heading, start: heading.start, end: Math.max(heading.end, trimEnd(this.text, Math.min(end, this.bodyEnd), heading.end)) }
  }

  /** The draft's title: its first heading, when it comes before any prose. */
  get title(): Heading | undefined {
    const h = this.headings[0]
    if (!h) return undefined
    const firstProse = this.views.find((v) => v.sentence.block.kind !== 'heading' && !(this.format === 'plaintext' && v.sentence.isHeading))
    return !firstProse || firstProse.sentence.start >= h.start ? h : undefined
  }

  /** Sentences (by start offset) that carry a claim finding of these categories. */
  claimSentences(categories?: ReadonlySet<string>): Map<number, Finding[]> {
    const out = new Map<number, Finding[]>()
    for (const f of this.findings) {
      if (categories && !categories.has(f.category)) continue
      const list = out.get(f.sentence.start) ?? []
      list.push(f)
      out.set(f.sentence.start, list)
    }
    return out
  }

  private headingStarts?: Set<number>

  isHeadingView(v: SentenceView): boolean {
    if (v.sentence.block.kind === 'heading') return true
    if (this.format !== 'plaintext' || v.sentence.block.kind !== 'line') return false
    this.headingStarts ??= new Set(this.headings.map((h) => h.start))
    return this.headingStarts.has(v.sentence.block.start)
  }

  /**
   * The first mention of a lexicon class, when the draft promotes it: named
   * in a heading, in a sentence that makes a claim, or in two sentences or more.
   */
  promoted(className: string): { view: SentenceView; words: string; all: string[] } | undefined {
    const hits = this.views.filter((v) => v.has(className))
    if (hits.length === 0) return undefined
    const claims = this.claimSentences()
    const strong = hits.some((v) => this.isHeadingView(v) || claims.has(v.sentence.start))
    if (!strong && hits.length < 2) return undefined
    const view = hits[0]
    // Every different phrase of the class, as first written ("PTSD", "anxiety").
    const all = new Map<string, string>()
    for (const v of hits) for (const m of v.phrases(className)) {
      const key = v.norms.slice(m.from, m.to).join(' ')
      if (!all.has(key)) all.set(key, v.textOf(m))
    }
    const words = [...all.values()]
    return { view, words: words[0] ?? className, all: words }
  }

  /** The draft's treatment as it is written in the draft ("ketamine", "TMS"). */
  treatmentName(): string {
    const t = this.analysis.topic.treatment
    if (!t) return 'this treatment'
    for (const v of this.views) {
      for (const m of v.phrases('treatment')) if (v.norms.slice(m.from, m.to).join(' ') === t) return lowerFirst(v.textOf(m))
    }
    return t
  }

  /**
   * Whether the draft is about a topic pack's treatment: its treatment is in
   * the pack's topic class, or starts with one ("ketamine-assisted
   * psychotherapy" is about ketamine).
   */
  about(topic: string): boolean {
    if (this.analysis.topicClasses.has(topic)) return true
    const t = this.analysis.topic.treatment
    return t !== undefined && this.ruleSet.lexicon.get(topic).longestAt(splitPhrase(t), 0) > 0
  }

  /** Topic-pack rewrites for the draft's treatment that answer one of these rules. */
  rewrites(answers: (ruleId: string) => boolean, when?: (r: Rewrite) => boolean): Rewrite[] {
    return this.ruleSet.rewrites.filter(
      (r) =>
        r.topic !== undefined &&
        this.about(r.topic) &&
        r.rules.some(answers) &&
        (r.when ?? []).every((c) => this.analysis.mentions(c)) &&
        (when ? when(r) : true),
    )
  }

  /** The category's severity setting: undefined when the check is off. */
  severity(category: DocCategory, byDefault: Severity): Severity | undefined {
    const s = this.config.checks[category]
    if (s === 'off') return undefined
    return s === 'default' ? byDefault : s
  }

  finding(f: { ruleId: string; category: DocCategory; severity: Severity; message: string; start: number; end: number; pack?: string; notes?: string[] }): DocFinding {
    const a = this.lines.position(f.start)
    const b = this.lines.position(f.end)
    return {
      ruleId: f.ruleId,
      category: f.category,
      severity: f.severity,
      message: f.message,
      start: f.start,
      end: f.end,
      line: a.line,
      column: a.column,
      endLine: b.line,
      endColumn: b.column,
      url: reviewDocsUrl(f.ruleId),
      source: 'claimlint',
      sentence: { start: f.start, end: f.end },
      actual: this.text.slice(f.start, f.end),
      notes: f.notes?.length ? f.notes : undefined,
      pack: f.pack ?? 'review',
    }
  }

  /** Where a finding about the whole draft points: its title, else its first sentence. */
  topRange(): { start: number; end: number } {
    const t = this.title ?? this.headings[0]
    if (t) return { start: t.start, end: t.end }
    const v = this.views[0]
    if (v) return { start: v.sentence.start, end: v.sentence.end }
    return { start: 0, end: 0 }
  }

  /** Where a finding about the end of the draft points: its last sentence before the references. */
  endRange(): { start: number; end: number } {
    const last = [...this.views].reverse().find((v) => v.sentence.end <= this.bodyEnd + 1)
    if (last) return { start: last.sentence.start, end: last.sentence.end }
    return { start: this.bodyEnd, end: this.bodyEnd }
  }
}

/** The page that documents the document checks, with an anchor per check. */
export function reviewDocsUrl(ruleId: string): string {
  return pathToFileURL(join(rulesDir(), '..', 'docs', 'rules', 'review.md')).href + '#' + ruleId.replace('/', '-')
}

export const lowerFirst = (s: string): string => (/^\p{Lu}\p{Ll}/u.test(s) ? s[0].toLowerCase() + s.slice(1) : s)
export const upperFirst = (s: string): string => (s ? s[0].toUpperCase() + s.slice(1) : s)

/** Back up over whitespace from `end`, not before `floor`. */
export function trimEnd(text: string, end: number, floor = 0): number {
  let i = end
  while (i > floor && /\s/.test(text[i - 1])) i--
  return i
}

/** ATX and setext headings outside fenced code. */
function markdownHeadings(text: string, from: number): Heading[] {
  const out: Heading[] = []
  let fence: string | undefined
  let prev: { start: number; end: number; text: string } | undefined
  let i = from
  while (i < text.length) {
    let j = text.indexOf('\n', i)
    if (j === -1) j = text.length
    const lineEnd = j > i && text[j - 1] === '\r' ? j - 1 : j
    const line = text.slice(i, lineEnd)
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line)
    if (fence) {
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length) fence = undefined
      prev = undefined
    } else if (f) {
      fence = f[1]
      prev = undefined
    } else {
      const atx = /^\s{0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$/.exec(line)
      const setext = /^\s{0,3}(=+|-+)\s*$/.exec(line)
      if (atx) {
        out.push({ start: i, end: lineEnd, depth: atx[1].length, title: (atx[2] ?? '').replace(/\s+#+$/, '') })
        prev = undefined
      } else if (setext && prev && prev.text.trim() && !/^\s*([-*+]|\d+[.)])\s/.test(prev.text)) {
        out.push({ start: prev.start, end: lineEnd, depth: setext[1][0] === '=' ? 1 : 2, title: prev.text.trim() })
        prev = undefined
      } else {
        prev = line.trim() ? { start: i, end: lineEnd, text: line } : undefined
      }
    }
    i = j + 1
  }
  return out
}

/** Plain text: a title line (short, no closing punctuation) on its own is a heading; the first is level 1. */
function plainHeadings(d: ReviewDraft): Heading[] {
  const out: Heading[] = []
  const blocks = new Map<number, SentenceView[]>()
  for (const v of d.views) {
    const list = blocks.get(v.sentence.block.start) ?? []
    list.push(v)
    blocks.set(v.sentence.block.start, list)
  }
  for (const [, vs] of blocks) {
    const b = vs[0].sentence.block
    if (b.kind !== 'line' || vs.length !== 1 || !vs[0].sentence.isHeading || (vs[0].sentence.isQuestion && vs[0].words.length > 10)) continue
    out.push({ start: b.start, end: b.end, depth: out.length === 0 ? 1 : 2, title: d.text.slice(b.start, b.end).trim() })
  }
  // "References" as a line of its own is not prose to the engine; find it too.
  for (const m of d.text.matchAll(/^[ \t]*(references|sources|bibliography|works cited)[ \t]*:?[ \t]*$/gim)) {
    const start = m.index ?? 0
    if (!out.some((h) => h.start === start)) out.push({ start, end: start + m[0].length, depth: 2, title: m[1] })
  }
  return out.sort((a, b) => a.start - b.start)
}
