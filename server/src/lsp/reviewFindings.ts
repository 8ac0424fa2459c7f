// The whole-draft review (engine/review/) for open drafts: its findings become
// diagnostics beside the claims, with hover text and code actions for the
// fixes docFixes gives. One review per lint result (per document version),
// shared by reference by everything that holds that result.
//
// A review costs far more than an incremental lint: it parses the whole
// draft and counts syllables for the reading level (about 0.1 ms a word: 20-50
// ms for a 300-word draft, seconds for 100k words), so it does not run on
// every keystroke. A draft's first lint, and a lint of unchanged text (the
// configuration changed), review at once when the draft is small. After an
// edit, the previous review's findings are carried past the edit (shifted,
// like the incremental linter's kept findings) and shown until the draft has
// been idle for REVIEW_IDLE_MS (longer for big drafts); then the review runs
// once and `onReady` tells the document scheduler to publish it. Over
// REVIEW_MAX_CHARS (about 23k words, far past a handout) the editor gets no
// review: it runs in one piece, and a 100k-word guide kept the server from
// answering for 3-5 s; `claimlint report` still reviews such a draft.
import { loadConfig, reviewConfigFor } from '../engine/config.js'
import type { EvidenceLibrary } from '../engine/evidence.js'
import { LineIndex } from '../engine/lines.js'
import { commonEnds } from '../engine/text/common.js'
import type { RuleSet } from '../engine/packs/load.js'
import type { CitationStyle } from '../engine/rewrite/references.js'
import { DOC_RULES, docFixes, ReviewDraft, reviewDraft, type DocFix, type ReviewConfig } from '../engine/review/index.js'
import type { DocFinding, Finding, Format } from '../engine/types.js'
import type { Dismissal } from '../engine/reviews.js'
import type { WorkspaceFiles } from './workspaceFiles.js'

/** Reviewed at once up to this size (UTF-16 units; about 3,000 words, a few hundred ms at most, once). */
export const REVIEW_NOW_MAX_CHARS = 20_000
/** No review in the editor above this size (UTF-16 units; at most about half a second of review). */
export const REVIEW_MAX_CHARS = 150_000
/** After an edit, the review waits for this much quiet... */
export const REVIEW_IDLE_MS = 400
/** ...plus 1 ms per this many characters, so a big draft is reviewed only in a real pause. */
const IDLE_CHARS_PER_MS = 100

/** What a review of one version needs (the lint's inputs and its claim findings). */
export interface ReviewInput {
  uri: string
  version: number
  text: string
  format: Format
  ruleSet: RuleSet
  evidence: EvidenceLibrary
  findings: readonly Finding[]
  citationStyle?: CitationStyle
  /** The `review:` settings that apply; read when the review runs, not per keystroke. */
  config: () => ReviewConfig
  /** Reviewers' dismissals, which apply to review findings as to claims. */
  reviews?: { dismissals: readonly Dismissal[]; file?: string }
}

const FIXABLE = new Set(DOC_RULES.filter((r) => r.fix).map((r) => r.id))

/** The review of one lint result. Filled in place when a deferred review runs. */
export class DraftReview {
  /** Exact: computed on this text. Otherwise an earlier version's findings carried past the edits (no fixes offered). */
  exact = false
  findings: DocFinding[] = []
  private config?: ReviewConfig
  private fixCache?: Map<DocFinding, DocFix[]>

  constructor(readonly input: ReviewInput) {}

  /** Run the review on this version's text. */
  run(): void {
    this.config = this.input.config()
    const { text, format, ruleSet, evidence, findings, reviews } = this.input
    this.findings = reviewDraft(text, { format, ruleSet, evidence, findings, config: this.config, reviews })
    this.exact = true
    this.fixCache = undefined
  }

