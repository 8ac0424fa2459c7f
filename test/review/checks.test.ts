// The whole-draft review's checks: each flags a draft that lacks what it
// looks for, passes one that has it, and points where the fix belongs.
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { lint } from '../../server/src/engine/lint.js'
import { DOC_RULES, reviewDetails, reviewDraft } from '../../server/src/engine/review/index.js'
import { CATEGORIES, DOC_CATEGORIES } from '../../server/src/engine/types.js'
import { NOW, draft, ids, only, review } from './helpers.js'

const at = (text: string, f: { start: number; end: number }): string => text.slice(f.start, f.end)

describe('reviewDraft', () => {
  it('returns findings in the JSON contract of claim findings, with document categories', () => {
    const text = draft('promo.md')
    const fs = review(text)
    expect(fs.length).toBeGreaterThan(5)
    const known = new Set(DOC_RULES.map((r) => r.id))
    for (const f of fs) {
      expect(DOC_CATEGORIES).toContain(f.category)
      expect(CATEGORIES as readonly string[]).not.toContain(f.category)
      expect(known.has(f.ruleId), f.ruleId).toBe(true)
      expect(f.ruleId.startsWith(f.category + '/')).toBe(true)
      expect(f).toMatchObject({ source: 'claimlint', pack: expect.any(String), message: expect.any(String) })
      expect(text.slice(f.start, f.end)).toBe(f.actual)
      const before = text.slice(0, f.start).split('\n')
      expect(f.line).toBe(before.length)
      expect(f.column).toBe(before[before.length - 1].length + 1)
      expect(f.url).toMatch(/^file:\/\/.*\/docs\/rules\/review\.md#[a-z-]+-[a-z-]+$/)
    }
    // Sorted by position.
    expect(fs.map((f) => f.start)).toEqual([...fs.map((f) => f.start)].sort((a, b) => a - b))
  })

  it('documents every check, with an anchor each finding links to', () => {
    const page = readFileSync(fileURLToPath(new URL('../../docs/rules/review.md', import.meta.url)), 'utf8')
    for (const r of DOC_RULES) {
      expect(page).toContain(`<a id="${r.id.replace('/', '-')}"></a>`)
      expect(page).toContain(`### \`${r.id}\` (${r.severity})`)
    }
  })

  it('passes a balanced, dated, sourced, plain-language draft', () => {
    expect(review(draft('good.md'))).toEqual([])
  })

  it('uses the claim findings it is given instead of linting again', () => {
    const text = '# Ketamine\n\nKetamine relieves pain within hours.\n'
    expect(ids(reviewDraft(text, { format: 'markdown', findings: [], now: NOW }))).not.toContain('balance/benefits-without-risks')
    expect(ids(reviewDraft(text, { format: 'markdown', findings: lint(text), now: NOW }))).toContain('balance/benefits-without-risks')
  })
})

describe('balance: benefits without risks', () => {
  const noRisks = '# Ketamine for depression\n\nKetamine relieves depression within hours.\nKetamine is effective for depression.\n'
  it('flags benefits with no word on risks, at the benefits heading', () => {
    const [f] = only(review(noRisks), 'balance/')
    expect(f.ruleId).toBe('balance/benefits-without-risks')
    expect(f.severity).toBe('warning')
    expect(at(noRisks, f)).toBe('# Ketamine for depression')
    expect(f.message).toMatch(/claims benefits of ketamine \(2 sentences\)/)
  })
  it('does not count side effects played down as risks', () => {
    const text = '# TMS\n\nTMS relieves depression within weeks. TMS has no side effects and minimal risk.\n'
    expect(ids(only(review(text), 'balance/'))).toEqual(['balance/benefits-without-risks'])
  })
  it('flags risks given far less room than benefits', () => {
    const text = [
      '# Ketamine for depression',
      '',
      '## Benefits',
      '',
      'Ketamine relieves depression within hours. Ketamine works when nothing else has.',
      'Ketamine restores hope. Ketamine improves sleep and mood. Ketamine cures low mood.',
      '',
      '## What to expect',
      '',
      'Some people feel dizzy for a short time.',
      '',
    ].join('\n')
    const [f] = only(review(text), 'balance/')
    expect(f.ruleId).toBe('balance/risks-underweighted')
    expect(at(text, f)).toBe('## Benefits')
    expect(f.message).toMatch(/5 sentences to the benefits of ketamine and 1 sentence to its risks/)
    // minRiskRatio is configurable.
    expect(only(review(text, 'markdown', { minRiskRatio: 0.2 }), 'balance/')).toEqual([])
  })
  it('passes when risks get fair room, and when nothing claims a benefit', () => {
    const text = [
      'Ketamine relieves depression within hours.',
      'Common side effects include nausea and dizziness.',
      'Your blood pressure may rise during a dose.',
      '',
    ].join('\n')
    expect(only(review(text), 'balance/')).toEqual([])
    expect(only(review('# Visiting us\n\nOur clinic is open on weekdays.\n'), 'balance/')).toEqual([])
  })
  it('counts every sentence under a risks heading', () => {
    const text = '# Ketamine\n\nKetamine relieves depression within hours.\n\n## Risks\n\nTell us about your heart health before a first session.\n'
    expect(reviewDetails(text, { format: 'markdown', now: NOW }).stats.balance).toMatchObject({ benefitSentences: 1, riskSentences: 1 })
    expect(only(review(text), 'balance/')).toEqual([])
  })
  it('can be turned off or given a severity', () => {
    expect(only(review(noRisks, 'markdown', { checks: { balance: false } }), 'balance/')).toEqual([])
    expect(only(review(noRisks, 'markdown', { checks: { balance: 'error' } }), 'balance/')[0].severity).toBe('error')
  })
})

describe('off-label: not disclosed', () => {
  const undisclosed = '# Ketamine for PTSD\n\nOur clinic offers ketamine for PTSD.\nKetamine helps many people with PTSD feel calmer.\n'
  it('flags a use the ketamine pack knows is not approved, at the title', () => {
    const [f] = only(review(undisclosed), 'off-label/')
    expect(f).toMatchObject({ ruleId: 'off-label/not-disclosed', category: 'off-label', pack: 'ketamine', severity: 'warning' })
    expect(at(undisclosed, f)).toBe('# Ketamine for PTSD')
    expect(f.message).toMatch(/^Ketamine is not FDA-approved for PTSD, and this draft never says so/)
  })
  it('names every unapproved condition the draft promotes', () => {
    const [f] = only(review(draft('promo.md')), 'off-label/')
    expect(f.message).toMatch(/not FDA-approved for PTSD or anxiety/)
  })
  for (const disclosure of ['Using ketamine for PTSD is off-label.', 'Ketamine is not FDA-approved for PTSD.', "Ketamine isn't approved to treat PTSD.", 'This is an off-label use of ketamine.']) {
    it(`passes when the draft says so: "${disclosure}"`, () => {
      expect(only(review(undisclosed + '\n' + disclosure + '\n'), 'off-label/')).toEqual([])
    })
  }
  it('passes an approved use, a treatment no pack knows, and a condition only named in passing', () => {
    expect(only(review('# Ketamine for depression\n\nKetamine is given for depression.\nMany people with depression ask about it.\n'), 'off-label/')).toEqual([])
    expect(only(review('# Stellate ganglion block for PTSD\n\nOur clinic offers stellate ganglion block for PTSD. Stellate ganglion block helps with PTSD.\n'), 'off-label/')).toEqual([])
    expect(only(review('Ketamine is an anesthetic used in surgery. Some people ask us about anxiety.\n'), 'off-label/')).toEqual([])
  })
  it("uses a topic pack's own list: TMS for PTSD is off-label, TMS for OCD is not", () => {
    const [f] = only(review('# TMS for PTSD\n\nOur clinic offers TMS for PTSD. TMS helps with PTSD.\n'), 'off-label/')
    expect(f).toMatchObject({ ruleId: 'off-label/not-disclosed', pack: 'tms' })
    expect(only(review('# TMS for OCD\n\nOur clinic offers deep TMS for OCD. Deep TMS helps with OCD.\n'), 'off-label/')).toEqual([])
  })
  it('knows ketamine-assisted psychotherapy is ketamine', () => {
    const text = '# Ketamine-assisted psychotherapy for PTSD\n\nWe offer ketamine-assisted psychotherapy for PTSD. Ketamine-assisted psychotherapy relieves PTSD.\n'
    expect(ids(review(text))).toContain('off-label/not-disclosed')
  })
  it('works on plain text', () => {
    const text = 'Ketamine for PTSD\n\nOur clinic offers ketamine for PTSD.\nKetamine helps people with PTSD.\n'
    const [f] = only(review(text, 'plaintext'), 'off-label/')
    expect(at(text, f)).toBe('Ketamine for PTSD')
  })
})

describe('options: no first-line treatment mentioned', () => {
  const text = '# Ketamine for PTSD\n\nOur clinic offers ketamine for PTSD. Ketamine eases PTSD symptoms fast.\n\nUsing ketamine for PTSD is off-label.\n'
  it('flags a PTSD draft that never names what guidelines advise first', () => {
    const [f] = only(review(text), 'options/')
    expect(f).toMatchObject({ ruleId: 'options/no-first-line', pack: 'first-line' })
    expect(at(text, f)).toBe('# Ketamine for PTSD')
    expect(f.message).toMatch(/prolonged exposure, cognitive processing therapy, EMDR, sertraline, paroxetine or venlafaxine/)
  })
  for (const mention of ['Guidelines advise prolonged exposure first.', 'Sertraline is another option.', 'Ask about trauma-focused psychotherapy too.', 'EMDR is another choice.', 'SSRIs are another option.']) {
    it(`passes when it mentions one: "${mention}"`, () => {
      expect(only(review(text + '\n' + mention + '\n'), 'options/')).toEqual([])
    })
  }
  it('does not take ketamine-assisted psychotherapy for a first-line treatment', () => {
    expect(ids(review(text + '\nWe also offer ketamine-assisted psychotherapy.\n'))).toContain('options/no-first-line')
  })
  it('applies to any treatment for the condition, but not to a first-line treatment itself', () => {
    expect(ids(review('# SGB for PTSD\n\nWe offer SGB for PTSD. SGB relieves PTSD in minutes.\n'))).toContain('options/no-first-line')
    expect(ids(review('# EMDR for PTSD\n\nWe offer EMDR for PTSD. EMDR helps people with PTSD.\n'))).not.toContain('options/no-first-line')
  })
  it('passes drafts about conditions the first-line pack does not cover', () => {
    // Depression and GAD are covered now (test/review/options.test.ts); chronic pain is not.
    expect(ids(review('# Ketamine for chronic pain\n\nKetamine relieves chronic pain. Ketamine lifts mood.\n'))).not.toContain('options/no-first-line')
  })
})

describe('sources', () => {
  it('flags a draft with no sources at all, at its end', () => {
    const text = 'Ketamine relieves depression within hours.\n\nCall us to book a visit.\n'
    const [f] = only(review(text), 'sources/')
    expect(f.ruleId).toBe('sources/none')
    expect(at(text, f)).toBe('Call us to book a visit.')
  })
  it('takes a footnote, a numbered list, an author-year citation or a DOI link as sources', () => {
    for (const text of [
      'Ketamine eased PTSD in one trial.[^a]\n\n[^a]: Feder A. 2021.\n',
      'Ketamine eased PTSD in one trial (Feder et al., 2021).\n',
      'Ketamine eased PTSD in [one trial](https://doi.org/10.1176/appi.ajp.2020.20050596).\n',
      'Ketamine eased PTSD in one trial [1].\n\n## References\n\n1. Feder A. 2021.\n',
    ]) expect(ids(only(review(text), 'sources/')), text).toEqual([])
  })
  it('flags a footnote with no definition, at the marker', () => {
    const text = 'Ketamine eased PTSD in one trial.[^feder2021]\n'
    const [f] = only(review(text), 'sources/')
    expect(f.ruleId).toBe('sources/unresolved-citation')
    expect(at(text, f)).toBe('[^feder2021]')
    expect(f.message).toMatch(/no "\[\^feder2021\]:" definition.*library's Feder 2021/)
  })
  it('flags a number missing from the References list, and a reference nothing cites', () => {
    const text = 'Ketamine eased PTSD in one trial [3].\nIt caused dizziness [1].\n\n## References\n\n1. Short B. 2018.\n2. Feder A. 2021.\n'
    const fs = only(review(text), 'sources/')
    expect(ids(fs)).toEqual(['sources/unresolved-citation', 'sources/uncited-reference'])
    expect(at(text, fs[0])).toBe('[3]')
    expect(at(text, fs[1])).toBe('2. Feder A. 2021.')
    expect(fs[1].severity).toBe('info')
  })
  it('flags an unused footnote definition', () => {
    const text = 'Ketamine eased PTSD in one trial.[^a]\n\n[^a]: Feder A. 2021.\n\n[^b]: Short B. 2018.\n'
    const [f] = only(review(text), 'sources/')
    expect(f.ruleId).toBe('sources/uncited-reference')
    expect(at(text, f)).toBe('[^b]: Short B. 2018.')
  })
  it('takes "(2)" and superscripts as citing a listed reference, never as unresolved', () => {
    const text = 'Ketamine eased PTSD in one trial (1). It caused dizziness².\nStep (3) is to call us.\n\n## References\n\n1. Feder A. 2021.\n2. Short B. 2018.\n'
    expect(only(review(text), 'sources/')).toEqual([])
  })
  it('expands ranges of numbers', () => {
    const text = 'Two trials and a review agree [1-3].\n\n## References\n\n1. A. 2020.\n2. B. 2021.\n3. C. 2022.\n'
    expect(only(review(text), 'sources/')).toEqual([])
  })
  const old = 'One trial found that ketamine eased PTSD for a day [1].\n\n## References\n\n1. Feder A, et al. JAMA Psychiatry. 2014. doi:10.1001/jamapsychiatry.2014.62\n'
  it('flags a source older than maxSourceAgeYears when the library has newer work on the question', () => {
    const [f] = only(review(old), 'sources/')
    expect(f.ruleId).toBe('sources/outdated')
    expect(at(old, f)).toBe('[1]')
    expect(f.message).toMatch(/^Feder 2014 is 12 years old \(more than 10\), and newer work on the same question exists: Abdallah 2022, Feder 2021/)
  })
  it('takes the age limit from the config, and passes when the newer work is cited too', () => {
    expect(only(review(old, 'markdown', { maxSourceAgeYears: 15 }), 'sources/')).toEqual([])
    const both = old.replace('[1].', '[1]. A later trial ran longer [2].') + '2. Feder A, et al. Am J Psychiatry. 2021. doi:10.1176/appi.ajp.2020.20050596\n'
    expect(only(review(both), 'sources/')).toEqual([])
  })
  it('does not call an old regulation or standard outdated', () => {
    const text = 'Ketamine is a Schedule III drug.[^dea1999] DISCERN rates leaflets.[^discern1999]\n\n[^dea1999]: DEA. 1999.\n\n[^discern1999]: Charnock D. 1999.\n'
    expect(only(review(text), 'sources/')).toEqual([])
  })
  it('can be turned off', () => {
    expect(only(review('Ketamine relieves depression.\n', 'markdown', { checks: { sources: 'off' } }), 'sources/')).toEqual([])
  })
})

describe('currency: date and author', () => {
  const bare = '# Ketamine\n\nKetamine is an anesthetic.\n'
  it('flags no date and no author, at the title', () => {
    const fs = only(review(bare), 'currency/')
    expect(ids(fs)).toEqual(['currency/no-author', 'currency/no-date'])
    for (const f of fs) expect(at(bare, f)).toBe('# Ketamine')
    expect(fs.find((f) => f.ruleId === 'currency/no-date')!.severity).toBe('warning')
    expect(fs.find((f) => f.ruleId === 'currency/no-author')!.severity).toBe('info')
  })
  for (const line of ['Last reviewed: 2026-10-01', 'Updated March 2025', '*Last updated on 3 March 2025*', 'Published: 12/01/2024']) {
    it(`finds the date in "${line}"`, () => {
      expect(ids(review(`${bare}\n${line}\n`))).not.toContain('currency/no-date')
    })
  }
  it('finds a date or an author in the front matter', () => {
    const text = `---\ntitle: Ketamine\ndate: 2025-06-01\nauthor: Dana Ortiz\n---\n\n${bare}`
    expect(only(review(text), 'currency/')).toEqual([])
  })
  it('ignores a date in an HTML comment and a count that looks like a year', () => {
    expect(ids(review(`${bare}\n<!-- updated 2025-01-01 -->\n`))).toContain('currency/no-date')
    expect(ids(review(`${bare}\nWe reviewed 2000 records.\n`))).toContain('currency/no-date')
  })
  for (const line of ['Written by Dana Ortiz, RN', 'Medically reviewed by Dr. Sam Lee', 'Author: Dana Ortiz', 'By Dana Ortiz']) {
    it(`finds the author in "${line}"`, () => {
      expect(ids(review(`${bare}\n${line}\n`))).not.toContain('currency/no-author')
    })
  }
  it('points at the top of a draft with no title', () => {
    const text = 'Ketamine is an anesthetic.\n'
    for (const f of only(review(text), 'currency/')) expect(at(text, f)).toBe('Ketamine is an anesthetic.')
  })
})

describe('readability', () => {
  const hard = [
    '# About our programme',
    '',
    'Comprehensive multidisciplinary evaluation incorporating psychiatric, psychological and physiological assessment determines individualized eligibility for intravenous administration, considering contraindications, concomitant medications and cardiovascular comorbidities.',
    'Subsequently, participants undergo continuous physiological monitoring, including electrocardiographic and hemodynamic parameters, throughout administration and the immediate post-administration recovery interval.',
    'Documentation of psychological preparedness, transportation arrangements and informed consent regarding potential dissociative phenomena is mandatory prior to initiation.',
    '',
    'Appointments are available on weekdays.',
    '',
  ].join('\n')
  it('flags the draft and the paragraph above the target, naming the hardest sentences', () => {
    const fs = only(review(hard), 'readability/')
    expect(ids(fs)).toEqual(['readability/draft-grade', 'readability/paragraph-grade'])
    const [d, p] = fs
    expect(at(hard, d)).toBe('# About our programme')
    expect(d.message).toMatch(/reads at grade \d+(\.\d)? by Flesch-Kincaid \(target 8 or below\) and \d+(\.\d)? by SMOG \(target 10 or below\)/)
    expect(d.message).toContain('"Comprehensive multidisciplinary evaluation')
    expect(at(hard, p)).toMatch(/^Comprehensive .* prior to initiation\.$/s)
    expect(p.severity).toBe('info')
  })
  it('reports Flesch-Kincaid and SMOG for the draft and each paragraph', () => {
    const r = reviewDetails(hard, { format: 'markdown', now: NOW }).stats.readability
    expect(r.draft!.grade).toBeGreaterThan(12)
    expect(r.draft!.smog).toBeGreaterThan(12)
    expect(r.paragraphs).toHaveLength(2)
    expect(r.paragraphs[1].grade).toBeLessThan(r.paragraphs[0].grade)
  })
  it('takes the targets from the config', () => {
    expect(only(review(hard, 'markdown', { readingGrade: 40, smogGrade: 40 }), 'readability/')).toEqual([])
    // smogGrade defaults to two grades above readingGrade.
    const good = draft('good.md')
    const smog = reviewDetails(good, { format: 'markdown', now: NOW }).stats.readability.draft!.smog
    expect(ids(review(good, 'markdown', { readingGrade: Math.floor(smog) - 3 }))).toContain('readability/draft-grade')
  })
  it('passes plain language, and grades plain-text drafts', () => {
    expect(only(review(draft('good.md')), 'readability/')).toEqual([])
    expect(only(review(draft('clinic.txt'), 'plaintext'), 'readability/')).toEqual([])
    // In plain text each line is a paragraph (the last long one is under 20 words: not graded alone).
    const txt = hard.replace('# About our programme', 'About our programme')
    expect(ids(only(review(txt, 'plaintext'), 'readability/'))).toEqual(['readability/draft-grade', 'readability/paragraph-grade', 'readability/paragraph-grade'])
  })
})
