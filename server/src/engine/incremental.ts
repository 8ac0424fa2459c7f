// Linting a draft as it changes: only the chunk an edit touched is parsed
// and linted again.
//
// The draft is cut into chunks (text/chunks.ts) that parse the same alone as
// in the draft. An edit re-cuts only the stretch it touched (the text before
// and after it is compared, not hashed); every other chunk is kept from the
// last version with what was computed from it, relative to its own start:
// its suppression comments, the treatments it names, its reference entries
// and definitions, and its findings (offsets, lines and columns). Its
// sentences are dropped once it is linted (a long draft would otherwise hold
// every sentence's words in memory) and parsed again only if the chunk must
// be linted again. What depends on the rest of the draft is recomputed on
// every update from what the chunks report, and a chunk's findings are
// reused only if all of it is unchanged:
//
// - the draft's treatment (the one it names most often: the chunks' counts
//   added up in order) and the lexicon classes it belongs to;
// - whether a "Claimed benefits"-style heading above distances the chunk
//   (carried from chunk to chunk), and in Markdown whether it sits under a
//   "References" heading (carried the same way);
// - the reference list and footnotes, for chunks whose sentences cite them;
// - in Markdown, reference definitions used from another chunk (appended
//   to the chunk before it is parsed).
//
// Suppression ranges (disable ... enable) span chunks, so they are applied
// to the findings of the whole draft at the end; so are line numbers (each
// chunk's relative lines plus the lines before it). `lint()` is an
// IncrementalLinter used once, so a full lint and an incremental one run the
// same code on the same chunks.
import { chunkStarts, contentEnd, frontMatter, scanStarts } from './text/chunks.js'
import { commonEnds } from './text/common.js'
import { definedLabels, definitionSuffix, markdownItems, resolveItems, type Comment, type ProseBlock } from './text/markdown.js'
import { plainProse } from './text/plaintext.js'
import { blockSentences, normalizeWord } from './text/sentences.js'
import { SentenceView } from './context/view.js'
import { isDistancing } from './context/hedges.js'
import { mostNamed, topicClasses, treatmentsIn, type DraftTopic } from './context/topics.js'
import { chunkReferences, citedSources, mergeReferences, NO_REFERENCES, type ChunkReferences, type DraftReferences } from './context/cited-sources.js'
import { directiveApplies, nextContentLine, parseDirectives, type Directive } from './suppression.js'
import { LineIndex } from './lines.js'
import { isDismissed } from './reviews.js'
import { builtinRuleSet, type Rule, type RuleSet } from './packs/load.js'
import { builtinEvidence, type EvidenceLibrary } from './evidence.js'
import { formatFor, lintSentence, mentionsIn, type CitedLookup, type DraftAnalysis, type LintOptions, type RuleError, type SeverityConfig } from './lint.js'
import type { Finding, Format, Severity, Category } from './types.js'

/** The prose of a chunk in one context (the References depth it starts under, the definitions appended). */
interface ChunkProse {
  suffix: string
  depthIn: number
  depthOut: number
  /** The sentences, while needed: dropped once the chunk is linted (parsed again if it must be re-linted). */
  views: SentenceView[] | undefined
  /** Treatments named, in order of first mention, with counts. */
  counts: Array<[string, number]>
  directives: Directive[]
}

/** A chunk's findings in one context; offsets, lines and columns relative to the chunk. */
interface ChunkResult {
  prose: ChunkProse
  treatment: string | undefined
  distancedIn: boolean
  distancedOut: boolean
  /** The draft's references the findings were computed with; undefined when no sentence looked at them. */
  refsKey: string | undefined
  findings: Finding[]
  /** Rules that threw on the chunk's sentences (offsets, lines and columns relative to the chunk); undefined: none. */
  errors: RuleError[] | undefined
}

class Chunk {
  readonly lines: LineIndex
  readonly labels: string[]
  readonly refs: ChunkReferences
  /** Markdown: the definitions from other chunks appended when parsing it, for the draft's labels `labelsKey`. */
  suffix = ''
  labelsKey: string | undefined
  prose: ChunkProse | undefined
  result: ChunkResult | undefined
  /** The last absolute findings handed out, reused while the chunk has not moved. */
  emitted: { at: number; firstLine: number; col: number; result: ChunkResult; findings: Finding[] } | undefined

