// Inline suppression directives written in the draft.
import { describe, expect, it } from 'vitest'
import { lint } from '../../server/src/engine/lint.js'
import { parseDirectives } from '../../server/src/engine/suppression.js'
import type { Finding, Format } from '../../server/src/engine/types.js'

// Two sentences the built-in packs flag whatever the tuning: a superlative
// (hype) and an approval claim (regulatory).
const HYPE = 'Ketamine is a groundbreaking treatment.'
const FDA = 'Ketamine is FDA-approved for PTSD.'

const run = (lines: string[], format: Format = 'markdown', eol = '\n'): Finding[] => lint(lines.join(eol), { format })
/** "line:category" for each finding, to compare compactly. */
const where = (fs: Finding[]): string[] => [...new Set(fs.map((f) => `${f.line}:${f.category}`))]

describe('preconditions', () => {
  it('the sample sentences are flagged without directives', () => {
    expect(where(run([HYPE]))).toEqual(['1:hype'])
    expect(where(run([FDA]))).toEqual(['1:regulatory'])
    expect(run([FDA]).map((f) => f.ruleId)).toContain('regulatory/ketamine-approved-off-label')
  })
})

describe('markdown: disable-next-line', () => {
  it('suppresses only the named rule, only on the next content line', () => {
    const fs = run([
      '<!-- claimlint-disable-next-line hype/superlative -- reviewed by the editor -->',
      `${HYPE} ${FDA}`,
      HYPE,
    ])
    expect(where(fs)).toEqual(['2:regulatory', '3:hype'])
  })

  it('skips blank lines to reach the next content line', () => {
    expect(where(run(['<!-- claimlint-disable-next-line hype -->', '', HYPE]))).toEqual([])
  })

  it('accepts a category name as selector', () => {
    const fs = run(['<!-- claimlint-disable-next-line regulatory -- quoting the label -->', `${FDA} ${HYPE}`])
    expect(where(fs)).toEqual(['2:hype'])
  })

  it('suppresses every rule when no selector is given', () => {
    expect(run(['<!-- claimlint-disable-next-line -->', `${HYPE} ${FDA}`, HYPE]).map((f) => f.line)).toEqual([3])
    expect(run(['<!-- claimlint-disable-next-line -- reason only -->', `${HYPE} ${FDA}`])).toEqual([])
  })

  it('accepts several selectors separated by commas or spaces', () => {
    expect(run(['<!-- claimlint-disable-next-line hype, regulatory/approval-claim regulatory -->', `${HYPE} ${FDA}`])).toEqual([])
  })

  it('ignores a selector that names another rule', () => {
    expect(where(run(['<!-- claimlint-disable-next-line safety/safe -->', HYPE]))).toEqual(['2:hype'])
  })

  it('works with CRLF line endings', () => {
    const fs = run(['<!-- claimlint-disable-next-line hype -->', HYPE, HYPE], 'markdown', '\r\n')
    expect(where(fs)).toEqual(['3:hype'])
  })

  it('reads a directive in a comment spread over several lines', () => {
    expect(where(run(['<!--', 'claimlint-disable-next-line hype -- a quotation', '-->', HYPE, HYPE]))).toEqual(['5:hype'])
  })

  it('reads a directive at the end of a paragraph line', () => {
    expect(where(run([`Some context here. <!-- claimlint-disable-next-line hype -->`, HYPE, '', HYPE]))).toEqual(['4:hype'])
  })
})

describe('markdown: disable-line', () => {
  it('suppresses findings on the same line', () => {
    expect(where(run([`${HYPE} <!-- claimlint-disable-line hype -->`, HYPE]))).toEqual(['2:hype'])
  })
})

describe('markdown: disable ... enable ranges', () => {
  it('suppresses everything between disable and enable', () => {
    const fs = run([HYPE, '', '<!-- claimlint-disable -->', '', HYPE, '', FDA, '', '<!-- claimlint-enable -->', '', HYPE])
    expect(where(fs)).toEqual(['1:hype', '11:hype'])
  })

  it('scopes a range to the selected rules and categories', () => {
    const fs = run(['<!-- claimlint-disable hype -- testimonial section -->', '', HYPE, '', FDA, '', '<!-- claimlint-enable hype -->', '', HYPE])
    expect(where(fs)).toEqual(['5:regulatory', '9:hype'])
  })

  it('a range left open runs to the end of the draft', () => {
    expect(where(run([HYPE, '', '<!-- claimlint-disable regulatory -->', '', FDA, '', HYPE, '', FDA]))).toEqual(['1:hype', '7:hype'])
  })

  it('enabling one rule of a disabled category re-enables that rule only', () => {
    const fs = run(['<!-- claimlint-disable regulatory -->', '', '<!-- claimlint-enable regulatory/approval-claim -->', '', FDA])
    expect(fs.map((f) => f.ruleId)).toEqual(['regulatory/approval-claim'])
  })
})

describe('plain text', () => {
  it('reads a bare directive line', () => {
    const fs = run(['claimlint-disable-next-line hype -- quoted from a patient', HYPE, HYPE], 'plaintext')
    expect(where(fs)).toEqual(['3:hype'])
  })

  it('reads the HTML-comment form', () => {
    const fs = run(['<!-- claimlint-disable-next-line regulatory -->', `${FDA} ${HYPE}`, FDA], 'plaintext')
    expect(where(fs)).toEqual(['2:hype', '3:regulatory'])
  })

  it('reads ranges, with // and # prefixes', () => {
    const fs = run([HYPE, '// claimlint-disable hype', HYPE, '# claimlint-enable hype', HYPE], 'plaintext')
    expect(where(fs)).toEqual(['1:hype', '5:hype'])
  })

  it('does not lint the directive line itself', () => {
    // The directive line mentions a rule id, which is not prose.
    const fs = run(['claimlint-disable-next-line hype/superlative -- groundbreaking in a quote', 'Nothing to see.'], 'plaintext')
    expect(fs).toEqual([])
  })

  it('works with lone CR and CRLF line endings', () => {
    for (const eol of ['\r', '\r\n']) {
      const fs = run(['claimlint-disable-next-line hype', HYPE, HYPE], 'plaintext', eol)
      expect(where(fs), JSON.stringify(eol)).toEqual(['3:hype'])
    }
  })
})

describe('parseDirectives', () => {
  it('splits selectors and the reason', () => {
    const value = '<!-- claimlint-disable-next-line safety/safe, hype -- reviewed by Dr. K -->'
    expect(parseDirectives([{ start: 0, end: value.length, value }])).toEqual([
      { kind: 'disable-next-line', selectors: ['safety/safe', 'hype'], reason: 'reviewed by Dr. K', start: 0, end: value.length },
    ])
  })

  it('reads no selectors and no reason', () => {
    const value = '<!-- claimlint-enable -->'
    expect(parseDirectives([{ start: 5, end: 30, value }])).toEqual([{ kind: 'enable', selectors: [], reason: undefined, start: 5, end: 30 }])
  })

  it('ignores ordinary comments', () => {
    expect(parseDirectives([{ start: 0, end: 20, value: '<!-- TODO: check the dose -->' }])).toEqual([])
  })
})
