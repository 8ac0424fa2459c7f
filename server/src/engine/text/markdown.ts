// Markdown drafts: parse with remark (GFM + front matter) and keep only the
// prose. Everything that is not prose (code, HTML, link targets, front matter,
// URLs of autolinks, reference definitions) is masked with spaces so that
// offsets in the masked text are the source offsets, exactly.
import { unified } from 'unified'
import remarkParse from 'remark-parse'
import remarkGfm from 'remark-gfm'
import remarkFrontmatter from 'remark-frontmatter'
import type { Block, LinkSpan } from '../types.js'

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

const parser = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml'])

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

export function markdownProse(text: string): MarkdownProse {
  const tree = parser.parse(text) as unknown as MdNode
  const blocks: ProseBlock[] = []
  const comments: Comment[] = []
  // Depth of a "References" heading we are under; its list is bibliography, not prose.
  let referencesDepth = 0

  const collectComments = (node: MdNode): void => {
    if (node.type === 'html' && node.value && node.value.includes('<!--')) {
      const o = off(node)
      if (o) comments.push({ start: o[0], end: o[1], value: node.value })
    }
    for (const c of node.children ?? []) collectComments(c)
  }

  const phrasing = (node: MdNode, block: ProseBlock): void => {
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
          if (!isAutolink) phrasing(child, block)
          break
        }
        case 'emphasis':
        case 'strong':
        case 'delete':
        case 'linkReference':
          phrasing(child, block)
          break
        case 'html':
          collectComments(child)
          break
        default:
          // inlineCode, image, imageReference, break: not prose.
          break
      }
    }
  }

  const makeBlock = (node: MdNode, kind: ProseBlock['kind']): void => {
    const o = off(node)
    if (!o) return
    const block: ProseBlock = { kind, start: o[0], end: o[1], links: [] as LinkSpan[], ranges: [] }
    phrasing(node, block)
    if (block.ranges.length > 0) blocks.push(block)
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
      case 'html':
        collectComments(node)
        return
      case 'heading': {
        const depth = node.depth ?? 1
        const o = off(node)
        const title = o ? headingText(node) : ''
        if (referencesDepth && depth <= referencesDepth) referencesDepth = 0
        if (REFERENCE_HEADING.test(title.trim())) {
          referencesDepth = depth
          return
        }
        if (!referencesDepth) makeBlock(node, 'heading')
        return
      }
      case 'paragraph':
        if (!referencesDepth) makeBlock(node, inList ? 'listItem' : 'paragraph')
        return
      case 'tableCell':
        if (!referencesDepth) makeBlock(node, 'tableCell')
        return
      default:
        for (const c of node.children ?? []) walk(c, inList || node.type === 'listItem')
    }
  }

  walk(tree, false)
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