  constructor(
    readonly text: string,
    readonly first: boolean,
    format: Format,
  ) {
    this.lines = new LineIndex(text)
    this.labels = format === 'markdown' ? definedLabels(text) : []
    this.refs = chunkReferences(text)
  }
}

export interface UpdateStats {
  chunks: number
  /** Chunks whose prose was parsed in this update. */
  parsed: number
  /** Chunks whose findings were computed (not reused) in this update. */
  linted: number
  /** Length of the longest chunk (UTF-16 units): what one parse can cost at most. */
  largestChunk: number
}

/** A chunk's finding moved to the draft: `colBy` is the column its first line starts at (0 unless the chunk was cut inside a long line). */
const shiftFinding = (f: Finding, by: number, lineBy: number, colBy: number): Finding => ({
  ...f,
  start: f.start + by,
  end: f.end + by,
  line: f.line + lineBy,
  endLine: f.endLine + lineBy,
  column: f.line === 1 ? f.column + colBy : f.column,
  endColumn: f.endLine === 1 ? f.endColumn + colBy : f.endColumn,
  sentence: { start: f.sentence.start + by, end: f.sentence.end + by },
})

function severityOf(f: { ruleId: string; category: Category; severity: Severity }, cfg: SeverityConfig | undefined): Severity | 'off' {
  return cfg?.rules?.[f.ruleId] ?? cfg?.categories?.[f.category] ?? f.severity
}

/**
 * Markup no real draft has and that costs micromark seconds per 16 KB chunk
 * (its time grows with nesting depth): block quotes nested 32 deep, or more
 * than a thousand link-label openers. Such a chunk is read as plain text, so
 * a hostile 10 MB draft still lints in bounded time and its words are still
 * checked.
 */
function pathologicalMarkdown(chunk: string): boolean {
  if (chunk.length < 32) return false
  if (/^(?:[ \t]{0,3}>){32}/m.test(chunk)) return true
  let brackets = 0
  for (let i = chunk.indexOf('['); i !== -1; i = chunk.indexOf('[', i + 1)) if (++brackets > 1000) return true
  return false
}

/** A string that owns its characters (not a slice of a larger one). */
const copy = (t: string): string => (t.length < 64 ? t : Buffer.from(t, 'utf16le').toString('utf16le'))

