// The editor shows the last review's findings, moved past each edit, until
// the draft is idle and reviewed again (server/src/lsp/reviewFindings.ts).
// carryOver shifts lines by the line breaks an edit adds or removes instead
// of indexing the whole draft per keystroke: checked here against a full line
// index after thousands of seeded random edits, CRLF and lone CR included.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { carryOver, DraftReview } from '../../server/src/lsp/reviewFindings.js'
import { LineIndex } from '../../server/src/engine/lines.js'
import { builtinRuleSet } from '../../server/src/engine/packs/load.js'
import { builtinEvidence } from '../../server/src/engine/evidence.js'
import { lint } from '../../server/src/engine/lint.js'
import { reviewConfig } from '../../server/src/engine/review/index.js'
import { draft } from './helpers.js'

function reviewed(text: string): DraftReview {
  const r = new DraftReview({
    uri: 'file:///d.md',
    version: 1,
    text,
    format: 'markdown',
    ruleSet: builtinRuleSet(),
    evidence: builtinEvidence(),
    findings: lint(text, { format: 'markdown' }),
    config: () => reviewConfig(undefined),
  })
  r.run()
  return r
}

describe('carryOver', () => {
  const base = draft('promo.md')
  const variants = { LF: base, CRLF: base.replace(/\n/g, '\r\n'), CR: base.replace(/\n/g, '\r') }
  for (const [name, text] of Object.entries(variants)) {
    it(`moves every finding outside the edit to the position a full index gives (${name})`, () => {
      const prev = reviewed(text)
      expect(prev.findings.length).toBeGreaterThan(2)
      const pieces = ['x', ' ', '\n', '\r\n', '\r', '', 'word\nword', 'é', '💊']
      fc.assert(
        fc.property(fc.nat(text.length), fc.nat(12), fc.constantFrom(...pieces), (at, removed, inserted) => {
          const to = Math.min(text.length, at + removed)
          const next = text.slice(0, at) + inserted + text.slice(to)
          const moved = carryOver(prev, next)
          const lines = new LineIndex(next)
          for (const f of moved) {
            expect(next.slice(f.start, f.end)).toBe(text.slice(f.start - (f.start >= at ? next.length - text.length : 0), f.end - (f.start >= at ? next.length - text.length : 0)))
            const a = lines.position(f.start)
            const b = lines.position(f.end)
            expect([f.line, f.column, f.endLine, f.endColumn]).toEqual([a.line, a.column, b.line, b.column])
          }
        }),
        { numRuns: 1000, seed: 42 },
      )
    })
  }
})
