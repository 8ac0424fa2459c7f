// Turn prose blocks into sentences of tokens with retext-english (the
// parse-english tokenizer). Each block is parsed on its own: that keeps a
// heading or a bullet a sentence of its own, and is what lets a later edit
// re-parse only the block it touched.
import { unified } from 'unified'
import retextEnglish from 'retext-english'
import type { ProseBlock } from './markdown.js'
import { deconfuse } from './confusables.js'
import { emptyArray } from '../packs/pattern.js'
import type { Sentence, Token, TokenKind } from '../types.js'

const english = unified().use(retextEnglish)

interface NlNode {
  type: string
  value?: string
  children?: NlNode[]
  position?: { start: { offset?: number }; end: { offset?: number } }
}

/** Masked text of a block: prose kept, everything else spaces (newlines kept). */
export function maskBlock(text: string, block: ProseBlock): string {
  let out = ''
  let at = block.start
  for (const [s, e] of block.ranges) {
    // Ranges come in order, inside the block; anything else takes the general way.
    if (s < at || e > block.end) return maskSlow(text, block)
    if (s > at) out += text.slice(at, s).replace(/[^\r\n]/g, ' ')
    out += text.slice(s, e)
    at = e
  }
  if (at < block.end) out += text.slice(at, block.end).replace(/[^\r\n]/g, ' ')
  return out
}

function maskSlow(text: string, block: ProseBlock): string {
  const len = block.end - block.start
  const chars: string[] = new Array(len)
  for (let i = 0; i < len; i++) {
    const c = text[block.start + i]
    chars[i] = c === '\n' || c === '\r' ? c : ' '
  }
  for (const [s, e] of block.ranges) {
    for (let i = s; i < e; i++) chars[i - block.start] = text[i]
  }
  return chars.join('')
}

const HYPHENS = new Set(['-', '‐', '‑', '–'])

/**
 * A token, made by `new` rather than as an object literal: V8 allocates a
 * literal's objects straight into the old generation once most of them
 * survive (tokens live as long as their sentence), and in CPU profiles that
 * made creating tokens the costliest step after the tokenizer, and added to
 * GC time. Same fields, in the same order.
 */
class WordToken implements Token {
  text: string
  norm: string
  start: number
  end: number
  kind: TokenKind

  constructor(text: string, norm: string, start: number, end: number, kind: TokenKind) {
    this.text = text
    this.norm = norm
    this.start = start
    this.end = end
    this.kind = kind
  }
}

/** What a word's text reads as: kept per distinct text (see `forms`). */
interface WordForms {
  /** The text itself: one string shared by every token with this text. */
  text: string
  norm: string
  kind: 'word' | 'number'
}

// Words repeat: their forms are kept (up to a bound, then started afresh).
// Tokens take the kept text too, so the strings the tokenizer made for them
// die young instead of living as long as the sentence.
const formsCache = new Map<string, WordForms>()

