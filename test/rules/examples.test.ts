// Every rule carries examples that must flag and examples that must pass;
// this one test runs them all, so a pack change is checked by its own data.
import { describe, it, expect } from 'vitest'
import { lint } from '../../server/src/engine/lint.js'
import { builtinRuleSet } from '../../server/src/engine/packs/load.js'

const ruleSet = builtinRuleSet()

describe('built-in packs', () => {
  it('load without problems', () => {
    expect(ruleSet.problems).toEqual([])
    expect(ruleSet.rules.length).toBeGreaterThan(10)
  })
})

for (const rule of ruleSet.rules) {
  describe(rule.id, () => {
    for (const example of rule.examples.flag) {
      it(`flags: ${example}`, () => {
        const ids = lint(example, { format: 'plaintext', ruleSet }).map((f) => f.ruleId)
        expect(ids).toContain(rule.id)
      })
    }
    for (const example of rule.examples.pass) {
      it(`passes: ${example}`, () => {
        const ids = lint(example, { format: 'plaintext', ruleSet }).map((f) => f.ruleId)
        expect(ids).not.toContain(rule.id)
      })
    }
  })
}
