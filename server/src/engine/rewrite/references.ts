// Citations in the draft's own style, and the reference list they point to.
//   footnote  "...pass.[^short2018]"  + "[^short2018]: Short B, ..." under References
//   pandoc    "...pass [@short2018]." + the entry in the bibliography file the
//             front matter names (CSL-JSON), or a footnote when it names none
//   numbered  "...pass [2]."          + "2. Short B, ..." in the References list,
//             numbers renumbered in order of first use
// Entries are formatted in Vancouver style by citation-js (CSL), never by hand.
import { citationJs } from '../citation.js'
import type { EvidenceEntry } from '../evidence.js'
import { toCsl } from '../evidence.js'
import type { Format } from '../types.js'

export type CitationStyle = 'footnote' | 'pandoc' | 'numbered'

const formatted = new Map<string, string>()

/** One reference in Vancouver style, without its list number. */
export function formatReference(entry: EvidenceEntry): string {
  let s = formatted.get(entry.id)
  if (s === undefined) {
    const out = new (citationJs())([toCsl(entry)]).format('bibliography', { format: 'text', template: 'vancouver', lang: 'en-US' }) as string
    s = out.trim().replace(/^\d+\.\s*/, '').replace(/\s+/g, ' ')
    formatted.set(entry.id, s)
  }
  return s
}

