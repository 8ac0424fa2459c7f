// Fixes for document findings, as edits a code action or `report` can apply:
//   balance      insert a "Risks and side effects" section at the end of the
//                benefits section, from the topic pack's safety rewrites,
//                each cited in the draft's own style
//   off-label    insert the pack's off-label statement (with its sources)
//                after the first paragraph that names the condition
//   options      insert an "Other treatment options" section at the end of
//                the draft (or add to one already there): for each condition
//                the draft promotes without naming first-line care, the topic
//                pack's comparative rewrite for it, else the condition's
//                `options:` entry (rules/packs/first-line.yaml), each cited
//   currency     insert "Last reviewed: <today>" under the title
//   sources      add the missing reference entry for a footnote that names
//                a library source ([^feder2021] with no definition)
// Other document findings need a person (who the author is, which source a
// bare [3] meant, how to say a paragraph more simply) and get no fix.
import { citeInDraft, detectStyle, type CitationStyle } from '../rewrite/references.js'
import { editsBetween } from '../rewrite/suggestions.js'
import type { TextEdit } from '../rewrite/soften.js'
import type { EvidenceEntry } from '../evidence.js'
import type { Rewrite } from '../packs/load.js'
import type { DocFinding } from '../types.js'
import { ReviewDraft, trimEnd, upperFirst, type ReviewOptions } from './draft.js'
import { balanceStats } from './balance.js'
import { offLabelStats, UNAPPROVED } from './off-label.js'
import { optionsStats } from './options.js'

export type DocFixKind = 'risks-section' | 'off-label-statement' | 'options-section' | 'review-date' | 'reference-entry'

export interface DocFix {
  kind: DocFixKind
  title: string
  /** The fix a "fix all" applies. */
  preferred: boolean
  /** Edits to the draft, UTF-16 offsets into the text the fix was computed for; apply all together. */
  edits: TextEdit[]
  /** Other files to change: a pandoc bibliography, relative to the draft. */
  files?: Array<{ path: string; entries: EvidenceEntry[] }>
  /** Evidence ids the inserted text cites. */
  sources: string[]
  /** Pack rewrites the inserted text comes from. */
  rewrites: string[]
  /** Where the inserted text sits in the text after the fix. */
  region: { start: number; end: number }
}

export interface DocFixOptions extends ReviewOptions {
  citationStyle?: CitationStyle
  /** Reuse a review of the same text. */
  draft?: ReviewDraft
}

interface Block {
  text: string
  sources: EvidenceEntry[]
  rewrite?: string
}

/** Text a fix inserts, with its sources: a pack rewrite or an `options:` entry. */
type Insertable = Pick<Rewrite, 'id' | 'text' | 'sources'>

const OPTIONS_TITLE = /^other (treatment )?options\s*:?\s*$/i

/** The end of the paragraph (or run of lines, or tight list) holding `offset`: the next blank line. */
function paragraphEnd(d: ReviewDraft, offset: number): number {
  const blank = /\r?\n[ \t]*\r?\n/g
  blank.lastIndex = offset
  const m = blank.exec(d.text)
  return trimEnd(d.text, Math.min(m ? m.index : d.text.length, d.bodyEnd), offset)
}

