// Cutting a draft into chunks that can be parsed on their own: the unit the
// engine caches, so an edit re-parses and re-lints only the chunk it touched.
//
// Chunks start at line starts and cover the text without gaps (blank lines
// belong to the chunk before them). The cut points are chosen so that a
// chunk parses the same alone as inside the draft:
//
// - Markdown: a new chunk starts at a line that follows a blank line and is
//   not indented (an indented line may continue a list item, a footnote or
//   an indented code block). Never inside front matter, a fenced code block
//   or an HTML block that runs until its end marker (comments, <pre>,
//   <script>, <style>, <textarea>, <?...?>, <!X...>, CDATA), which may hold
//   blank lines.
//   A block longer than MAX_CHUNK is cut at a line start anyway.
// - Plain text: a new chunk starts at every line that cannot continue the
//   paragraph above it (see plaintext.ts): a line whose first character is
//   not a lower-case letter, or any line after a blank line; and, as in
//   Markdown, at a line start once a chunk is longer than MAX_CHUNK.
// - Either format: such a place starts a chunk only once the chunk before it
//   holds MIN_CHUNK (1 KB) of text, so a chunk is a few short blocks.
// - Either format: a single line longer than MAX_CHUNK is cut inside, after
//   a sentence end or a space (cutLongLine); its chunks after the first
//   start mid-line, and the engine shifts their first line's columns.
//
// The cut is a pure function of the text, so the full lint (every chunk
// parsed) and the incremental one (only changed chunks parsed) see the very
// same chunks.
import type { Format } from '../types.js'