function forms(s: string): WordForms {
  let f = formsCache.get(s)
  if (f !== undefined) return f
  // Soft hyphens and zero-width characters are invisible; look-alike letters
  // from other scripts read as the Latin letters they imitate.
  let t = deconfuse(s.normalize('NFKC').toLowerCase().replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '').replace(/[’‘`´]/g, "'"))
  // "al." -> "al"; keeps "e.g" recognisable too.
  while (t.endsWith('.') && t.length > 1) t = t.slice(0, -1)
  // Possessives read as the noun: "ketamine's effects" is about ketamine.
  if (t.length > 3 && t.endsWith("'s") && t !== "it's" && t !== "that's" && t !== "what's") t = t.slice(0, -2)
  // A word already in normal form shares its string with its norm.
  f = { text: t === s ? t : s, norm: t, kind: isNumeric(s) ? 'number' : 'word' }
  if (formsCache.size >= 50_000) formsCache.clear()
  formsCache.set(s, f)
  return f
}

export function normalizeWord(s: string): string {
  return forms(s).norm
}

const isNumeric = (s: string): boolean => {
  const c = s.charCodeAt(0)
  return c >= 48 && c <= 57 && /^[0-9][0-9.,]*$/.test(s)
}

/** The tokens of a word node, offsets plus `base`. */
function wordTokens(node: NlNode, tokens: Token[], base: number): void {
  const kids = node.children
  if (kids === undefined) return
  // Most words are one text node: one token.
  if (kids.length === 1 && kids[0].type === 'TextNode') {
    const k = kids[0]
    const text = k.value ?? ''
    if (text === '') return
    const s = (k.position?.start.offset ?? 0) + base
    const f = forms(text)
    tokens.push(new WordToken(f.text, f.norm, s, (k.position?.end.offset ?? s - base) + base, f.kind))
    return
  }
  // Split a word at inner hyphens: "FDA-approved" -> "fda", "approved".
  let partStart = -1
  let partEnd = 0
  let buf = ''
  for (let i = 0; i <= kids.length; i++) {
    const k = i < kids.length ? kids[i] : undefined
    if (k === undefined || (k.type === 'PunctuationNode' && HYPHENS.has(k.value ?? ''))) {
      // The end of a part: a hyphen or the end of the word.
      if (partStart !== -1 && buf !== '') {
        const f = forms(buf)
        tokens.push(new WordToken(f.text, f.norm, partStart + base, partEnd + base, f.kind))
        partStart = -1
        buf = ''
      }
      continue
    }
    const s = k.position?.start.offset ?? 0
    if (partStart === -1) partStart = s
    buf += k.value ?? ''
    partEnd = k.position?.end.offset ?? s
  }
}

/** A sentence, made by `new` for the reason WordToken is. Same fields, in the same order. */
class SentenceRecord implements Sentence {
  start: number
  end: number
  text: string
  tokens: Token[]
  block: ProseBlock
  isHeading: boolean
  isQuestion: boolean

  constructor(start: number, end: number, text: string, tokens: Token[], block: ProseBlock, isHeading: boolean, isQuestion: boolean) {
    this.start = start
    this.end = end
    this.text = text
    this.tokens = tokens
    this.block = block
    this.isHeading = isHeading
    this.isQuestion = isQuestion
  }
}

/** Longest stretch handed to the tokenizer at once (see pieces()). */
export const MAX_PIECE = 8_000

/**
 * A block cut into stretches of at most MAX_PIECE characters, for the
 * tokenizer: parse-latin's time grows with the square of a sentence's
 * length, and a pasted export can hold a "paragraph" of megabytes with no
 * full stop. A cut falls after a sentence end (".", "!" or "?" and a space)
 * where there is one, else at a line break, else at a space, so the
 * sentences of a normal paragraph (far shorter) are never cut.
 */
export function pieces(masked: string): Array<[number, string]> {
  if (masked.length <= MAX_PIECE) return [[0, masked]]
  const out: Array<[number, string]> = []
  let from = 0
  while (masked.length - from > MAX_PIECE) {
    const window = masked.slice(from, from + MAX_PIECE)
    let cut = -1
    const sentenceEnd = /[.!?]["”’')\]]*\s/g
    for (let m = sentenceEnd.exec(window); m; m = sentenceEnd.exec(window)) cut = m.index + m[0].length
    if (cut <= 0) cut = Math.max(window.lastIndexOf('\n'), window.lastIndexOf('\r')) + 1
    if (cut <= 0) cut = window.lastIndexOf(' ') + 1
    if (cut <= 0) {
      // No space at all: cut anyway, but never inside a surrogate pair.
      cut = MAX_PIECE
      const c = window.charCodeAt(cut - 1)
      if (c >= 0xd800 && c <= 0xdbff) cut--
    }
    out.push([from, window.slice(0, cut)])
    from += cut
  }
  out.push([from, masked.slice(from)])
  return out
}

export function blockSentences(text: string, block: ProseBlock): Sentence[] {
  const masked = maskBlock(text, block)
  const out: Sentence[] = []
  for (const [at, piece] of pieces(masked)) pieceSentences(piece, block.start + at, block, out)
  return glueMarkers(out, masked, block.start)
}

/** Sentences of one stretch of a masked block that starts at offset `base` of the draft. */
function pieceSentences(masked: string, base: number, block: ProseBlock, out: Sentence[]): void {
  visit(english.parse(masked) as unknown as NlNode, masked, base, block, out)
}

// visit, collect and sentenceOf are plain functions, not closures made per
// piece and per sentence: they run for every sentence of every draft.

function visit(node: NlNode, masked: string, base: number, block: ProseBlock, out: Sentence[]): void {
  if (node.type === 'SentenceNode') {
    sentenceOf(node, masked, base, block, out)
    return
  }
  if (node.children) for (const c of node.children) visit(c, masked, base, block, out)
}

function collect(n: NlNode, tokens: Token[], base: number): void {
  if (n.type === 'WordNode') {
    wordTokens(n, tokens, base)
    return
  }
  if (n.type === 'PunctuationNode' || n.type === 'SymbolNode') {
    const s = (n.position?.start.offset ?? 0) + base
    const e = (n.position?.end.offset ?? 0) + base
    const v = n.value ?? ''
    tokens.push(new WordToken(v, v, s, e, n.type === 'PunctuationNode' ? 'punct' : 'symbol'))
    return
  }
  if (n.children) for (const c of n.children) collect(c, tokens, base)
}

/** The sentence of a SentenceNode, added to `out` if it has a word. */
function sentenceOf(node: NlNode, masked: string, base: number, block: ProseBlock, out: Sentence[]): void {
  const tokens: Token[] = emptyArray()
  collect(node, tokens, base)
  if (tokens.length === 0) return
  const start = tokens[0].start
  const end = tokens[tokens.length - 1].end
  let words = 0
  for (const t of tokens) if (t.kind === 'word' || t.kind === 'number') words++
  if (words === 0) return
  const last = tokens[tokens.length - 1]
  const closed = /[.!?:]/.test(last.text) || (tokens.length > 1 && /[.!?]/.test(tokens[tokens.length - 2].text) && /["”’')\]]/.test(last.text))
  const isHeading =
    block.kind === 'heading' ||
    ((block.kind === 'line' || block.kind === 'listItem' || block.kind === 'tableCell') && !closed && words <= 14)
  out.push(
    new SentenceRecord(
      start,
      end,
      // The masked slice: same offsets as the source, markup (code, URLs, tags) blanked.
      masked.slice(start - base, end - base),
      tokens,
      block,
      isHeading,
      last.text.includes('?') || (tokens.length > 1 && tokens[tokens.length - 2].text.includes('?')),
    ),
  )
}

/**
 * "...suffer from anxiety.[1] Unfortunately..." - the tokenizer starts the
 * next sentence at "[1]"; the marker belongs to the sentence it closes.
 */
function glueMarkers(sentences: Sentence[], masked: string, base: number): Sentence[] {
  for (let i = 1; i < sentences.length; i++) {
    const prev = sentences[i - 1]
    const cur = sentences[i]
    if (cur.start !== prev.end) continue
    const t = cur.tokens
    if (t[0]?.text !== '[') continue
    let j = 1
    while (j < t.length && t[j].text !== ']' && j < 8) j++
    if (t[j]?.text !== ']') continue
    const moved = t.splice(0, j + 1)
    prev.tokens.push(...moved)
    prev.end = moved[moved.length - 1].end
    prev.text = masked.slice(prev.start - base, prev.end - base)
    if (t.length === 0) {
      // The marker was all there was: it now closes the previous sentence.
      sentences.splice(i, 1)
      i--
      continue
    }
    cur.start = t[0].start
    cur.text = masked.slice(cur.start - base, cur.end - base)
  }
  // Usually every sentence keeps a word: then no new array.
  const hasWord = (s: Sentence): boolean => s.tokens.some((t) => t.kind === 'word' || t.kind === 'number')
  return sentences.every(hasWord) ? sentences : sentences.filter(hasWord)
}
