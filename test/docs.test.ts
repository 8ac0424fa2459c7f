// The rule pages in docs/rules/ are generated from the packs; this fails
// when a pack changed and `npm run build && npm run docs` was not run.
import { describe, expect, it } from 'vitest'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { CLEARANCES, diffDocs, generateDocs, GENERATED_MARK, mdEscape, REQUIREMENTS, readDocs, repoRoot, rulePagePath } from '../server/src/docs/generate.js'
import { loadRuleSet } from '../server/src/engine/packs/load.js'
import { ruleDocsUrl } from '../server/src/engine/lint.js'

describe('rule docs', () => {
  const ruleSet = loadRuleSet()
  const expected = generateDocs(ruleSet)

  it('are up to date with the packs (run `npm run build && npm run docs`)', () => {
    const diff = diffDocs(expected, readDocs())
    expect(diff).toEqual({ missing: [], changed: [], stale: [] })
    for (const [path, text] of expected) expect(readDocs().get(path), path).toBe(text)
  })

  it('have a page for every rule, where findings point', () => {
    expect(expected.has('docs/rules/README.md')).toBe(true)
    expect(expected.size).toBe(ruleSet.rules.length + 1)
    for (const r of ruleSet.rules) {
      const path = rulePagePath(r.id)
      expect(path).toBe(`docs/rules/${r.id.split('/')[0]}/${r.id.split('/')[1]}.md`)
      expect(fileURLToPath(ruleDocsUrl(r.id))).toBe(join(repoRoot(), path))
      expect(existsSync(join(repoRoot(), path)), path).toBe(true)
      const page = expected.get(path)!
      expect(page.startsWith(GENERATED_MARK)).toBe(true)
      expect(page).toContain(`# ${r.id}: `)
      expect(page).toContain(`| Default severity | ${r.severity} |`)
      expect(page).toContain(`\`${r.pack}\``)
      for (const e of [...r.examples.flag, ...r.examples.pass]) expect(page).toContain(mdEscape(e))
      expect(expected.get('docs/rules/README.md')).toContain(`[${r.id}](${r.id}.md)`)
    }
  })

  it('explain what clears a rule in plain words', () => {
    const withSourced = ruleSet.rules.find((r) => r.unless?.includes('sourced'))
    if (withSourced) expect(expected.get(rulePagePath(withSourced.id))).toMatch(/specific source/)
    const none = ruleSet.rules.find((r) => !r.unless?.length)
    if (none) expect(expected.get(rulePagePath(none.id))).toMatch(/Nothing in the sentence clears this rule/)
  })

  it('describe every requirement and clearance the packs use', () => {
    for (const r of ruleSet.rules) {
      for (const q of r.requires ?? []) expect(REQUIREMENTS[q], `${r.id} requires ${q}`).toBeDefined()
      for (const c of r.unless ?? []) expect(CLEARANCES[c], `${r.id} unless ${c}`).toBeDefined()
    }
  })

  it('escape Markdown in pack text', () => {
    expect(mdEscape('a *b* <c> | [d]\n  e_f')).toBe('a \\*b\\* \\<c\\> \\| \\[d\\] e\\_f')
  })

  it('refuse to generate from packs with problems', () => {
    const broken = { ...ruleSet, problems: [{ file: join(repoRoot(), 'rules/packs/x.yaml'), line: 3, column: 1, message: 'bad' }] }
    expect(() => generateDocs(broken)).toThrow(/rules\/packs\/x.yaml:3:1: bad/)
  })
})