  /** The fixes for one of this review's findings: none until the review is exact. Computed together on first use. */
  fixes(f: DocFinding): DocFix[] {
    if (!this.exact || !this.config) return []
    if (!this.fixCache) {
      const { text, format, ruleSet, evidence, findings, citationStyle } = this.input
      this.fixCache = new Map()
      const todo = this.findings.filter((x) => FIXABLE.has(x.ruleId))
      if (todo.length > 0) {
        // One parse of the draft for every fix (docFixes would parse it per call).
        const options = { format, ruleSet, evidence, findings, config: this.config, citationStyle }
        const draft = new ReviewDraft(text, format, options)
        for (const x of todo) this.fixCache.set(x, docFixes(text, x, { ...options, draft }))
      }
    }
    return this.fixCache.get(f) ?? []
  }

  /** The finding a code action was listed for, if this review still has it. */
  find(ruleId: string | undefined, start: number | undefined, end: number | undefined): DocFinding | undefined {
    return this.findings.find((f) => f.ruleId === ruleId && f.start === start && f.end === end)
  }
}

/** Findings of `prev` moved onto `text`: those before or after the changed region kept (offsets, lines and columns updated), those in it dropped. */
export function carryOver(prev: DraftReview, text: string): DocFinding[] {
  const old = prev.input.text
  if (old === text) return prev.findings
  // Runs on every keystroke of a long draft: lines are shifted by the line
  // breaks the edit added or removed instead of indexing the whole text again.
  const { prefix: p, suffix: s } = commonEnds(old, text)
  const oldEnd = old.length - s
  const newEnd = text.length - s
  const delta = text.length - old.length
  // A CR or LF at either edge of the change could join or split a CRLF pair: index the lines then.
  const edge = (t: string, i: number): boolean => t.charCodeAt(i) === 13 || t.charCodeAt(i) === 10
  const exact = edge(old, p - 1) || edge(old, oldEnd) || edge(text, p - 1) || edge(text, newEnd)
  let lines: LineIndex | undefined
  const lineDelta = exact ? 0 : lineBreaks(text, p, newEnd) - lineBreaks(old, p, oldEnd)
  const out: DocFinding[] = []
  for (const f of prev.findings) {
    if (f.end <= p && f.start < p) out.push(f)
    else if (f.start >= oldEnd) {
      const start = f.start + delta
      const end = f.end + delta
      let a: { line: number; column: number }
      let b: { line: number; column: number }
      if (exact) {
        lines ??= new LineIndex(text)
        a = lines.position(start)
        b = lines.position(end)
      } else {
        // Only a position on the line the edit ended on has a new column.
        a = { line: f.line + lineDelta, column: sameLine(old, oldEnd, f.start) ? columnAt(text, start) : f.column }
        b = { line: f.endLine + lineDelta, column: sameLine(old, oldEnd, f.end) ? columnAt(text, end) : f.endColumn }
      }
      out.push({ ...f, start, end, line: a.line, column: a.column, endLine: b.line, endColumn: b.column, sentence: { start: f.sentence.start + delta, end: f.sentence.end + delta } })
    }
  }
  return out
}

/** Line breaks (CRLF, LF or CR, each one) in t[from, to). */
function lineBreaks(t: string, from: number, to: number): number {
  let n = 0
  for (let i = from; i < to; i++) {
    const c = t.charCodeAt(i)
    if (c === 10 || (c === 13 && t.charCodeAt(i + 1) !== 10)) n++
  }
  return n
}

/** 1-based UTF-16 column of an offset. */
function columnAt(t: string, offset: number): number {
  let k = offset
  while (k > 0 && t.charCodeAt(k - 1) !== 10 && t.charCodeAt(k - 1) !== 13) k--
  return offset - k + 1
}

/** Whether t[from, to) has no line break (stops at the first one). */
function sameLine(t: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = t.charCodeAt(i)
    if (c === 10 || c === 13) return false
  }
  return true
}

