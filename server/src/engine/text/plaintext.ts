// Plain-text drafts: a line is a block (a title, a bullet or a paragraph
// pasted from a web page). Hard-wrapped paragraphs are joined back together
// when a line runs on into a lower-case continuation. Stray HTML tags are
// masked so they read as space.
import type { ProseBlock, Comment } from './markdown.js'

export interface PlainProse {
  blocks: ProseBlock[]
  comments: Comment[]
}

const DIRECTIVE = /^\s*(?:<!--\s*|\/\/\s*|#\s*)?claimlint-(?:disable|enable)/

export function plainProse(text: string): PlainProse {
  const blocks: ProseBlock[] = []
  const comments: Comment[] = []
  let current: ProseBlock | undefined
  let prevStart = -1
  let prevEnd = -1
  // Line by line, [s, e) without its line break (no list of lines is built: one pair fewer per line).
  const n = text.length
  for (let s = 0, e = 0, next = 0; s <= n; s = next) {
    e = s
    while (e < n && text.charCodeAt(e) !== 10 && text.charCodeAt(e) !== 13) e++
    // CRLF, LF or a lone CR all end a line; after the last line, stop.
    next = e >= n ? n + 1 : text.charCodeAt(e) === 13 && text.charCodeAt(e + 1) === 10 ? e + 2 : e + 1
    const line = text.slice(s, e)
    if (line.trim() === '') {
      current = undefined
      continue
    }
    if (DIRECTIVE.test(line)) {
      comments.push({ start: s, end: e, value: line })
      current = undefined
      continue
    }
    const ranges = unmaskedRanges(text, s, e)
    if (ranges.length === 0) {
      current = undefined
      continue
    }
    const firstChar = line.trimStart().charAt(0)
    const continues =
      current !== undefined &&
      prevEnd >= 0 &&
      // The line before ends the sentence (only that line: testing the whole block grows with its square).
      !/[.!?:;"”)]\s*$/.test(text.slice(prevStart, prevEnd)) &&
      firstChar >= 'a' &&
      firstChar <= 'z'
    if (current && continues) {
      current.end = e
      current.ranges.push(...ranges)
    } else {
      const bullet = /^\s*(?:[•●▪◦*\-–]\s|\d{1,2}[.)]\s)/.test(line)
      current = { kind: bullet ? 'listItem' : 'line', start: s, end: e, links: urlsIn(text, s, e), ranges }
      blocks.push(current)
    }
    if (current.links.length === 0 || current.end === e) {
      // Keep URLs found on joined lines too.
      if (current.start !== s) current.links.push(...urlsIn(text, s, e))
    }
    prevStart = s
    prevEnd = e
  }
  return { blocks, comments }
}

/** Ranges of [s, e) that are not inside an HTML tag or a bare URL. */
function unmaskedRanges(text: string, s: number, e: number): Array<[number, number]> {
  const out: Array<[number, number]> = []
  let from = s
  let k = s
  while (k < e) {
    const c = text.charCodeAt(k)
    let skipTo = -1
    if (c === 60 /* < */) {
      const next = text.charCodeAt(k + 1)
      const isTag = (next >= 65 && next <= 90) || (next >= 97 && next <= 122) || next === 47 || next === 33
      if (isTag) {
        const close = text.indexOf('>', k)
        if (close !== -1 && close < e && close - k < 400) skipTo = close + 1
      }
    } else if ((c === 104 /* h */ && (text.startsWith('http://', k) || text.startsWith('https://', k))) || (c === 119 && text.startsWith('www.', k))) {
      let m = k
      while (m < e && !/\s/.test(text[m])) m++
      // A closing bracket or stop after the URL is prose, not URL.
      while (m > k && /[.,;:)\]]/.test(text[m - 1])) m--
      skipTo = m
    }
    if (skipTo > 0) {
      if (k > from) out.push([from, k])
      from = skipTo
      k = skipTo
      continue
    }
    k++
  }
  if (e > from) out.push([from, e])
  return out.filter(([a, b]) => text.slice(a, b).trim() !== '')
}

function urlsIn(text: string, s: number, e: number): Array<{ start: number; end: number; url: string }> {
  const out: Array<{ start: number; end: number; url: string }> = []
  const line = text.slice(s, e)
  let idx = 0
  for (;;) {
    const h = line.indexOf('http', idx)
    if (h === -1) break
    if (!line.startsWith('http://', h) && !line.startsWith('https://', h)) {
      idx = h + 4
      continue
    }
    let m = h
    while (m < line.length && !/\s/.test(line[m])) m++
    out.push({ start: s + h, end: s + m, url: line.slice(h, m) })
    idx = m
  }
  return out
}
