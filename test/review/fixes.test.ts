// Fixes for document findings: each applies as plain edits, clears its
// finding, cites in the draft's own style, adds no claim of its own, and a
// second pass adds nothing.
import { describe, expect, it } from 'vitest'
import { lint } from '../../server/src/engine/lint.js'
import { applyEdits } from '../../server/src/engine/rewrite/suggestions.js'
import { docFixes, DOC_RULES, reviewDraft } from '../../server/src/engine/review/index.js'
import type { DocFinding, Format } from '../../server/src/engine/types.js'
import { NOW, draft, ids } from './helpers.js'

const options = (format: Format) => ({ format, now: NOW })

/** Apply the first fix for the first finding of `ruleId`; return the new text. */
function fix(text: string, ruleId: string, format: Format = 'markdown'): { after: string; finding: DocFinding; title: string; sources: string[] } {
  const finding = reviewDraft(text, options(format)).find((f) => f.ruleId === ruleId)
  expect(finding, `${ruleId} in:\n${text}`).toBeDefined()
  const fixes = docFixes(text, finding!, options(format))
  expect(fixes.length, `a fix for ${ruleId}`).toBeGreaterThan(0)
  const after = applyEdits(text, fixes[0].edits)
  return { after, finding: finding!, title: fixes[0].title, sources: fixes[0].sources }
}

/** Claim findings (rule ids) that the fixed text has and the original had not. */
function newClaims(before: string, after: string, format: Format = 'markdown'): string[] {
  const was = lint(before, { format }).map((f) => f.ruleId)
  const now = lint(after, { format }).map((f) => f.ruleId)
  for (const id of was) {
    const i = now.indexOf(id)
    if (i >= 0) now.splice(i, 1)
  }
  return now
}