/** Fixes for one document finding (from reviewDraft on the same text). */
export function docFixes(text: string, finding: Pick<DocFinding, 'ruleId' | 'start' | 'end'>, options: DocFixOptions): DocFix[] {
  const d = options.draft ?? new ReviewDraft(text, options.format, options)
  const style = options.citationStyle ?? detectStyle(text, options.format)
  const eol = d.eol
  const heading = (title: string, depth = 2): string => (d.format === 'markdown' ? `${'#'.repeat(depth)} ${title}` : title)
  const entriesOf = (r: Insertable): EvidenceEntry[] | undefined => {
    const out = r.sources.map((id) => d.evidence.entries.get(id))
    return out.every((e): e is EvidenceEntry => e !== undefined) ? out : undefined
  }
  const blocksOf = (rewrites: Insertable[]): Block[] =>
    rewrites.flatMap((r) => {
      const sources = entriesOf(r)
      const sentence = r.text.replace(/\s+/g, ' ').trim()
      // Already in the draft (a second run): nothing to add.
      if (!sources || d.text.replace(/\s+/g, ' ').includes(sentence)) return []
      return [{ text: sentence, sources, rewrite: r.id }]
    })
  const ruleCategory = (id: string): string | undefined => d.ruleSet.rules.find((r) => r.id === id)?.category

  switch (finding.ruleId) {
    case 'balance/benefits-without-risks':
    case 'balance/risks-underweighted': {
      const stats = balanceStats(d)
      if (stats.insertAt === undefined) return []
      const blocks = blocksOf(d.rewrites((id) => ruleCategory(id) === 'safety'))
      if (blocks.length === 0) return []
      const depth = stats.benefitsHeading && stats.benefitsHeading.depth >= 2 ? stats.benefitsHeading.depth : 2
      blocks[0] = { ...blocks[0], text: `${eol}${eol}${heading('Risks and side effects', depth)}${eol}${eol}${blocks[0].text}` }
      for (let i = 1; i < blocks.length; i++) blocks[i] = { ...blocks[i], text: `${eol}${eol}${blocks[i].text}` }
      return [make('risks-section', `Add a "Risks and side effects" section (${blocks.map((b) => b.rewrite).join(', ')})`, stats.insertAt, blocks)]
    }
    case 'off-label/not-disclosed': {
      const stats = offLabelStats(d)
      const condition = stats.condition
      if (!condition) return []
      const rewrites = d.rewrites((id) => ruleCategory(id) === 'regulatory', (r) => (r.when ?? []).length > 0 && (r.when ?? []).some((c) => condition.view.has(c)))
      let blocks = blocksOf(rewrites.slice(0, 1))
      if (blocks.length === 0) {
        const t = upperFirst(d.treatmentName())
        blocks = [{ text: `${t} is not FDA-approved to treat ${condition.words}. Using it for ${condition.words} is off-label.`, sources: [] }]
      }
      // After the first paragraph at or after the first mention of the condition.
      const para = d.views.find((v) => v.sentence.start >= condition.view.sentence.start && !d.isHeadingView(v) && v.has(stats.className ?? UNAPPROVED)) ?? d.views.find((v) => v.sentence.start >= condition.view.sentence.start && !d.isHeadingView(v))
      const at = para ? paragraphEnd(d, para.sentence.block.end) : d.bodyEnd
      blocks[0] = { ...blocks[0], text: `${eol}${eol}${blocks[0].text}` }
      return [make('off-label-statement', `Say that this use is off-label${blocks[0].rewrite ? ` (${blocks[0].rewrite})` : ''}`, at, blocks)]
    }
    case 'options/no-first-line': {
      // One section for every condition left without first-line care, so one
      // fix clears all of them. Per condition: the topic pack's comparative
      // rewrite for it when the draft is about that topic, else the
      // condition's options entry, with {treatment} filled in.
      const treatment = d.treatmentName()
      const blocks = optionsStats(d)
        .conditions.filter((x) => !x.mentioned)
        .flatMap((c) => {
          const fromTopic = d.rewrites((id) => ruleCategory(id) === 'comparative', (r) => (r.when ?? []).includes(c.className)).slice(0, 1)
          if (fromTopic.length > 0) return blocksOf(fromTopic)
          return c.option ? blocksOf([{ id: c.option.id, text: fillTreatment(c.option.text, treatment), sources: c.option.sources }]) : []
        })
      if (blocks.length === 0) return []
      const title = `Add an "Other treatment options" section (${blocks.map((b) => b.rewrite).join(', ')})`
      // A section of that name already there (a condition added since): add to its end.
      const existing = d.headings.find((h) => OPTIONS_TITLE.test(h.title.trim()))
      for (let i = 0; i < blocks.length; i++) {
        const lead = i === 0 && !existing ? `${eol}${eol}${heading('Other treatment options')}${eol}${eol}` : `${eol}${eol}`
        blocks[i] = { ...blocks[i], text: `${lead}${blocks[i].text}` }
      }
      return [make('options-section', title, existing ? d.section(existing).end : d.bodyEnd, blocks)]
    }
    case 'currency/no-date': {
      const day = d.now.toISOString().slice(0, 10)
      const line = `Last reviewed: ${day}`
      const title = d.title
      const edit = title ? { start: title.end, end: title.end, newText: `${eol}${eol}${line}` } : { start: d.bodyStart, end: d.bodyStart, newText: `${line}${eol}${eol}` }
      const at = title ? title.end + 2 * eol.length : d.bodyStart
      return [{ kind: 'review-date', title: `Add "${line}"`, preferred: true, edits: [edit], sources: [], rewrites: [], region: { start: at, end: at + line.length } }]
    }
    case 'sources/unresolved-citation': {
      const marker = /^\[\^([^\]\s]+)\]$/.exec(text.slice(finding.start, finding.end))
      const entry = marker ? d.evidence.entries.get(marker[1]) : undefined
      if (!marker || !entry) return []
      // Re-cite the marker in footnote style: the definition is added under References.
      const cited = citeInDraft(text, d.format, finding.start, finding.end, '', [entry], 'footnote')
      return [
        {
          kind: 'reference-entry',
          title: `Add the reference for [^${entry.id}]`,
          preferred: true,
          edits: editsBetween(text, cited.text),
          sources: [entry.id],
          rewrites: [],
          region: cited.region ?? { start: finding.start, end: finding.end },
        },
      ]
    }
    default:
      return []
  }

  /** Insert blocks one after another at `at`, each cited in the draft's style. */
  function make(kind: DocFixKind, title: string, at: number, blocks: Block[]): DocFix {
    let cur = text
    let pos = at
    let first: number | undefined
    const files: NonNullable<DocFix['files']> = []
    for (const b of blocks) {
      const r = b.sources.length > 0 ? citeInDraft(cur, d.format, pos, pos, b.text, b.sources, style) : { text: cur.slice(0, pos) + b.text + cur.slice(pos), region: { start: pos, end: pos + b.text.length }, files: undefined }
      const region = r.region ?? { start: pos, end: pos + b.text.length }
      first ??= region.start
      pos = region.end
      cur = r.text
      if (r.files) files.push(...r.files)
    }
    const start = first ?? at
    const lead = /^\s*/.exec(cur.slice(start))?.[0].length ?? 0
    return {
      kind,
      title,
      preferred: true,
      edits: editsBetween(text, cur),
      files: files.length ? files : undefined,
      sources: [...new Set(blocks.flatMap((b) => b.sources.map((s) => s.id)))],
      rewrites: blocks.flatMap((b) => (b.rewrite ? [b.rewrite] : [])),
      region: { start: start + lead, end: pos },
    }
  }
}

/** An options text with {treatment} replaced by the draft's treatment, capitalised where a sentence starts. */
export function fillTreatment(text: string, treatment: string): string {
  return text.replace(/\{treatment\}/g, (_m, at: number) => (at === 0 || /[.!?]\s+$/.test(text.slice(0, at)) ? upperFirst(treatment) : treatment))
}
