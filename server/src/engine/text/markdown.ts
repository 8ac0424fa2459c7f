// Markdown drafts: parse with remark (GFM + front matter) and keep only the
// prose. Everything that is not prose (code, HTML, link targets, front matter,
// URLs of autolinks, reference definitions) is masked with spaces so that
// offsets in the masked text are the source offsets, exactly.
//
// A draft is parsed chunk by chunk (text/chunks.ts): each chunk on its own,
// with the reference definitions it uses from elsewhere in the draft
// appended, so an edit re-parses one chunk. What one chunk tells the next
// (being under a "References" heading) is carried from chunk to chunk.
import { unified } from 'unified'
import remarkParse from 'remark-parse'
import remarkGfm from 'remark-gfm'
import remarkFrontmatter from 'remark-frontmatter'
import type { Block, LinkSpan } from '../types.js'
import { chunkStarts } from './chunks.js'

export interface ProseBlock extends Block {
  /** Ranges of source text that are prose inside the block. */
  ranges: Array<[number, number]>
}

export interface Comment {
  start: number
  end: number
  value: string
}

export interface MarkdownProse {
  blocks: ProseBlock[]
  comments: Comment[]
}

// Compiled once. GFM costs as much again as CommonMark, so a chunk with
// nothing GFM could act on (no table pipe, tilde, footnote, task box or
// autolink literal) is parsed without it; the tree is the same.
const commonmark = unified().use(remarkParse).freeze()
const gfm = unified().use(remarkParse).use(remarkGfm).freeze()
const withFrontmatter = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']).freeze()
const GFM_TRIGGER = /[|~@]|\[\^|\[[ xX]\]|www\.|https?:|mailto:|xmpp:/i

interface MdNode {
  type: string
  children?: MdNode[]
  value?: string
  url?: string
  depth?: number
  position?: { start: { offset?: number }; end: { offset?: number } }
}

const REFERENCE_HEADING = /^(references?|sources?|bibliography|citations?|works cited|footnotes?|notes)$/i

const off = (n: MdNode): [number, number] | undefined => {
  const s = n.position?.start.offset
  const e = n.position?.end.offset
  return s === undefined || e === undefined ? undefined : [s, e]
}

/** What a chunk holds, in order, before knowing whether it sits under a "References" heading. */
export type MarkdownItem =
  | { kind: 'comment'; comment: Comment }
  | { kind: 'heading'; depth: number; references: boolean; block?: ProseBlock; comments: Comment[] }
  | { kind: 'block'; block?: ProseBlock; comments: Comment[] }

// A reference definition ([label]: url) or footnote definition ([^id]: text) on a line of its own.
const DEFINITION = /^ {0,3}\[((?:[^\\\]\r\n]|\\.)+)\]:/gm

/** Labels a chunk defines, as written. */
export function definedLabels(chunk: string): string[] {
  if (!chunk.includes(']:')) return []
  const out: string[] = []
  DEFINITION.lastIndex = 0
  for (let m = DEFINITION.exec(chunk); m; m = DEFINITION.exec(chunk)) out.push(m[1])
  return out
}

const normalLabel = (label: string): string => label.replace(/\s+/g, ' ').trim().toLowerCase()

/**
 * The definitions from elsewhere in the draft that a chunk may use,
 * appended after it so that a reference-style link or a footnote call
 * parses as it does in the whole draft. Empty when it uses none.
 */
export function definitionSuffix(chunk: string, labels: readonly string[]): string {
  if (labels.length === 0 || !chunk.includes(']')) return ''
  const lower = chunk.toLowerCase()
  let out = ''
  for (const label of labels) {
    const first = normalLabel(label).split(' ')[0]
    if (first === '' || !lower.includes(first)) continue
    out += label.startsWith('^') ? `\n[${label}]: x` : `\n[${label}]: #`
  }
  return out === '' ? '' : `\n\n${out}\n`
}

