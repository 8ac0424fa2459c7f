// Workspace YAML (.claimlintrc.yaml, rule packs, .claimlint/reviews.yaml) is
// read as plain data, never as code, and a hostile file is a clear problem
// rather than a crash or a hang:
//
// - Tags the YAML core schema does not define (`!!js/function`,
//   `!!python/object`, `!include`...) are refused. The yaml library never runs
//   them, but it would hand their text on as an ordinary string, and a file
//   that asks for code to be run is not a file to trust for anything else.
// - Nesting is limited before the parser sees the file: the composer recurses
//   per level, and very deep nesting (a few kilobytes of "[[[[") can exhaust
//   the stack in a way Node does not always recover from.
// - Aliases that expand too much (a "billion laughs" file) are stopped by the
//   library's alias budget and reported.
//
// Keys such as `__proto__` or `constructor` are safe here: the yaml library
// defines them as own properties (nothing reaches Object.prototype), and the
// schemas reject the unknown keys.
import { CST, Lexer, LineCounter, parseDocument, visit, type Document } from 'yaml'

/** Deeper than any config, pack or reviews file needs (theirs are under 10); far below what exhausts the stack. */
export const MAX_YAML_DEPTH = 100
/** The yaml library's own default, stated: alias expansions allowed per document, roughly. */
const MAX_ALIAS_COUNT = 100

export interface YamlProblem {
  line: number
  column: number
  message: string
}

export interface YamlData {
  /** Undefined when the file was refused before parsing (too deep). */
  doc: Document | undefined
  lines: LineCounter
  /** The plain data; undefined when there are problems. */
  data: unknown
  problems: YamlProblem[]
}

const MARKERS = new Set(['\x02', '\x18']) // lexer markers that are not source text
const SCALAR = '\x1f' // marker: the next token is a scalar's source (a block scalar's may start with spaces and span lines)

/**
 * Where the file nests more than MAX_YAML_DEPTH levels (an offset), found
 * from the lexer's tokens (linear, no recursion). Counted generously: flow
 * brackets open, plus the indentation and the block indicators (- ? :) of
 * the line, which bound how deep block collections can nest.
 */
function tooDeep(text: string): number | undefined {
  let offset = 0
  let flow = 0
  let indent = 0
  let indicators = 0
  let lineStart = true
  let scalar = false
  for (const tok of new Lexer().lex(text)) {
    if (MARKERS.has(tok)) continue
    if (tok === SCALAR) {
      scalar = true
      continue
    }
    if (scalar) {
      scalar = false
      offset += tok.length
      const nl = tok.lastIndexOf('\n')
      if (nl >= 0) {
        indent = 0
        indicators = 0
      }
      lineStart = nl === tok.length - 1
      continue
    }
    switch (CST.tokenType(tok)) {
      case 'newline':
        indent = 0
        indicators = 0
        lineStart = true
        break
      case 'space':
        if (lineStart) indent = /^[ \t]*/.exec(tok)![0].length
        break
      case 'seq-item-ind':
      case 'explicit-key-ind':
      case 'map-value-ind':
        indicators++
        lineStart = false
        break
      case 'flow-seq-start':
      case 'flow-map-start':
        flow++
        lineStart = false
        break
      case 'flow-seq-end':
      case 'flow-map-end':
        if (flow > 0) flow--
        lineStart = false
        break
      default:
        lineStart = false
    }
    if (flow + indicators + indent > MAX_YAML_DEPTH) return offset
    offset += tok.length
  }
  return undefined
}

/** Whether a YAML text nests too deep to hand to the parser at all (for code that parses a document to edit it). */
export const yamlTooDeep = (text: string): boolean => tooDeep(text) !== undefined

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let start = 0
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      start = i + 1
    }
  }
  return { line, column: offset - start + 1 }
}

/** "tag:yaml.org,2002:js/function" as written: "!!js/function". */
const shownTag = (tag: string): string => (tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag)

/** Parse one YAML document as plain data; every reason to refuse it is a problem with its line. */
export function parseYamlData(text: string, options: { prettyErrors?: boolean } = {}): YamlData {
  const lines = new LineCounter()
  const deep = tooDeep(text)
  if (deep !== undefined) {
    const message = `YAML: nested more than ${MAX_YAML_DEPTH} levels deep; refused (claimlint reads this file as plain data)`
    return { doc: undefined, lines, data: undefined, problems: [{ ...lineAndColumn(text, deep), message }] }
  }
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: options.prettyErrors ?? false, uniqueKeys: true })
  const at = (offset: number): { line: number; column: number } => {
    const p = lines.linePos(offset)
    return { line: p.line, column: p.col }
  }
  if (doc.errors.length > 0) {
    return { doc, lines, data: undefined, problems: doc.errors.map((e) => ({ ...at(e.pos[0]), message: `YAML: ${e.message.split('\n')[0]}` })) }
  }
  const tags = doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED')
  if (tags.length > 0) {
    return {
      doc,
      lines,
      data: undefined,
      problems: tags.map((w) => {
        // The message's first line, without the position prettyErrors appends.
        const first = w.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')
        const tag = /Unresolved tag: (.*)$/.exec(first)?.[1] ?? 'a custom tag'
        return { ...at(w.pos[0]), message: `YAML: tag ${shownTag(tag)} is not allowed: claimlint reads this file as plain data and never runs code` }
      }),
    }
  }
  try {
    return { doc, lines, data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), problems: [] }
  } catch (err) {
    // The yaml library stops alias expansion that would blow up memory (ReferenceError); point at the first alias.
    let first = 0
    visit(doc, {
      Alias(_, node) {
        first = node.range?.[0] ?? 0
        return visit.BREAK
      },
    })
    const why = err instanceof ReferenceError ? 'aliases expand too much (a "billion laughs" file?)' : `cannot be read as data (${err instanceof Error ? err.message : String(err)})`
    return { doc, lines, data: undefined, problems: [{ ...at(first), message: `YAML: ${why}; refused` }] }
  }
}