const FENCE = /^ {0,3}(`{3,}|~{3,})/
const HTML_START: Array<[RegExp, RegExp]> = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
]

/** End of the line starting at `i` (before its line break) and the start of the next line. */
function lineEnd(text: string, i: number): [number, number] {
  const n = text.length
  let j = i
  while (j < n) {
    const c = text.charCodeAt(j)
    if (c === 10) return [j, j + 1]
    if (c === 13) return [j, text.charCodeAt(j + 1) === 10 ? j + 2 : j + 1]
    j++
  }
  return [n, n]
}

/** Line ends found with indexOf (fast) while the text has no carriage return; else char by char. */
function lineEnds(text: string): (i: number) => [number, number] {
  if (text.indexOf('\r') !== -1) return (i) => lineEnd(text, i)
  const n = text.length
  return (i) => {
    const j = text.indexOf('\n', i)
    return j === -1 ? [n, n] : [j, j + 1]
  }
}

/**
 * Where a chunk's last non-blank line ends (after its line break); 0 for a
 * chunk of blank lines. Blank lines belong to the chunk before them, and a
 * run of a million of them (a bad paste, a 10 MB export) costs a Markdown
 * parser seconds per megabyte while holding no prose: they are not parsed.
 */
export function contentEnd(text: string): number {
  let k = text.length
  while (k > 0) {
    const c = text.charCodeAt(k - 1)
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break
    k--
  }
  return k === 0 ? 0 : lineEnd(text, k)[1]
}

function isBlank(text: string, s: number, e: number): boolean {
  for (let k = s; k < e; k++) {
    const c = text.charCodeAt(k)
    if (c !== 32 && c !== 9) return false
  }
  return true
}

/** Front matter (--- or +++ on the first line, closed by the same fence): its end, else 0. */
function frontMatterEnd(text: string): number {
  const [e0, next0] = lineEnd(text, 0)
  const first = text.slice(text.charCodeAt(0) === 0xfeff ? 1 : 0, e0).replace(/[ \t]+$/, '')
  if (first !== '---' && first !== '+++') return 0
  let i = next0
  while (i < text.length) {
    const [e, next] = lineEnd(text, i)
    if (text.slice(i, e).replace(/[ \t]+$/, '') === first) return next
    i = next
  }
  return 0
}

/**
 * Start offsets of the chunks of a draft, ascending, the first always 0.
 * A chunk runs to the next start (the last one to the end of the text).
 */
export function chunkStarts(text: string, format: Format, min = MIN_CHUNK): number[] {
  const starts = [0]
  scanStarts(text, format, 0, starts, () => false, min)
  return starts
}

/**
 * Chunk starts after `from` (itself a chunk start, or 0), pushed onto
 * `out`, until `stop(start)` says the rest is known. A chunk start is a
 * clean state for the scan (outside any fence or HTML block), so scanning
 * from one gives the same starts after it as scanning the whole draft.
 */
export function scanStarts(text: string, format: Format, from: number, out: number[], stop: (start: number) => boolean, min = MIN_CHUNK): void {
  if (format === 'markdown') markdownStarts(text, from, out, stop, min)
  else plainStarts(text, from, out, stop, min)
}

/** Where front matter ends (0 when the draft has none): chunks never start inside it. */
export function frontMatter(text: string, format: Format): number {
  return format === 'markdown' ? frontMatterEnd(text) : 0
}

/**
 * A block longer than this (a 10 MB "paragraph", a table of thousands of
 * rows, a list nested hundreds deep) is cut at the next line start anyway.
 * Real paragraphs are far shorter; such a block may parse a little
 * differently where it is cut, but one chunk never costs the parser more than
 * this much text (micromark takes seconds on some pathological 100 KB
 * blocks), so an edit never waits on the whole block and the server can
 * answer other requests between chunks.
 */
export const MAX_CHUNK = 16 * 1024

/**
 * A place where a chunk may start becomes a start only once the chunk
 * before it holds at least this much text. Every Markdown parse has a fixed
 * cost (micromark combines its constructs and extensions on each call: a
 * twentieth of a full lint when every short paragraph was a chunk), while
 * an edit still re-parses only about a kilobyte. Any subset of the places
 * where a chunk may start still cuts the draft into chunks that parse the
 * same alone as inside it, and the choice depends only on the text since
 * the last start, so a scan resumed at a start finds the same starts after
 * it.
 */
export const MIN_CHUNK = 1024

/**
 * Cuts inside a line longer than MAX_CHUNK (a 10 MB paste with no line
 * break): after a sentence end where there is one near, else after a space,
 * never inside a word. Each cut is found from the last one, so scanning from
 * a cut gives the same cuts after it as scanning the whole draft. Returns
 * false when `stop` said the rest is known.
 */
function cutLongLine(text: string, lineFrom: number, e: number, last: { at: number }, starts: number[], stop: (start: number) => boolean): boolean {
  for (;;) {
    const from = Math.max(lineFrom, last.at + MAX_CHUNK)
    if (from >= e) return true
    const window = Math.min(e, from + 4096)
    let b = -1
    for (let k = from; k < window - 1; k++) {
      const c = text.charCodeAt(k)
      if ((c === 46 || c === 33 || c === 63) && text.charCodeAt(k + 1) === 32) {
        b = k + 2
        break
      }
    }
    if (b < 0) {
      const sp = text.indexOf(' ', from)
      b = sp >= 0 && sp < e - 1 ? sp + 1 : -1
    }
    if (b < 0 || b >= e) return true
    starts.push(b)
    last.at = b
    if (stop(b)) return false
  }
}

const isBreak = (c: number): boolean => c === 10 || c === 13

function markdownStarts(text: string, from: number, starts: number[], stop: (start: number) => boolean, min: number): void {
  const n = text.length
  const next = lineEnds(text)
  let i = from === 0 ? frontMatterEnd(text) : from
  // The line at `from` starts a chunk: nothing before it matters.
  const last = { at: from }
  if (from > 0 && !isBreak(text.charCodeAt(from - 1))) {
    // A cut inside a long line: the rest of that line is only cut again.
    const [e, nextLine] = next(from)
    if (!cutLongLine(text, from, e, last, starts, stop)) return
    i = nextLine
  }
  let sawBlank = false
  let fence: { char: number; len: number } | undefined
  let htmlEnd: RegExp | undefined
  while (i < n) {
    const [e, nextLine] = next(i)
    if (fence) {
      // A closing fence: the same character, at least as long, nothing after it.
      let k = i
      while (k < e && k - i < 3 && text.charCodeAt(k) === 32) k++
      let m = k
      while (m < e && text.charCodeAt(m) === fence.char) m++
      if (m - k >= fence.len && isBlank(text, m, e)) fence = undefined
      i = nextLine
      continue
    }
    if (htmlEnd) {
      if (htmlEnd.test(text.slice(i, e))) htmlEnd = undefined
      i = nextLine
      continue
    }
    const c = text.charCodeAt(i)
    if ((c === 32 || c === 9 || i === e) && isBlank(text, i, e)) {
      sawBlank = true
      i = nextLine
      continue
    }
    if (i > from && ((sawBlank && c !== 32 && c !== 9 && i - last.at >= min) || i - last.at >= MAX_CHUNK)) {
      starts.push(i)
      last.at = i
      if (stop(i)) return
    }
    sawBlank = false
    if (c === 32 || c === 96 /* ` */ || c === 126 /* ~ */ || c === 60 /* < */) {
      const line = text.slice(i, e)
      const f = FENCE.exec(line)
      if (f && !(f[1][0] === '`' && line.slice(f[0].length).includes('`'))) {
        fence = { char: f[1].charCodeAt(0), len: f[1].length }
      } else {
        for (const [start, end] of HTML_START) {
          const m = start.exec(line)
          if (m && !end.test(line.slice(m[0].length))) {
            htmlEnd = end
            break
          }
        }
      }
    }
    // Only a line that is itself over the limit is cut inside (a short one would lose a sentence).
    if (!fence && !htmlEnd && e - i > MAX_CHUNK && !cutLongLine(text, i, e, last, starts, stop)) return
    i = nextLine
  }
}

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || (c > 127 && /\s/.test(String.fromCharCode(c)))

function plainStarts(text: string, from: number, starts: number[], stop: (start: number) => boolean, min: number): void {
  const n = text.length
  const next = lineEnds(text)
  let i = from
  let prevBlank = false
  const last = { at: from }
  while (i < n) {
    const [e, nextLine] = next(i)
    let k = i
    while (k < e && isSpace(text.charCodeAt(k))) k++
    if (k === e) {
      prevBlank = true
    } else {
      const c = text.charCodeAt(k)
      const lower = c >= 97 && c <= 122
      if (i > from && (((prevBlank || !lower) && i - last.at >= min) || i - last.at >= MAX_CHUNK)) {
        starts.push(i)
        last.at = i
        if (stop(i)) return
      }
      prevBlank = false
      // A line over the limit is cut inside; a scan resumed at such a cut finds the same later cuts.
      if (e - i > MAX_CHUNK && !cutLongLine(text, i, e, last, starts, stop)) return
    }
    i = nextLine
  }
}