/** Parse one chunk (offsets relative to it). `first`: the chunk opens the draft (front matter). */
export function markdownItems(chunk: string, first: boolean, suffix = ''): MarkdownItem[] {
  const source = suffix === '' ? chunk : chunk + suffix
  const parser = first && /^\ufeff?(---|\+\+\+)[ \t]*(\r?\n|\r|$)/.test(chunk) ? withFrontmatter : GFM_TRIGGER.test(source) ? gfm : commonmark
  const tree = parser.parse(source) as unknown as MdNode
  const limit = chunk.length
  const items: MarkdownItem[] = []

  const collectComments = (node: MdNode, into: Comment[]): void => {
    if (node.type === 'html' && node.value && node.value.includes('<!--')) {
      const o = off(node)
      // An unclosed comment runs to the end of the chunk, not into the appended definitions.
      if (o && o[0] < limit) into.push({ start: o[0], end: Math.min(o[1], limit), value: o[1] > limit ? chunk.slice(o[0], limit) : node.value })
    }
    for (const c of node.children ?? []) collectComments(c, into)
  }

  const phrasing = (node: MdNode, block: ProseBlock, comments: Comment[]): void => {
    for (const child of node.children ?? []) {
      const o = off(child)
      if (!o) continue
      switch (child.type) {
        case 'text':
          block.ranges.push(o)
          break
        case 'footnoteReference':
          // Kept so that `[^id]` is seen as a citation marker.
          block.ranges.push(o)
          break
        case 'link': {
          block.links.push({ start: o[0], end: o[1], url: child.url ?? '' })
          const kids = child.children ?? []
          const onlyText = kids.length === 1 && kids[0].type === 'text' ? kids[0].value ?? '' : undefined
          // An autolink shows its own URL: that is not prose.
          const isAutolink = onlyText !== undefined && child.url !== undefined && (child.url === onlyText || child.url.endsWith(onlyText) || onlyText.startsWith('http'))
          if (!isAutolink) phrasing(child, block, comments)
          break
        }
        case 'emphasis':
        case 'strong':
        case 'delete':
        case 'linkReference':
          phrasing(child, block, comments)
          break
        case 'html':
          collectComments(child, comments)
          break
        default:
          // inlineCode, image, imageReference, break: not prose.
          break
      }
    }
  }

  const makeBlock = (node: MdNode, kind: ProseBlock['kind'], comments: Comment[]): ProseBlock | undefined => {
    const o = off(node)
    if (!o || o[0] >= limit) return undefined
    const block: ProseBlock = { kind, start: o[0], end: o[1], links: [] as LinkSpan[], ranges: [] }
    phrasing(node, block, comments)
    return block.ranges.length > 0 ? block : undefined
  }

  const walk = (node: MdNode, inList: boolean): void => {
    switch (node.type) {
      case 'yaml':
      case 'toml':
      case 'code':
      case 'definition':
      case 'footnoteDefinition':
      case 'thematicBreak':
      case 'image':
        return
      case 'html': {
        const comments: Comment[] = []
        collectComments(node, comments)
        for (const comment of comments) items.push({ kind: 'comment', comment })
        return
      }
      case 'heading': {
        const depth = node.depth ?? 1
        const o = off(node)
        if (!o || o[0] >= limit) return
        const title = headingText(node)
        if (REFERENCE_HEADING.test(title.trim())) {
          items.push({ kind: 'heading', depth, references: true, comments: [] })
          return
        }
        const comments: Comment[] = []
        items.push({ kind: 'heading', depth, references: false, block: makeBlock(node, 'heading', comments), comments })
        return
      }
      case 'paragraph': {
        const comments: Comment[] = []
        items.push({ kind: 'block', block: makeBlock(node, inList ? 'listItem' : 'paragraph', comments), comments })
        return
      }
      case 'tableCell': {
        const comments: Comment[] = []
        items.push({ kind: 'block', block: makeBlock(node, 'tableCell', comments), comments })
        return
      }
      default:
        for (const c of node.children ?? []) walk(c, inList || node.type === 'listItem')
    }
  }

  walk(tree, false)
  return items
}

/**
 * The prose of a chunk, given the "References" heading depth in force where
 * it starts (0: none); returns the depth in force after it too. A heading
 * named References (Sources, Notes...) makes everything under it, down to
 * the next heading of the same or a higher level, bibliography, not prose.
 */
export function resolveItems(items: readonly MarkdownItem[], referencesDepth: number): MarkdownProse & { referencesDepth: number } {
  const blocks: ProseBlock[] = []
  const comments: Comment[] = []
  let d = referencesDepth
  for (const item of items) {
    if (item.kind === 'comment') {
      comments.push(item.comment)
      continue
    }
    if (item.kind === 'heading') {
      if (d && item.depth <= d) d = 0
      if (item.references) {
        d = item.depth
        continue
      }
    }
    if (d) continue
    if (item.block) blocks.push(item.block)
    comments.push(...item.comments)
  }
  return { blocks, comments, referencesDepth: d }
}

export function shiftBlock(b: ProseBlock, by: number): ProseBlock {
  return {
    kind: b.kind,
    start: b.start + by,
    end: b.end + by,
    links: b.links.map((l) => ({ start: l.start + by, end: l.end + by, url: l.url })),
    ranges: b.ranges.map(([s, e]): [number, number] => [s + by, e + by]),
  }
}

/** The prose of a whole draft, offsets into `text`. */
export function markdownProse(text: string): MarkdownProse {
  const starts = chunkStarts(text, 'markdown')
  const chunks = starts.map((s, i) => text.slice(s, i + 1 < starts.length ? starts[i + 1] : text.length))
  const labels = [...new Set(chunks.flatMap(definedLabels))]
  const blocks: ProseBlock[] = []
  const comments: Comment[] = []
  let depth = 0
  chunks.forEach((chunk, i) => {
    const r = resolveItems(markdownItems(chunk, i === 0, definitionSuffix(chunk, labels)), depth)
    depth = r.referencesDepth
    for (const b of r.blocks) blocks.push(shiftBlock(b, starts[i]))
    for (const c of r.comments) comments.push({ start: c.start + starts[i], end: c.end + starts[i], value: c.value })
  })
  return { blocks, comments }
}

function headingText(node: MdNode): string {
  let s = ''
  const go = (n: MdNode): void => {
    if (n.type === 'text' || n.type === 'inlineCode') s += n.value ?? ''
    for (const c of n.children ?? []) go(c)
  }
  go(node)
  return s
}