describe('document fixes', () => {
  it('exist for the checks that say they have one', () => {
    expect(DOC_RULES.filter((r) => r.fix).map((r) => r.id)).toEqual([
      'balance/benefits-without-risks',
      'balance/risks-underweighted',
      'off-label/not-disclosed',
      'options/no-first-line',
      'sources/unresolved-citation',
      'currency/no-date',
    ])
  })

  describe('risks section', () => {
    const text = [
      '# Ketamine for PTSD',
      '',
      '## Benefits',
      '',
      'Ketamine relieves PTSD symptoms within hours. Ketamine is effective for depression too.',
      '',
      '## Booking',
      '',
      'Call us to book a visit.',
      '',
    ].join('\n')
    it('inserts the pack\'s side-effect and misuse rewrites at the end of the benefits section, cited', () => {
      const { after, title, sources } = fix(text, 'balance/benefits-without-risks')
      expect(title).toContain('ketamine-side-effects, ketamine-misuse')
      expect(sources).toEqual(['short2018', 'dea1999'])
      expect(after).toContain(
        'Ketamine is effective for depression too.\n\n## Risks and side effects\n\nKetamine often causes side effects.[^short2018] They can include feeling detached from your surroundings, feeling dizzy, and a rise in blood pressure.[^short2018]\n\nKetamine can be misused.[^dea1999] In the US it is a controlled drug (Schedule III).[^dea1999]\n\n## Booking',
      )
      expect(after).toMatch(/## References\n\n\[\^short2018\]: Short B, Fong J.*\n\n\[\^dea1999\]: Drug Enforcement Administration/)
      expect(ids(reviewDraft(after, options('markdown')))).not.toContain('balance/benefits-without-risks')
      expect(newClaims(text, after)).toEqual([])
    })
    it('clears "far less room" too, at the same heading level', () => {
      const src = draft('promo.md')
      const { after } = fix(src, 'balance/risks-underweighted')
      expect(after).toMatch(/last for months\. Ketamine is far more effective .*back\.\n\n## Risks and side effects\n\nKetamine often causes/s)
      expect(after.indexOf('## Risks and side effects')).toBeLessThan(after.indexOf('## Is it safe?'))
      expect(ids(reviewDraft(after, options('markdown'))).filter((id) => id.startsWith('balance/'))).toEqual([])
    })
    it('numbers citations in a plain-text draft', () => {
      const txt = 'Ketamine for PTSD\n\nOur clinic offers ketamine for PTSD.\nKetamine relieves PTSD symptoms within hours.\n'
      const { after } = fix(txt, 'balance/benefits-without-risks', 'plaintext')
      expect(after).toContain('Risks and side effects\n\nKetamine often causes side effects [1]. They can include')
      expect(after).toContain('Ketamine can be misused [2].')
      expect(after).toMatch(/References\n\n1\. Short B.*\n2\. Drug Enforcement Administration/)
      expect(ids(reviewDraft(after, options('plaintext')))).not.toContain('balance/benefits-without-risks')
    })
    it('offers nothing for a treatment no pack has safety text for', () => {
      const tms = '# TMS\n\nTMS relieves depression within weeks.\n'
      const f = reviewDraft(tms, options('markdown')).find((x) => x.ruleId === 'balance/benefits-without-risks')!
      expect(docFixes(tms, f, options('markdown'))).toEqual([])
    })
  })

  describe('off-label statement', () => {
    const text = '# Ketamine for PTSD\n\nOur clinic offers ketamine for PTSD.\nKetamine helps many people with PTSD feel calmer.\n\n## Booking\n\nCall us.\n'
    it('inserts the pack\'s statement after the first paragraph that names the condition, with its sources', () => {
      const { after, sources } = fix(text, 'off-label/not-disclosed')
      expect(sources).toEqual(['fda2022', 'spravato_label'])
      expect(after).toContain(
        'feel calmer.\n\nIn the US, ketamine is approved to put people under for surgery, not to treat PTSD.[^fda2022][^spravato_label] Using it for PTSD is off-label.[^fda2022][^spravato_label]\n\n## Booking',
      )
      expect(ids(reviewDraft(after, options('markdown')))).not.toContain('off-label/not-disclosed')
      expect(newClaims(text, after)).toEqual([])
    })
    it('says it plainly, without a source, for a condition the pack has no statement for', () => {
      const anxiety = '# Ketamine for anxiety\n\nWe offer ketamine for anxiety.\nKetamine calms anxiety within hours.\n'
      const { after, sources } = fix(anxiety, 'off-label/not-disclosed')
      expect(sources).toEqual([])
      expect(after).toContain('within hours.\n\nKetamine is not FDA-approved to treat anxiety. Using it for anxiety is off-label.\n')
      expect(ids(reviewDraft(after, options('markdown')))).not.toContain('off-label/not-disclosed')
    })
  })

  describe('other options section', () => {
    it('adds the pack\'s first-line text at the end of the draft, before the references', () => {
      const text = '# Ketamine for PTSD\n\nKetamine eases PTSD symptoms fast.[^feder2021] Using ketamine for PTSD is off-label.\n\n## References\n\n[^feder2021]: Feder A. doi:10.1176/appi.ajp.2020.20050596\n'
      const { after } = fix(text, 'options/no-first-line')
      expect(after).toContain(
        'is off-label.\n\n## Other treatment options\n\nFor PTSD, guidelines advise talk therapy that focuses on the trauma first.[^vadod2023] The drugs they name are sertraline, paroxetine and venlafaxine.[^vadod2023]',
      )
      expect(after.indexOf('## Other treatment options')).toBeLessThan(after.indexOf('## References'))
      expect(after).toMatch(/\[\^feder2021\]: Feder A\. .*\n\n\[\^vadod2023\]: Schnurr PP/)
      expect(ids(reviewDraft(after, options('markdown')))).not.toContain('options/no-first-line')
      expect(newClaims(text, after)).toEqual([])
    })
  })

  describe('review date', () => {
    it('adds "Last reviewed: <today>" under the title', () => {
      const text = '---\ntitle: x\n---\n\n# Ketamine\n\nKetamine is an anesthetic.\n'
      const { after } = fix(text, 'currency/no-date')
      expect(after).toBe('---\ntitle: x\n---\n\n# Ketamine\n\nLast reviewed: 2026-11-23\n\nKetamine is an anesthetic.\n')
      expect(ids(reviewDraft(after, options('markdown')))).not.toContain('currency/no-date')
      expect(newClaims(text, after)).toEqual([])
    })
    it('at the top when there is no title, keeping CRLF line ends', () => {
      const text = 'Ketamine is an anesthetic.\r\nIt is used in surgery.\r\n'
      const { after } = fix(text, 'currency/no-date', 'plaintext')
      expect(after).toBe('Last reviewed: 2026-11-23\r\n\r\nKetamine is an anesthetic.\r\nIt is used in surgery.\r\n')
    })
  })

  describe('missing reference entry', () => {
    it('adds the library reference a footnote names', () => {
      const text = 'In one small trial, ketamine eased PTSD more than a placebo drug.[^feder2021]\n'
      const { after } = fix(text, 'sources/unresolved-citation')
      expect(after).toMatch(/^In one small trial, ketamine eased PTSD more than a placebo drug\.\[\^feder2021\]\n\n## References\n\n\[\^feder2021\]: Feder A\b.*doi:10\.1176\/appi\.ajp\.2020\.20050596/)
      expect(reviewDraft(after, options('markdown')).filter((f) => f.ruleId.startsWith('sources/'))).toEqual([])
    })
    it('offers nothing for a footnote or number it cannot place', () => {
      for (const text of ['Ketamine eased PTSD.[^mystery]\n', 'Ketamine eased PTSD [4].\n\n## References\n\n1. A. 2020.\n']) {
        const f = reviewDraft(text, options('markdown')).find((x) => x.ruleId === 'sources/unresolved-citation')!
        expect(docFixes(text, f, options('markdown'))).toEqual([])
      }
    })
  })

  it('fix a promotional draft one by one until nothing fixable is left, and then add nothing', () => {
    let text = draft('promo.md')
    const fixable = new Set(DOC_RULES.filter((r) => r.fix).map((r) => r.id))
    for (let round = 0; round < 10; round++) {
      const f = reviewDraft(text, options('markdown')).find((x) => fixable.has(x.ruleId) && docFixes(text, x, options('markdown')).length > 0)
      if (!f) break
      text = applyEdits(text, docFixes(text, f, options('markdown'))[0].edits)
    }
    const left = ids(reviewDraft(text, options('markdown')))
    for (const id of ['balance/risks-underweighted', 'off-label/not-disclosed', 'options/no-first-line', 'currency/no-date', 'sources/none']) expect(left).not.toContain(id)
    // Each source is listed once.
    for (const id of ['short2018', 'dea1999', 'fda2022', 'spravato_label', 'vadod2023']) expect(text.split(`[^${id}]:`).length - 1, id).toBe(1)
  })
})