const FOOTNOTE_DEF = /^\[\^([^\]\s]+)\]:/m
const PANDOC_CITE = /\[@[\w:.#$%&\-+?<>~/]+/
const NUMBERED_CITE = /\[(\d{1,3})(?:\s*[,–-]\s*\d{1,3})*\]/
const REFERENCES_HEADING = /^(#{1,6}\s*)?(references|sources|bibliography|works cited)\s*:?\s*$/im

/** The citation style a draft already uses; a new draft gets footnotes (Markdown) or numbers (plain text). */
export function detectStyle(text: string, format: Format): CitationStyle {
  if (format === 'markdown' && (FOOTNOTE_DEF.test(text) || /\[\^[^\]\s]+\]/.test(text))) return 'footnote'
  if (format === 'markdown' && (PANDOC_CITE.test(text) || bibliographyFile(text) !== undefined)) return 'pandoc'
  if (NUMBERED_CITE.test(text)) return 'numbered'
  return format === 'markdown' ? 'footnote' : 'numbered'
}

/** The bibliography file named in YAML front matter, if any. */
export function bibliographyFile(text: string): string | undefined {
  const fm = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)
  if (!fm) return undefined
  const m = /^bibliography:\s*["']?([^"'\r\n]+?)["']?\s*$/m.exec(fm[1])
  return m ? m[1] : undefined
}

const nl = (text: string): string => (text.includes('\r\n') ? '\r\n' : '\n')

/** Where a citation marker goes: before the closing punctuation (numbered, pandoc) or after it (footnote). */
function markerPlace(sentence: string, style: CitationStyle): number {
  const m = /([.!?:]?)(["”’')\]]*)\s*$/.exec(sentence)
  if (!m) return sentence.length
  const punctAt = m.index
  if (style === 'footnote') return punctAt + m[1].length
  return punctAt
}

// Sentinels around the rewritten sentence while the draft is rebuilt, so its
// final place is known exactly (renumbering can shift text before it).
const OPEN = '\u0001'
const CLOSE = '\u0002'

function located(c: CitedText): CitedText {
  const a = c.text.indexOf(OPEN)
  const b = c.text.indexOf(CLOSE)
  if (a === -1 || b === -1) return c
  return { ...c, text: c.text.slice(0, a) + c.text.slice(a + 1, b) + c.text.slice(b + 1), region: { start: a, end: b - 1 } }
}

export interface CitedText {
  /** The whole draft after the change. */
  text: string
  /** Where the cited sentence sits in `text`. */
  region?: { start: number; end: number }
  /** Other files to change: the pandoc bibliography (path relative to the draft). */
  files?: Array<{ path: string; entries: EvidenceEntry[] }>
}

/**
 * Replace [start, end) with `sentence` and cite `sources` after it in the
 * draft's style, adding each source to the reference list once.
 */
export function citeInDraft(text: string, format: Format, start: number, end: number, sentence: string, sources: readonly EvidenceEntry[], style: CitationStyle = detectStyle(text, format)): CitedText {
  if (style === 'pandoc') {
    const bib = bibliographyFile(text)
    if (!bib) style = format === 'markdown' ? 'footnote' : 'numbered'
    else {
      const keys = sources.map((s) => `@${s.id}`).join('; ')
      const cited = markEach(sentence, 'pandoc', ` [${keys}]`)
      return located({ text: text.slice(0, start) + OPEN + cited + CLOSE + text.slice(end), files: [{ path: bib, entries: [...sources] }] })
    }
  }
  if (style === 'footnote') return located(citeFootnotes(text, start, end, sentence, sources))
  return located(citeNumbered(text, format, start, end, sentence, sources))
}

/** Put a marker on every sentence of a (possibly multi-sentence) rewrite: each rests on the sources. */
function markEach(sentence: string, style: CitationStyle, marker: string): string {
  const parts = sentence.split(/(?<=[.!?])(\s+)(?=["“]?\p{Lu})/u)
  let out = ''
  for (let i = 0; i < parts.length; i += 2) {
    const part = parts[i]
    const at = markerPlace(part, style)
    out += part.slice(0, at) + marker + part.slice(at) + (parts[i + 1] ?? '')
  }
  return out
}

function citeFootnotes(text: string, start: number, end: number, sentence: string, sources: readonly EvidenceEntry[]): CitedText {
  const eol = nl(text)
  const markers = sources.map((s) => `[^${s.id}]`).join('')
  let out = text.slice(0, start) + OPEN + markEach(sentence, 'footnote', markers) + CLOSE + text.slice(end)
  const missing = sources.filter((s) => !new RegExp(`^\\[\\^${escape(s.id)}\\]:`, 'm').test(out))
  if (missing.length === 0) return { text: out }
  const defs = missing.map((s) => `[^${s.id}]: ${formatReference(s)}`).join(eol + eol)
  out = appendToReferences(out, defs, eol, '## References')
  return { text: out }
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Append lines under the References heading (created at the end when missing). */
function appendToReferences(text: string, block: string, eol: string, heading: string): string {
  const h = REFERENCES_HEADING.exec(text)
  if (!h) {
    const trimmed = text.replace(/\s*$/, '')
    return `${trimmed}${eol}${eol}${heading}${eol}${eol}${block}${eol}`
  }
  // End of the references section: the next heading or the end of the draft.
  const after = h.index + h[0].length
  const next = /^#{1,6}\s/m.exec(text.slice(after))
  const sectionEnd = next ? after + next.index : text.length
  const section = text.slice(after, sectionEnd).replace(/\s*$/, '')
  const rest = text.slice(sectionEnd)
  return text.slice(0, after) + section + eol + eol + block + eol + (rest ? eol + rest.replace(/^\s*/, '') : '')
}

interface NumberedEntry {
  number: number
  text: string
  start: number
  end: number
}

/** "1. Author..." or "[1] Author..." lines under the References heading. */
function numberedList(text: string): { entries: NumberedEntry[]; start: number; end: number } | undefined {
  const h = REFERENCES_HEADING.exec(text)
  if (!h) return undefined
  const after = h.index + h[0].length
  const next = /^#{1,6}\s/m.exec(text.slice(after))
  const end = next ? after + next.index : text.length
  const entries: NumberedEntry[] = []
  const re = /^[ \t]*(?:\[(\d{1,3})\]|(\d{1,3})\.)[ \t]+(.+)$/gm
  const body = text.slice(after, end)
  for (let m = re.exec(body); m; m = re.exec(body)) entries.push({ number: Number(m[1] ?? m[2]), text: m[3].trim(), start: after + m.index, end: after + m.index + m[0].length })
  return { entries, start: after, end }
}

const identifiesSource = (line: string, s: EvidenceEntry): boolean =>
  (s.DOI !== undefined && line.toLowerCase().includes(s.DOI.toLowerCase())) || (s.PMID !== undefined && line.includes(s.PMID)) || line.includes(formatReference(s).slice(0, 60))

function citeNumbered(text: string, format: Format, start: number, end: number, sentence: string, sources: readonly EvidenceEntry[]): CitedText {
  const eol = nl(text)
  const list = numberedList(text)
  const existing = list?.entries ?? []
  // Reference texts by their current number; new sources get new numbers.
  const byNumber = new Map<number, string>(existing.map((e) => [e.number, e.text]))
  // Numbers already used by markers with no list entry stay theirs.
  const usedInText = [...text.slice(0, list?.start ?? text.length).matchAll(/\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g)].flatMap((m) => m[1].split(',').map((x) => Number(x.trim())))
  const orphans = usedInText.some((n) => !existing.some((e) => e.number === n))
  let nextNumber = Math.max(0, ...existing.map((e) => e.number), ...usedInText) + 1
  const numbers = sources.map((s) => {
    const found = existing.find((e) => identifiesSource(e.text, s))
    if (found) return found.number
    const n = nextNumber++
    byNumber.set(n, formatReference(s))
    return n
  })
  const cited = markEach(sentence, 'numbered', ` [${numbers.join(', ')}]`)
  let body = text.slice(0, start) + OPEN + cited + CLOSE + text.slice(end)
  const LIST = '\u0000LIST\u0000'
  // Drop the old list; it is rebuilt below in order of first use.
  const listAfter = numberedList(body)
  if (listAfter && listAfter.entries.length > 0) {
    const first = listAfter.entries[0].start
    const last = listAfter.entries[listAfter.entries.length - 1].end
    body = body.slice(0, first) + LIST + body.slice(last)
  } else if (listAfter) {
    body = body.slice(0, listAfter.start) + eol + eol + LIST + eol + body.slice(listAfter.start).replace(/^\s*/, '')
  } else {
    body = body.replace(/\s*$/, '') + eol + eol + (format === 'markdown' ? '## References' : 'References') + eol + eol + LIST + eol
  }
  // Renumber markers in order of first use.
  const order: number[] = []
  const markerRe = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g
  const listAt = body.indexOf(LIST)
  const scan = body.slice(0, listAt)
  for (const m of scan.matchAll(markerRe)) for (const n of m[1].split(',').map((x) => Number(x.trim()))) if (byNumber.has(n) && !order.includes(n)) order.push(n)
  for (const n of byNumber.keys()) if (!order.includes(n)) order.push(n)
  // Renumber only when every marker belongs to the list; otherwise keep numbers.
  if (orphans) order.sort((a, b) => a - b)
  const renumber = new Map(order.map((old, i) => [old, orphans ? old : i + 1]))
  const renumbered = scan.replace(markerRe, (all, inner: string) => {
    const ns = inner.split(',').map((x) => Number(x.trim()))
    if (!ns.every((n) => renumber.has(n))) return all
    return `[${ns.map((n) => renumber.get(n)).join(', ')}]`
  })
  const listText = order.map((old) => `${renumber.get(old)}. ${byNumber.get(old)}`).join(eol)
  return { text: renumbered + listText + body.slice(listAt + LIST.length) }
}
