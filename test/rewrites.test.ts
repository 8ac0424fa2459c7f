// The packs' evidence-backed rewrites: plain language, real sources, and a
// rewrite that no longer carries the claim it answers.
import { describe, it, expect } from 'vitest'
import { builtinRuleSet } from '../server/src/engine/packs/load.js'
import { loadEvidence } from '../server/src/engine/evidence.js'
import { gradeLevel } from '../server/src/engine/readability.js'
import { lint } from '../server/src/engine/lint.js'
import { fixesFor, applyEdits } from '../server/src/engine/rewrite/suggestions.js'
import { detectStyle, citeInDraft } from '../server/src/engine/rewrite/references.js'

const ruleSet = builtinRuleSet()
const evidence = loadEvidence()

describe('pack rewrites', () => {
  it('exist', () => expect(ruleSet.rewrites.length).toBeGreaterThan(5))
  for (const r of ruleSet.rewrites) {
    describe(r.id, () => {
      it('reads at 8th grade or below (Flesch-Kincaid)', () => {
        expect(gradeLevel(r.text)).toBeLessThanOrEqual(8)
      })
      it('cites sources that are in the evidence library', () => {
        for (const id of r.sources) expect(evidence.entries.has(id), id).toBe(true)
      })
      it('makes none of the claims it answers', () => {
        const ids = lint(r.text.replace(/\s+/g, ' '), { format: 'plaintext' }).map((f) => f.ruleId)
        for (const rule of r.rules) expect(ids, `${rule} in "${r.text}"`).not.toContain(rule)
      })
    })
  }
})

describe('fixes in a draft', () => {
  const draft = '# Ketamine for PTSD\n\nKetamine has minimal side effects.\n'
  it('offers the evidence rewrite first, then soften, then cite a source', () => {
    const f = lint(draft).find((x) => x.ruleId === 'safety/minimal-side-effects')!
    const fixes = fixesFor(draft, f, { format: 'markdown' })
    expect(fixes.map((x) => x.kind)).toEqual(['evidence', 'soften', 'cite'])
    expect(fixes.filter((x) => x.preferred).map((x) => x.kind)).toEqual(['evidence'])
    const out = applyEdits(draft, fixes[0].edits)
    expect(out).toContain('Ketamine often causes side effects.[^short2018]')
    expect(out).toMatch(/## References\n\n\[\^short2018\]: Short B, Fong J/)
  })
  it('keeps capitalisation and a bullet in a plain-text list', () => {
    const text = 'Ketamine for PTSD\n\nWhat to know:\n• Ketamine has minimal side effects.\n'
    const f = lint(text, { format: 'plaintext' }).find((x) => x.ruleId === 'safety/minimal-side-effects')!
    const out = applyEdits(text, fixesFor(text, f, { format: 'plaintext' })[0].edits)
    expect(out).toContain('• Ketamine often causes side effects [1]. They can include')
    expect(out).toMatch(/References\n\n1\. Short B/)
  })
  it('detects the citation style a draft uses', () => {
    expect(detectStyle('Text.[^a]\n\n[^a]: A ref.\n', 'markdown')).toBe('footnote')
    expect(detectStyle('Text [@a].\n', 'markdown')).toBe('pandoc')
    expect(detectStyle('Text [1].\n', 'markdown')).toBe('numbered')
    expect(detectStyle('Text.\n', 'plaintext')).toBe('numbered')
  })
  it('renumbers in order of first use and never lists a source twice', () => {
    const text = 'Intro.\n\nSecond claim [1].\n\n## References\n\n1. Old reference. doi:10.1000/old\n'
    const src = evidence.entries.get('dea1999')!
    const once = citeInDraft(text, 'markdown', 0, 6, 'Intro.', [src], 'numbered').text
    expect(once).toContain('Intro [1].')
    expect(once).toContain('Second claim [2].')
    expect(once).toMatch(/1\. U\.S\. Drug Enforcement|1\. Drug Enforcement/)
    expect(once).toContain('2. Old reference. doi:10.1000/old')
    const start = once.indexOf('Second claim')
    const twice = citeInDraft(once, 'markdown', start, start + 'Second claim [2].'.length, 'Second claim [2].', [src], 'numbered').text
    expect((twice.match(/Drug Enforcement/g) ?? []).length).toBe(1)
  })
  it('adds pandoc keys and the bibliography entry when the front matter names one', () => {
    const text = '---\nbibliography: refs.json\n---\n\nKetamine has minimal side effects.\n'
    const start = text.indexOf('Ketamine')
    const out = citeInDraft(text, 'markdown', start, text.length - 1, 'Ketamine often causes side effects.', [evidence.entries.get('short2018')!])
    expect(out.text).toContain('Ketamine often causes side effects [@short2018].')
    expect(out.files).toEqual([{ path: 'refs.json', entries: [evidence.entries.get('short2018')] }])
  })
})
