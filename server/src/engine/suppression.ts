// Inline suppression written in the draft itself:
//   <!-- claimlint-disable-next-line safety/minimal-side-effects -- reviewed by Dr. K -->
//   <!-- claimlint-disable hype -->  ...  <!-- claimlint-enable hype -->
// A rule list may name rule ids or whole categories; none means every rule.
// Plain-text drafts use the same words on a line of their own, with or without
// the comment markers (`claimlint-disable-next-line hype -- quoted from a patient`).
import type { Comment } from './text/markdown.js'

/** What a directive needs of a finding: claim findings and whole-draft review findings alike. */
export interface Suppressible {
  ruleId: string
  category: string
  start: number
  line: number
}

export interface Directive {
  kind: 'disable-next-line' | 'disable-line' | 'disable' | 'enable'
  selectors: string[]
  reason?: string
  start: number
  end: number
}

// Selectors and reason run to the end of the comment or of the line (a comment
// may span lines: `<!--\nclaimlint-disable hype\n-->`).
const DIRECTIVE = /claimlint-(disable-next-line|disable-line|disable|enable)\b([^\r\n]*?)(?:-->|$)/gm

export function parseDirectives(comments: readonly Comment[]): Directive[] {
  const out: Directive[] = []
  for (const c of comments) {
    DIRECTIVE.lastIndex = 0
    for (let m = DIRECTIVE.exec(c.value); m; m = DIRECTIVE.exec(c.value)) {
      const [body, reason] = splitReason(m[2])
      const selectors = body
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter((s) => s !== '')
      out.push({ kind: m[1] as Directive['kind'], selectors, reason, start: c.start, end: c.end })
    }
  }
  return out
}

function splitReason(rest: string): [string, string | undefined] {
  const i = rest.indexOf('--')
  if (i === -1) return [rest, undefined]
  const reason = rest.slice(i + 2).trim()
  return [rest.slice(0, i), reason === '' ? undefined : reason]
}

export const directiveApplies = (d: Directive, f: Suppressible): boolean => applies(d, f)

const applies = (d: Directive, f: Suppressible): boolean =>
  d.selectors.length === 0 || d.selectors.some((s) => s === f.ruleId || s === f.category)

/** Drop findings the draft itself suppresses. `lineOf` maps an offset to a 1-based line. */
export function applySuppressions<F extends Suppressible>(findings: F[], directives: readonly Directive[], text: string, lineOf: (offset: number) => number): F[] {
  if (directives.length === 0) return findings
  const sorted = [...directives].sort((a, b) => a.start - b.start)
  return findings.filter((f) => {
    // Ranges: the latest disable/enable before the finding decides.
    let disabled = false
    for (const d of sorted) {
      if (d.start > f.start) break
      if ((d.kind === 'disable' || d.kind === 'enable') && applies(d, f)) disabled = d.kind === 'disable'
    }
    if (disabled) return false
    for (const d of sorted) {
      if (!applies(d, f)) continue
      if (d.kind === 'disable-line' && lineOf(d.start) === f.line) return false
      if (d.kind === 'disable-next-line' && nextContentLine(text, d.end, lineOf) === f.line) return false
    }
    return true
  })
}

export function nextContentLine(text: string, from: number, lineOf: (offset: number) => number): number {
  // The end of the directive's line: LF, CRLF or a lone CR.
  let i = from
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++
  if (i >= text.length) return -1
  while (i < text.length && /\s/.test(text[i])) i++
  return i < text.length ? lineOf(i) : -1
}
