// The whole-draft review honours the same decisions as claims: suppression
// comments written in the draft, and reviewers' dismissals recorded in
// .claimlint/reviews.yaml. Drafts are invented for these tests.
import { describe, expect, it } from 'vitest'
import { reviewDetails, reviewDraft } from '../../server/src/engine/review/index.js'
import { lintAndAnalyze } from '../../server/src/engine/lint.js'
import { dismissalFor } from '../../server/src/engine/reviews.js'
import { builtinRuleSet } from '../../server/src/engine/packs/load.js'
import type { DocFinding, Format } from '../../server/src/engine/types.js'
import { BALANCE, NO_RISKS, NOW, ids } from './helpers.js'

const ruleSet = builtinRuleSet()
const run = (text: string, format: Format = 'markdown', dismissals: ReturnType<typeof dismissalFor>[] = [], file?: string): DocFinding[] =>
  reviewDraft(text, { format, ruleSet, now: NOW, reviews: { dismissals, file } })

/** Invented: benefits only, no date, author or sources; plain text. */
const PLAIN = 'Ketamine for depression\n\nKetamine relieves depression within hours for most people who try it.\n'

describe('suppression comments', () => {
  it('a disable-next-line comment before the heading a finding points at drops it, and only it', () => {
    expect(ids(run(NO_RISKS))).toEqual([BALANCE])
    const text = NO_RISKS.replace('## How ketamine can help', '<!-- claimlint-disable-next-line balance/benefits-without-risks -- the consent form covers risks -->\n## How ketamine can help')
    expect(run(text)).toEqual([])
    // Another rule named: the finding stays.
    const other = NO_RISKS.replace('## How ketamine can help', '<!-- claimlint-disable-next-line sources -->\n## How ketamine can help')
    expect(ids(run(other))).toEqual([BALANCE])
  })

  it('a disable ... enable range works by category, as for claims', () => {
    const all = ids(run(PLAIN, 'plaintext'))
    expect(all).toEqual(['balance/benefits-without-risks', 'currency/no-author', 'currency/no-date', 'options/no-first-line', 'sources/none'])
    // Plain text: the directive on a line of its own, without comment markers.
    const off = `claimlint-disable currency -- a one-page flyer, dated on print\n${PLAIN}`
    expect(ids(run(off, 'plaintext'))).toEqual(all.filter((id) => !id.startsWith('currency/')))
    // Enabled again before the body: the sources finding (in the body) comes back, the title's stay off.
    const ranged = `claimlint-disable currency, sources\n${PLAIN.replace('\n\nKetamine relieves', '\n\nclaimlint-enable sources\nKetamine relieves')}`
    expect(ids(run(ranged, 'plaintext'))).toEqual(['balance/benefits-without-risks', 'options/no-first-line', 'sources/none'])
  })

  it('is the same whether the review parses the draft or takes the lint`s parse (lintAndAnalyze)', () => {
    const text = NO_RISKS.replace('## How ketamine can help', '<!-- claimlint-disable-next-line balance -->\n## How ketamine can help')
    const { findings, analysis } = lintAndAnalyze(text, { format: 'markdown', ruleSet })
    expect(analysis.directives.map((d) => d.kind)).toEqual(['disable-next-line'])
    expect(reviewDetails(text, { format: 'markdown', ruleSet, findings, analysis, now: NOW }).findings).toEqual([])
  })

  it('leaves what each check measured as it was', () => {
    const text = NO_RISKS.replace('## How ketamine can help', '<!-- claimlint-disable-next-line balance -->\n## How ketamine can help')
    const stats = reviewDetails(text, { format: 'markdown', ruleSet, now: NOW }).stats
    expect(stats.balance.benefitSentences).toBeGreaterThan(0)
    expect(stats.balance.riskSentences).toBe(0)
  })
})

describe('dismissals', () => {
  const [balance] = run(NO_RISKS)
  const dismissal = dismissalFor(balance, NO_RISKS, 'handouts/ketamine.md', 'Risks are on the consent form', 'Dr. Reviewer', '2026-11-24')

  it('records the rule and a hash of the text the finding points at', () => {
    expect(dismissal).toMatchObject({ rule: BALANCE, file: 'handouts/ketamine.md', claim: '## How ketamine can help' })
    expect(dismissal.sentence).toMatch(/^[0-9a-f]{16}$/)
  })

  it('drops the finding for that draft, and not for another one', () => {
    expect(run(NO_RISKS, 'markdown', [dismissal], 'handouts/ketamine.md')).toEqual([])
    expect(ids(run(NO_RISKS, 'markdown', [dismissal], 'handouts/other.md'))).toEqual([BALANCE])
  })

  it('survives edits elsewhere in the draft, not a rewrite of what it points at', () => {
    const elsewhere = NO_RISKS.replace('Last reviewed: 2025-02-01.', 'Last reviewed: 2025-03-15.')
    expect(run(elsewhere, 'markdown', [dismissal], 'handouts/ketamine.md')).toEqual([])
    const rewritten = NO_RISKS.replace('## How ketamine can help', '## How ketamine helps')
    expect(ids(run(rewritten, 'markdown', [dismissal], 'handouts/ketamine.md'))).toEqual([BALANCE])
  })

  it('quotes at most 160 characters of a long paragraph in reviews.yaml (matching uses the hash)', () => {
    const long = { ruleId: 'readability/paragraph-grade', start: 0, end: 400, sentence: { start: 0, end: 400 } }
    const text = 'word '.repeat(80)
    const d = dismissalFor(long, text, undefined, 'Technical on purpose', 'Dr. Reviewer', '2026-11-24')
    expect(d.claim.length).toBe(160)
    expect(d.claim.endsWith('…')).toBe(true)
  })
})