/** The `review:` settings of the config that applies to a draft (defaults when none or when it is broken: the lint reports its problems). */
export function reviewSettingsFor(files: WorkspaceFiles, path: string | undefined): ReviewConfig {
  const file = files.configFileFor(files.dirFor(path))
  return reviewConfigFor(file ? loadConfig(file).config : undefined)
}

/** Per open draft: its latest review and the timer of a deferred one. */
export class DraftReviews {
  private readonly open = new Map<string, { review: DraftReview; timer?: ReturnType<typeof setTimeout> }>()
  /** Drafts told they are too big for the review (said once while open). */
  private readonly tooBig = new Set<string>()
  /** A deferred review has run: the lint of (uri, version) now holds its exact findings. */
  onReady: (uri: string, version: number) => void = () => {}

  constructor(
    private readonly log: { info(m: string): void; verbose(m: string): void; error(m: string): void },
    private readonly idleMs = REVIEW_IDLE_MS,
  ) {}

  /** The review for a new lint of an open draft: exact now, or carried over and run once the draft is idle. */
  forLint(input: ReviewInput): DraftReview {
    const prev = this.open.get(input.uri)
    if (prev?.timer !== undefined) clearTimeout(prev.timer)
    const review = new DraftReview(input)
    const entry: { review: DraftReview; timer?: ReturnType<typeof setTimeout> } = { review }
    this.open.set(input.uri, entry)
    if (input.text.length > REVIEW_MAX_CHARS) {
      review.exact = true
      if (!this.tooBig.has(input.uri)) {
        this.tooBig.add(input.uri)
        this.log.info(`claimlint: ${input.uri} is too long for the whole-draft review in the editor (${input.text.length} characters, over ${REVIEW_MAX_CHARS}); \`claimlint report\` reviews it`)
      }
      return review
    }
    this.tooBig.delete(input.uri)
    const edited = prev !== undefined && prev.review.input.text !== input.text
    if (!edited && input.text.length <= REVIEW_NOW_MAX_CHARS) {
      this.run(review)
      return review
    }
    // Shown meanwhile: the last review's findings where the edit did not touch them.
    if (prev) review.findings = carryOver(prev.review, input.text)
    const delay = edited ? this.idleMs + Math.round(input.text.length / IDLE_CHARS_PER_MS) : 0
    entry.timer = setTimeout(() => {
      entry.timer = undefined
      if (this.open.get(input.uri) !== entry) return
      this.run(review)
      this.onReady(input.uri, input.version)
    }, delay)
    return review
  }

  /** The draft changed: drop a pending review of the old text (the new text's lint schedules its own). */
  postpone(uri: string): void {
    const entry = this.open.get(uri)
    if (entry?.timer === undefined) return
    clearTimeout(entry.timer)
    entry.timer = undefined
  }

  /** The draft was closed. */
  forget(uri: string): void {
    const entry = this.open.get(uri)
    if (entry?.timer !== undefined) clearTimeout(entry.timer)
    this.open.delete(uri)
    this.tooBig.delete(uri)
  }

  private run(review: DraftReview): void {
    const started = performance.now()
    try {
      review.run()
    } catch (err) {
      // A bug in a check must not take the claims down with it.
      review.findings = []
      review.exact = true
      this.log.error(`claimlint: the whole-draft review of ${review.input.uri} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
      return
    }
    this.log.verbose(`claimlint: reviewed ${review.input.uri} v${review.input.version}: ${review.findings.length} document findings in ${(performance.now() - started).toFixed(1)} ms`)
  }
}

/** Hover text for a document finding: the check, what is missing here, the fix on offer, and the check's page. */
export function reviewHoverMarkdown(f: DocFinding, fix?: string): string {
  const check = DOC_RULES.find((r) => r.id === f.ruleId)
  const parts = [`**${check?.summary ?? f.ruleId}** — \`${f.ruleId}\` (${f.severity}, whole-draft review)`, f.message]
  if (fix) parts.push(`**Quick fix:** ${fix}`)
  parts.push(`[Check documentation](${f.url})`)
  return parts.join('\n\n')
}
