// Edits that front ends offer as fixes: a suppression comment, a config
// change that turns a rule off, and the few fixes safe enough to apply
// without a person reading them (source.fixAll).
import { parseDocument, isMap } from 'yaml'
import { MAX_YAML_DEPTH, yamlTooDeep } from './yaml-data.js'
import type { TextEdit } from './rewrite/soften.js'
import type { Finding, Format } from './types.js'

export type { TextEdit } from './rewrite/soften.js'

const REASON_PLACEHOLDER = 'reason: TODO'

function lineBounds(text: string, offset: number): { start: number; end: number } {
  let start = offset
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--
  let end = offset
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++
  return { start, end }
}

const eol = (text: string): string => (text.includes('\r\n') ? '\r\n' : text.includes('\r') && !text.includes('\n') ? '\r' : '\n')

/** Whether the line above `lineStart` is blank (or there is none): the line opens a block. */
function opensBlock(text: string, lineStart: number): boolean {
  if (lineStart === 0) return true
  const prev = lineBounds(text, Math.max(0, lineStart - 1 - (text[lineStart - 2] === '\r' && text[lineStart - 1] === '\n' ? 1 : 0)))
  return text.slice(prev.start, prev.end).trim() === ''
}

/**
 * A comment that suppresses this finding's rule, with a reason to fill in.
 * Above the line when the line opens a block (so the Markdown structure does
 * not change); at the end of the line otherwise.
 */
export function suppressionEdit(text: string, finding: Finding, format: Format): TextEdit {
  const line = lineBounds(text, finding.start)
  const indent = /^[ \t]*/.exec(text.slice(line.start, line.end))?.[0] ?? ''
  const body = `${finding.ruleId} -- ${REASON_PLACEHOLDER}`
  if (format === 'plaintext' || opensBlock(text, line.start)) {
    const comment = format === 'markdown' ? `<!-- claimlint-disable-next-line ${body} -->` : `claimlint-disable-next-line ${body}`
    return { start: line.start, end: line.start, newText: `${indent}${comment}${eol(text)}` }
  }
  return { start: line.end, end: line.end, newText: ` <!-- claimlint-disable-line ${body} -->` }
}

/** .claimlintrc.yaml content with `rules.<id>: off`, keeping what the file already says. */
export function ruleOffConfigText(existing: string | undefined, ruleId: string): string {
  if (existing === undefined || existing.trim() === '') {
    return `# claimlint configuration (see the README, "Configuration")\nrules:\n  ${ruleId}: off\n`
  }
  // A hostile config could nest deep enough to exhaust the parser's stack: refuse it first (yaml-data.ts).
  if (yamlTooDeep(existing)) throw new Error(`.claimlintrc.yaml nests more than ${MAX_YAML_DEPTH} levels deep; fix it first`)
  const doc = parseDocument(existing)
  if (doc.errors.length > 0) throw new Error(`.claimlintrc.yaml has a YAML error (${doc.errors[0].message.split('\n')[0]}); fix it first`)
  if (doc.contents !== null && !isMap(doc.contents)) throw new Error('.claimlintrc.yaml must be a mapping')
  doc.setIn(['rules', ruleId], 'off')
  return doc.toString()
}

/** Promotional adverbs whose removal leaves the sentence grammatical and says less. */
const DROPPABLE = new Set(['remarkably', 'incredibly', 'truly', 'amazingly', 'extraordinarily', 'astonishingly', 'phenomenally'])

/** Deterministic fixes that change no meaning a reviewer would miss. */
export function safeFixes(text: string, findings: readonly Finding[]): TextEdit[] {
  const edits: TextEdit[] = []
  for (const f of findings) {
    if (f.category !== 'hype') continue
    const word = text.slice(f.start, f.end)
    if (!DROPPABLE.has(word.toLowerCase())) continue
    let end = f.end
    if (text[end] === ' ') end++
    else if (f.start > 0 && text[f.start - 1] === ' ') {
      edits.push({ start: f.start - 1, end: f.end, newText: '' })
      continue
    }
    edits.push({ start: f.start, end, newText: '' })
  }
  // Capitalise a sentence that now starts with the next word, and mend "a"
  // before a vowel ("a remarkably effective" -> "an effective").
  return edits
    .map((e) => {
      const before = text.slice(Math.max(0, e.start - 3), e.start)
      const next = text.slice(e.end, e.end + 1)
      if (/(^|\s)a\s$/i.test(before) && /[aeiou]/i.test(next)) {
        const aAt = e.start - 2
        return { start: aAt, end: e.end, newText: (text[aAt] === 'A' ? 'An' : 'an') + ' ' }
      }
      return e
    })
    .map((e) => {
      const isSentenceStart = e.start === 0 || /[.!?]\s*$/.test(text.slice(Math.max(0, e.start - 3), e.start)) || /\n\s*$/.test(text.slice(Math.max(0, e.start - 2), e.start))
      const next = text[e.end]
      if (isSentenceStart && next && /\p{Ll}/u.test(next)) return { start: e.start, end: e.end + 1, newText: next.toUpperCase() }
      return e
    })
    .sort((a, b) => a.start - b.start)
}