const CITES = /\[\^|@|\[\d/

/**
 * Drafts up to this many UTF-16 units are parsed whole before the first
 * lint (parseAhead); longer ones have their treatment guessed by prescan,
 * so that they never hold every sentence at once.
 */
const PARSE_AHEAD_MAX = 256 * 1024

/**
 * applySuppressions (suppression.ts), with each directive's line worked out
 * once instead of once per finding: the same findings are dropped.
 */
function suppress(findings: Finding[], directives: Directive[], text: string, lineOf: (offset: number) => number): Finding[] {
  const sorted = [...directives].sort((a, b) => a.start - b.start)
  const ranges = sorted.filter((d) => d.kind === 'disable' || d.kind === 'enable')
  const byLine = new Map<number, Directive[]>()
  for (const d of sorted) {
    const line = d.kind === 'disable-line' ? lineOf(d.start) : d.kind === 'disable-next-line' ? nextContentLine(text, d.end, lineOf) : -1
    if (line < 0) continue
    const l = byLine.get(line)
    if (l) l.push(d)
    else byLine.set(line, [d])
  }
  return findings.filter((f) => {
    // Ranges: the latest disable/enable before the finding decides.
    let disabled = false
    for (const d of ranges) {
      if (d.start > f.start) break
      if (directiveApplies(d, f)) disabled = d.kind === 'disable'
    }
    if (disabled) return false
    const here = byLine.get(f.line)
    return !here || !here.some((d) => directiveApplies(d, f))
  })
}

/** Move a chunk's sentence to the draft: every offset in it plus `by` (each token and block once: they are shared). */
function moveView(v: SentenceView, by: number, moved: Set<object>): SentenceView {
  const s = v.sentence
  s.start += by
  s.end += by
  const move = (t: { start: number; end: number }): void => {
    if (moved.has(t)) return
    moved.add(t)
    t.start += by
    t.end += by
  }
  for (const t of s.tokens) move(t)
  // A "%" word is a copy of its token.
  for (const t of v.words) move(t)
  const b = s.block as ProseBlock
  if (!moved.has(b)) {
    move(b)
    for (const l of b.links) move(l)
    if (b.ranges) for (let i = 0; i < b.ranges.length; i++) b.ranges[i] = [b.ranges[i][0] + by, b.ranges[i][1] + by]
  }
  return v
}

/**
 * Lints successive versions of one draft, reusing what an edit left alone.
 * `update(text)` returns exactly what `lint(text, options)` returns.
 */
export class IncrementalLinter {
  readonly format: Format
  private readonly ruleSet: RuleSet
  private readonly evidence: EvidenceLibrary
  /** The draft's treatment at the last update (null: none yet). */
  private treatment: string | undefined | null = null
  /** The last version linted: its text, chunk starts and chunks (what it no longer has is dropped). */
  private last: { text: string; starts: number[]; list: Chunk[]; frontMatter: number } | undefined
  private readonly classesByTreatment = new Map<string, ReadonlySet<string>>()
  /** What the last update did. */
  stats: UpdateStats = { chunks: 0, parsed: 0, linted: 0, largestChunk: 0 }
  /** Rules that threw on the draft at the last update, one entry per rule (their findings are missing). */
  errors: RuleError[] = []
  /** Set while updateWithAnalysis runs: every chunk's sentences of the last pass, with the chunk's start. */
  private kept: Array<{ at: number; views: SentenceView[] }> | undefined
  /** Set while updateWithAnalysis runs: the draft's suppression comments, in draft offsets. */
  private keptDirectives: Directive[] | undefined

  constructor(private readonly options: LintOptions = {}) {
    this.format = options.format ?? formatFor(options.filename)
    this.ruleSet = options.ruleSet ?? builtinRuleSet()
    this.evidence = options.evidence ?? builtinEvidence()
  }

  /**
   * update(), and the draft's sentences and topic as analyzeDraft (lint.ts)
   * gives them, from the same parse: for a caller that reviews the draft
   * too (the CLI reviews every draft it lints). The sentences are handed
   * over: offsets are moved from their chunk to the draft, and the linter
   * keeps none of them.
   */
  updateWithAnalysis(text: string): { findings: Finding[]; analysis: DraftAnalysis } {
    this.kept = []
    try {
      const findings = this.update(text)
      const views: SentenceView[] = []
      const moved = new Set<object>()
      for (const { at, views: vs } of this.kept) for (const v of vs) views.push(at === 0 ? v : moveView(v, at, moved))
      const topic: DraftTopic = { treatment: this.treatment ?? undefined, counts: new Map() }
      for (const v of views) for (const t of treatmentsIn(v)) topic.counts.set(t, (topic.counts.get(t) ?? 0) + 1)
      const classes = this.classesFor(topic.treatment)
      for (const v of views) v.setTopicClasses(classes)
      return { findings, analysis: { views, topic, topicClasses: new Set(classes), mentions: mentionsIn(views), directives: this.keptDirectives ?? [] } }
    } finally {
      this.kept = undefined
      this.keptDirectives = undefined
    }
  }

  /** Bumped by every update: a suspended updateAsync that sees another one started gives up. */
  private generation = 0

  update(text: string): Finding[] {
    this.generation++
    const steps = this.steps(text)
    for (;;) {
      const r = steps.next()
      if (r.done) return r.value
    }
  }

  /**
   * update(), in slices of about `sliceMs` of work with the event loop let
   * in between (a language server keeps answering other requests while a
   * 10 MB draft is linted). Resolves to undefined, having done no more than
   * one more slice, once `cancelled()` says so or another update of this
   * linter starts; the chunks linted so far are kept for the next update.
   */
  async updateAsync(text: string, cancelled: () => boolean = () => false, sliceMs = 10): Promise<Finding[] | undefined> {
    const gen = ++this.generation
    const steps = this.steps(text)
    let sliceStart = performance.now()
    for (;;) {
      const r = steps.next()
      if (r.done) return r.value
      if (performance.now() - sliceStart < sliceMs) continue
      await new Promise<void>((resolve) => setImmediate(resolve))
      if (cancelled() || this.generation !== gen) {
        // The unfinished update leaves every chunk either as it was or fully linted: safe to drop.
        void steps.return(undefined as never)
        return undefined
      }
      sliceStart = performance.now()
    }
  }

  /** The work of one update; yields between chunks (and between stretches of the prescan). */
  private *steps(text: string): Generator<void, Finding[], void> {
    const stats: UpdateStats = { chunks: 0, parsed: 0, linted: 0, largestChunk: 0 }
    const { starts, list } = this.rechunk(text)
    const n = starts.length
    stats.chunks = n
    for (const c of list) if (c.text.length > stats.largestChunk) stats.largestChunk = c.text.length

    // Markdown: reference definitions anywhere in the draft, for the chunks that use them.
    let labels: string[] = []
    let labelsKey = ''
    if (this.format === 'markdown') {
      for (const c of list) if (c.labels.length) labels.push(...c.labels)
      if (labels.length) {
        labels = [...new Set(labels)]
        labelsKey = labels.join('\n')
      }
    }

    // References, built only if some sentence cites them.
    let refs: { key: string; refs: DraftReferences } | undefined
    const currentRefs = (): { key: string; refs: DraftReferences } => {
      if (refs) return refs
      const parts: Array<{ at: number; refs: ChunkReferences }> = []
      for (let i = 0; i < n; i++) if (list[i].refs !== NO_REFERENCES) parts.push({ at: starts[i], refs: list[i].refs })
      const merged = mergeReferences(parts)
      return (refs = { key: JSON.stringify([[...merged.footnotes], [...merged.numbered]]), refs: merged })
    }

    // One pass: each chunk parsed (if it changed), linted (if it or its
    // context changed) and its sentences dropped, so a long draft never holds
    // all its sentences at once. The draft's treatment is only known at the
    // end, so the pass lints with the last one (or, the first time, a quick
    // count over the raw words); if the count says otherwise, a second pass
    // lints again what depended on it.
    let guess = this.treatment !== null ? this.treatment : text.length <= PARSE_AHEAD_MAX ? yield* this.parseAhead(list, labels, labelsKey, stats) : yield* this.prescan(text)
    let pass = yield* this.pass(list, starts, guess, labels, labelsKey, currentRefs, stats)
    if (pass.treatment !== guess) {
      guess = pass.treatment
      pass = yield* this.pass(list, starts, guess, labels, labelsKey, currentRefs, stats)
    }
    this.treatment = pass.treatment
    let out = pass.findings
    this.errors = pass.errors
    if (this.options.onRuleError) for (const e of pass.errors) this.options.onRuleError(e)
    const { directives, firstLines } = pass
    if (this.kept) this.keptDirectives = directives ?? []

    if (directives) {
      // 1-based line of an offset: the chunk's first line plus the line within the chunk.
      const lineOf = (offset: number): number => {
        let lo = 0
        let hi = n - 1
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1
          if (starts[mid] <= offset) lo = mid
          else hi = mid - 1
        }
        return firstLines[lo] - 1 + list[lo].lines.line(offset - starts[lo])
      }
      out = suppress(out, directives, text, lineOf)
    }

    this.stats = stats
    return out
  }

  /** Lint every chunk in order with `treatment` as the draft's; returns the findings and the treatment the chunks actually name most. */
  private *pass(
    list: readonly Chunk[],
    starts: readonly number[],
    treatment: string | undefined,
    labels: readonly string[],
    labelsKey: string,
    currentRefs: () => { key: string; refs: DraftReferences },
    stats: UpdateStats,
  ): Generator<void, { treatment: string | undefined; findings: Finding[]; directives: Directive[] | undefined; firstLines: Int32Array; errors: RuleError[] }, void> {
    const n = list.length
    // Only the last pass's sentences are handed out.
    if (this.kept) this.kept = []
    const counts = new Map<string, number>()
    const topic: DraftTopic = { treatment, counts }
    const classes = this.classesFor(treatment)
    // Carried from chunk to chunk: the References heading (Markdown) and a distancing heading.
    let depth = 0
    let distanced = false
    let firstLine = 1
    // The column the chunk's first line starts at: 0 but after a cut inside a long line (chunks.ts).
    let col = 0
    const findings: Finding[] = []
    let directives: Directive[] | undefined
    let errors: Map<string, RuleError> | undefined
    const firstLines = new Int32Array(n)
    for (let i = 0; i < n; i++) {
      const c = list[i]
      firstLines[i] = firstLine
      const prose = this.proseOf(c, depth, labels, labelsKey, stats)
      depth = prose.depthOut
      for (const [t, k] of prose.counts) counts.set(t, (counts.get(t) ?? 0) + k)
      let r = c.result
      if (this.kept && !prose.views) {
        prose.views = this.parse(c, prose.suffix, prose.depthIn).views
        stats.parsed++
      }
      if (!r || r.prose !== prose || r.treatment !== treatment || r.distancedIn !== distanced || (r.refsKey !== undefined && r.refsKey !== currentRefs().key)) {
        if (!prose.views) {
          prose.views = this.parse(c, prose.suffix, prose.depthIn).views
          stats.parsed++
        }
        r = c.result = this.lintChunk(c, prose, topic, classes, distanced, currentRefs)
        stats.linted++
      }
      if (this.kept && prose.views) this.kept.push({ at: starts[i], views: prose.views })
      // A linted chunk keeps its findings, not its sentences: memory stays small for a long draft.
      prose.views = undefined
      distanced = r.distancedOut
      const at = starts[i]
      const e = c.emitted
      let shifted: Finding[]
      if (e && e.result === r && e.at === at && e.firstLine === firstLine && e.col === col) shifted = e.findings
      else {
        shifted = at === 0 && firstLine === 1 && col === 0 ? r.findings : r.findings.map((f) => shiftFinding(f, at, firstLine - 1, col))
        c.emitted = { at, firstLine, col, result: r, findings: shifted }
      }
      for (const f of shifted) findings.push(f)
      // Kept chunks keep their errors too: `errors` describes the whole draft as it is now.
      if (r.errors) {
        errors ??= new Map()
        for (const e of r.errors) {
          const seen = errors.get(e.ruleId)
          if (seen) seen.sentences += e.sentences
          else errors.set(e.ruleId, { ...e, start: e.start + at, line: e.line + firstLine - 1, column: e.line === 1 ? e.column + col : e.column })
        }
      }
      if (prose.directives.length) {
        directives ??= []
        for (const d of prose.directives) directives.push({ ...d, start: d.start + at, end: d.end + at })
      }
      firstLine += c.lines.count - 1
      col = c.lines.count === 1 ? col + c.text.length : c.text.length - c.lines.lastLineStart
      yield
    }
    return { treatment: mostNamed(counts), findings, directives, firstLines, errors: errors ? [...errors.values()] : [] }
  }

  /**
   * The draft's treatment before anything is linted, for a draft seen for the
   * first time: every chunk is parsed (and keeps its sentences until the
   * pass lints it), so the pass lints once with the right treatment. Only
   * for drafts up to PARSE_AHEAD_MAX: a longer one would hold all its
   * sentences at once, and gets prescan()'s guess instead.
   */
  private *parseAhead(list: readonly Chunk[], labels: readonly string[], labelsKey: string, stats: UpdateStats): Generator<void, string | undefined, void> {
    const counts = new Map<string, number>()
    let depth = 0
    for (const c of list) {
      const prose = this.proseOf(c, depth, labels, labelsKey, stats)
      depth = prose.depthOut
      for (const [t, k] of prose.counts) counts.set(t, (counts.get(t) ?? 0) + k)
      yield
    }
    return mostNamed(counts)
  }

  /**
   * A first guess at the draft's treatment, from its raw words (sentences
   * not yet found): right for almost every draft, and checked against the
   * real count after the first pass.
   */
  private *prescan(text: string): Generator<void, string | undefined, void> {
    const lexicon = this.ruleSet.lexicon
    const counts = new Map<string, number>()
    // In stretches cut at line breaks, so a 10 MB draft yields in between.
    const STRETCH = 64 * 1024
    for (let from = 0; from < text.length; ) {
      let to = from + STRETCH >= text.length ? text.length : text.indexOf('\n', from + STRETCH) + 1
      if (to <= 0) to = text.length
      const norms = (text.slice(from, to).match(/[\p{L}\p{N}][\p{L}\p{N}'’]*/gu) ?? []).map(normalizeWord)
      const ends = lexicon.ends('treatment', norms, norms.map((w) => lexicon.starts(w)))
      for (let i = 0; i < ends.length; i++) {
        if (ends[i] > i) {
          const t = norms.slice(i, ends[i]).join(' ')
          counts.set(t, (counts.get(t) ?? 0) + 1)
          i = ends[i] - 1
        }
      }
      from = to
      yield
    }
    return mostNamed(counts)
  }

  /**
   * The chunks of the new text. Only the stretch an edit touched is cut
   * again: from the chunk before the first changed character, until a chunk
   * start falls where an old one did inside the unchanged end of the text
   * (from a chunk start on, the cut is the same as before). Chunks outside
   * that stretch are kept as they are; inside it, an old chunk with the same
   * text is kept too.
   */
  private rechunk(text: string): { starts: number[]; list: Chunk[] } {
    const last = this.last
    const format = this.format
    const fm = frontMatter(text, format)
    const make = (t: string, first: boolean, reuse?: Map<string, Chunk[]>): Chunk => {
      const old = reuse?.get(t)?.find((c) => c.first === first)
      // A slice would keep this whole version of the draft alive for as long as the chunk lives: copy it.
      return old ?? new Chunk(last ? copy(t) : t, first, format)
    }
    const byText = (chunks: readonly Chunk[]): Map<string, Chunk[]> => {
      const m = new Map<string, Chunk[]>()
      for (const c of chunks) {
        const l = m.get(c.text)
        if (l) l.push(c)
        else m.set(c.text, [c])
      }
      return m
    }
    const slices = (starts: readonly number[], from: number, to: number, reuse?: Map<string, Chunk[]>): Chunk[] => {
      const out: Chunk[] = []
      for (let i = from; i < to; i++) out.push(make(text.slice(starts[i], i + 1 < starts.length ? starts[i + 1] : text.length), i === 0, reuse))
      return out
    }
    let starts: number[]
    let list: Chunk[]
    if (last && last.text === text) {
      starts = last.starts
      list = last.list
    } else if (!last || last.frontMatter !== fm) {
      starts = chunkStarts(text, format)
      list = slices(starts, 0, starts.length, last ? byText(last.list) : undefined)
    } else {
      const old = last.text
      const n0 = old.length
      const n1 = text.length
      const { prefix: p, suffix: q } = commonEnds(old, text)
      const delta = n1 - n0
      const oldStarts = last.starts
      // The old chunk holding the first change, and the one before it: its first line is unchanged, so it still starts a chunk.
      let k = 0
      let hi = oldStarts.length - 1
      while (k < hi) {
        const mid = (k + hi + 1) >> 1
        if (oldStarts[mid] <= p) k = mid
        else hi = mid - 1
      }
      const r = Math.max(0, k - 1)
      starts = oldStarts.slice(0, r + 1)
      const suffixFrom = n1 - q
      let j = r + 1
      let resync = -1
      scanStarts(text, format, oldStarts[r], starts, (x) => {
        if (x < suffixFrom) return false
        const xo = x - delta
        while (j < oldStarts.length && oldStarts[j] < xo) j++
        if (j < oldStarts.length && oldStarts[j] === xo) resync = j
        return resync >= 0
      })
      const rescanned = starts.length - r - (resync >= 0 ? 1 : 0)
      if (resync >= 0) for (let t = resync + 1; t < oldStarts.length; t++) starts.push(oldStarts[t] + delta)
      const replaced = last.list.slice(r, resync >= 0 ? resync : last.list.length)
      list = [...last.list.slice(0, r), ...slices(starts, r, r + rescanned, byText(replaced)), ...(resync >= 0 ? last.list.slice(resync) : [])]
    }
    this.last = { text, starts, list, frontMatter: fm }
    return { starts, list }
  }

  private classesFor(treatment: string | undefined): ReadonlySet<string> {
    const key = treatment ?? ''
    let c = this.classesByTreatment.get(key)
    if (!c) this.classesByTreatment.set(key, (c = topicClasses({ treatment, counts: new Map() }, this.ruleSet.lexicon)))
    return c
  }

  private proseOf(c: Chunk, depthIn: number, labels: readonly string[], labelsKey: string, stats: UpdateStats): ChunkProse {
    const markdown = this.format === 'markdown'
    if (markdown && c.labelsKey !== labelsKey) {
      c.suffix = definitionSuffix(c.text, labels)
      c.labelsKey = labelsKey
    }
    const p = c.prose
    if (p && p.suffix === c.suffix && (!markdown || p.depthIn === depthIn)) return p
    stats.parsed++
    const prose = this.parse(c, c.suffix, depthIn)
    c.prose = prose
    return prose
  }

  /** Parse a chunk into sentences (same text, suffix and depth: same sentences). */
  private parse(c: Chunk, suffix: string, depthIn: number): ChunkProse {
    let blocks: ProseBlock[]
    let comments: Comment[]
    let depthOut = 0
    // Trailing blank lines hold no prose and can be most of a pasted export.
    const end = contentEnd(c.text)
    const body = end === c.text.length ? c.text : c.text.slice(0, end)
    if (this.format === 'markdown' && !pathologicalMarkdown(body)) {
      const r = resolveItems(markdownItems(body, c.first, suffix), depthIn)
      blocks = r.blocks
      comments = r.comments
      depthOut = r.referencesDepth
    } else {
      const r = plainProse(body)
      blocks = r.blocks
      comments = r.comments
    }
    const views: SentenceView[] = []
    for (const b of blocks) for (const s of blockSentences(c.text, b)) views.push(new SentenceView(s, this.ruleSet.lexicon))
    const counts = new Map<string, number>()
    for (const v of views) for (const t of treatmentsIn(v)) counts.set(t, (counts.get(t) ?? 0) + 1)
    return { suffix, depthIn, depthOut, views, counts: [...counts], directives: parseDirectives(comments) }
  }

  private lintChunk(
    c: Chunk,
    prose: ChunkProse,
    topic: DraftTopic,
    classes: ReadonlySet<string>,
    distancedIn: boolean,
    currentRefs: () => { key: string; refs: DraftReferences },
  ): ChunkResult {
    let refsKey: string | undefined
    const cited: CitedLookup = (v) => {
      if (!CITES.test(v.sentence.text)) return []
      const r = currentRefs()
      refsKey = r.key
      return citedSources(v, r.refs, this.evidence)
    }
    const rules = this.ruleSet.rules
    const severity = this.options.severity
    const reviews = this.options.reviews
    const findings: Finding[] = []
    let errors: Map<string, RuleError> | undefined
    let view: SentenceView | undefined
    // A rule that throws is recorded (first sentence, count) and skipped for that sentence only.
    const onError = (rule: Rule, err: unknown): void => {
      errors ??= new Map()
      const seen = errors.get(rule.id)
      if (seen) {
        seen.sentences++
        return
      }
      const at = view!.sentence.start
      const pos = c.lines.position(at)
      const e = err instanceof Error ? err : undefined
      errors.set(rule.id, {
        ruleId: rule.id,
        pack: rule.pack,
        file: rule.file,
        message: e ? e.message : String(err),
        stack: e?.stack,
        start: at,
        line: pos.line,
        column: pos.column,
        sentences: 1,
      })
    }
    let distanced = distancedIn
    for (const v of prose.views ?? []) {
      view = v
      v.setTopicClasses(classes)
      const isTitle = v.sentence.block.kind === 'heading' || (v.sentence.isHeading && v.sentence.block.kind === 'line')
      if (isTitle) distanced = isDistancing(v)
      for (const f of lintSentence(v, topic, rules, distanced && !isTitle, cited, onError)) {
        const sev = severityOf(f, severity)
        if (sev === 'off') continue
        const a = c.lines.position(f.start)
        const b = c.lines.position(f.end)
        const finding: Finding = {
          ruleId: f.ruleId,
          category: f.category,
          severity: sev,
          message: f.message,
          start: f.start,
          end: f.end,
          url: f.url,
          source: f.source,
          sentence: f.sentence,
          actual: f.actual,
          notes: f.notes,
          pack: f.pack,
          // The order of keys is the JSON output's.
          line: a.line,
          column: a.column,
          endLine: b.line,
          endColumn: b.column,
        }
        if (reviews && reviews.dismissals.length > 0 && isDismissed(finding, c.text, reviews.dismissals, reviews.file)) continue
        findings.push(finding)
      }
    }
    findings.sort((x, y) => x.start - y.start || x.end - y.end || x.ruleId.localeCompare(y.ruleId))
    return { prose, treatment: topic.treatment, distancedIn, distancedOut: distanced, refsKey, findings, errors: errors ? [...errors.values()] : undefined }
  }
}
