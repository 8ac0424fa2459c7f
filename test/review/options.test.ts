// options/no-first-line per condition, from data: the first-line pack's
// lexicon classes say what counts as mentioning first-line care, and its
// `options:` entries give the cited paragraph the fix inserts. Each entry's
// own example drafts run here (like the rules' examples in
// test/rules/examples.test.ts), then drafts written for these tests: TMS for
// depression, a draft that names talk therapy or antidepressants, PTSD as
// before, generalized anxiety disorder, and a draft with two conditions.
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv } from 'ajv'
import { parse } from 'yaml'
import { lint } from '../../server/src/engine/lint.js'
import { builtinRuleSet, rulesDir } from '../../server/src/engine/packs/load.js'
import { builtinEvidence } from '../../server/src/engine/evidence.js'
import { gradeLevel } from '../../server/src/engine/readability.js'
import { applyEdits } from '../../server/src/engine/rewrite/suggestions.js'
import { docFixes, reviewDraft } from '../../server/src/engine/review/index.js'
import { firstLineOptions } from '../../server/src/engine/review/options.js'
import { fillTreatment } from '../../server/src/engine/review/fixes.js'
import type { DocFinding, Format } from '../../server/src/engine/types.js'
import { NOW, ids } from './helpers.js'

const ruleSet = builtinRuleSet()
const evidence = builtinEvidence()
const options = firstLineOptions(ruleSet)
const settings = (format: Format = 'markdown') => ({ format, now: NOW })

const noFirstLine = (text: string, format: Format = 'markdown'): DocFinding[] => reviewDraft(text, settings(format)).filter((f) => f.ruleId === 'options/no-first-line')

/** The first options finding's preferred fix, applied. */
function fixOptions(text: string, format: Format = 'markdown') {
  const [finding] = noFirstLine(text, format)
  expect(finding, `options/no-first-line in:\n${text}`).toBeDefined()
  const fixes = docFixes(text, finding, settings(format))
  expect(fixes, 'a fix').toHaveLength(1)
  return { finding, fix: fixes[0], after: applyEdits(text, fixes[0].edits) }
}

/** Claim findings (rule ids) the fixed text has and the original had not. */
function newClaims(before: string, after: string): string[] {
  const now = lint(after, { format: 'markdown' }).map((f) => f.ruleId)
  for (const id of lint(before, { format: 'markdown' }).map((f) => f.ruleId)) {
    const i = now.indexOf(id)
    if (i >= 0) now.splice(i, 1)
  }
  return now
}

describe('first-line pack: options entries', () => {
  it('cover PTSD, depression and generalized anxiety disorder', () => {
    expect(options.map((o) => o.condition)).toEqual(['ptsd', 'depression', 'generalized-anxiety'])
  })

  it('validate against the pack schema (its options definition)', () => {
    const schema = JSON.parse(readFileSync(join(rulesDir(), 'schema', 'pack.schema.json'), 'utf8'))
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema)
    const pack = parse(readFileSync(join(rulesDir(), 'packs', 'first-line.yaml'), 'utf8'))
    expect(validate(pack), JSON.stringify(validate.errors)).toBe(true)
    expect(validate({ ...pack, options: [{ ...pack.options[0], unknownKey: 1 }] })).toBe(false)
    expect(validate({ ...pack, options: [{ ...pack.options[0], sources: [] }] })).toBe(false)
  })

  for (const o of options) {
    describe(o.id, () => {
      const names = ruleSet.lexicon.names()
      it('has its condition class and a first-line class for it', () => {
        expect(names.has(o.condition), o.condition).toBe(true)
        expect(names.has(`first-line-${o.condition}`), `first-line-${o.condition}`).toBe(true)
      })
      it('cites sources that are in the evidence library, each about the condition and first-line care', () => {
        for (const id of o.sources) {
          const entry = evidence.entries.get(id)
          expect(entry, id).toBeDefined()
          expect(entry!.custom?.topics, id).toContain('first-line')
        }
      })
      it('reads at 8th grade or below (Flesch-Kincaid), with a treatment filled in', () => {
        for (const t of ['this treatment', 'TMS', 'ketamine']) expect(gradeLevel(fillTreatment(o.text, t)), t).toBeLessThanOrEqual(8)
      })
      it('makes no claim of its own', () => {
        expect(lint(fillTreatment(o.text, 'TMS').replace(/\s+/g, ' '), { format: 'plaintext' }).map((f) => f.ruleId)).toEqual([])
      })
      it('names a first-line treatment itself, so the fix clears the finding', () => {
        const v = lint(fillTreatment(o.text, 'TMS'), { format: 'plaintext' })
        expect(v).toEqual([])
        const after = reviewDraft(`# TMS\n\n${fillTreatment(o.text, 'TMS')}\n`, settings())
        expect(ids(after)).not.toContain('options/no-first-line')
      })
      for (const example of o.examples?.flag ?? []) {
        it(`flags, and the fix inserts this entry: ${example.split('\n')[0]}`, () => {
          const found = noFirstLine(example)
          expect(found).toHaveLength(1)
          expect(found[0].pack).toBe('first-line')
          const { fix, after } = fixOptions(example)
          expect(fix.rewrites).toEqual([o.id])
          expect(fix.sources).toEqual(o.sources)
          expect(noFirstLine(after)).toEqual([])
        })
      }
      for (const example of o.examples?.pass ?? []) {
        it(`passes: ${example.split('\n')[0]} (${example.trim().split('\n').pop()})`, () => {
          expect(noFirstLine(example)).toEqual([])
        })
      }
    })
  }
})

describe('depression', () => {
  const tms = [
    '# TMS for treatment-resistant depression',
    '',
    'Our clinic offers transcranial magnetic stimulation (TMS) for depression. TMS relieves depression',
    'in a few weeks, with no drugs and no downtime.',
    '',
    '## What to expect',
    '',
    'Each TMS session takes about 20 minutes. Some people get a headache or scalp discomfort.',
    '',
    '## References',
    '',
    '[^fda]: Example reference.',
    '',
  ].join('\n')

  it('flags a TMS draft that never names first-line care, at its title, naming the options', () => {
    const found = noFirstLine(tms)
    expect(found).toHaveLength(1)
    expect(tms.slice(found[0].start, found[0].end)).toBe('# TMS for treatment-resistant depression')
    expect(found[0].message).toBe(
      'This draft offers TMS for treatment-resistant depression but never mentions the treatments guidelines advise first for it (such as CBT, behavioral activation or antidepressant medicines). Name them, so readers can weigh their choices and ask about them.',
    )
  })

  it('fixes it with a cited depression paragraph before the references, naming the draft\'s treatment', () => {
    const { fix, after } = fixOptions(tms)
    expect(fix.kind).toBe('options-section')
    expect(fix.title).toBe('Add an "Other treatment options" section (first-line-depression)')
    expect(fix.sources).toEqual(['acp2023', 'nice_ng222'])
    const section = after.slice(after.indexOf('## Other treatment options'), after.indexOf('## References'))
    expect(section.startsWith('## Other treatment options\n\nFor depression, guidelines advise talk therapy, such as CBT, as a first step.')).toBe(true)
    expect(section).toContain('Ask your care team how TMS compares.')
    expect(section).not.toMatch(/\{treatment\}/)
    // Cited in the draft's own (footnote) style, the references added once, with real identifiers.
    expect(section).toContain('[^acp2023]')
    expect(section).toContain('[^nice_ng222]')
    expect(after).toMatch(/\[\^acp2023\]: Qaseem A, .*doi:10\.7326\/M22-2056/)
    expect(after).toMatch(/\[\^nice_ng222\]: .*https:\/\/www\.nice\.org\.uk\/guidance\/ng222/)
    expect(after.split('[^acp2023]:').length - 1).toBe(1)
    expect(fix.region.start).toBe(after.indexOf('## Other treatment options'))
    // The finding is gone, no new claim, and a second pass has nothing to fix.
    expect(noFirstLine(after)).toEqual([])
    expect(newClaims(tms, after)).toEqual([])
  })

  it('works on plain text, citing in the draft\'s style', () => {
    const text = 'TMS for depression\n\nWe offer TMS for depression. TMS relieves depression in weeks.\n'
    const { after } = fixOptions(text, 'plaintext')
    expect(after).toContain('Other treatment options\n\nFor depression, guidelines advise talk therapy')
    expect(noFirstLine(after, 'plaintext')).toEqual([])
  })

  for (const mention of [
    'Guidelines advise psychotherapy or antidepressants first.',
    'Talk therapy, such as CBT, is another option.',
    'Ask us how TMS compares with antidepressant medication.',
    'Most of our patients have tried SSRIs such as sertraline.',
    'Behavioral activation and interpersonal therapy are other choices.',
  ]) {
    it(`passes a draft that mentions first-line care: "${mention}"`, () => {
      expect(noFirstLine(tms.replace('## What to expect', `${mention}\n\n## What to expect`))).toEqual([])
    })
  }

  it('does not take psilocybin-assisted psychotherapy or "antidepressant effects" for first-line care', () => {
    const text = '# Psilocybin for depression\n\nPsilocybin-assisted psychotherapy eases depression. Psilocybin has fast antidepressant effects.\n'
    expect(noFirstLine(text)).toHaveLength(1)
    const { after, fix } = fixOptions(text)
    expect(fix.rewrites).toEqual(['first-line-depression'])
    expect(after).toContain('Ask your care team how psilocybin compares.')
  })

  it('applies to ketamine and esketamine drafts too (the ketamine pack has no depression comparison of its own)', () => {
    const text = '# Ketamine for depression\n\nKetamine relieves depression within hours. Ketamine lifts mood.\n'
    const { fix, after } = fixOptions(text)
    expect(fix.rewrites).toEqual(['first-line-depression'])
    expect(after).toContain('Ask your care team how ketamine compares.')
  })

  it('leaves a draft about a first-line treatment itself alone', () => {
    expect(noFirstLine('# Antidepressants for depression\n\nAntidepressants ease depression. Antidepressants take weeks to work.\n')).toEqual([])
  })

  it('leaves bipolar and postpartum depression alone: the depression guidelines it cites do not cover them', () => {
    const bipolar = tms.replace('# TMS for treatment-resistant depression', '# TMS for bipolar depression')
    expect(noFirstLine(bipolar)).toEqual([])
    const postpartum = tms.replace('# TMS for treatment-resistant depression', '# TMS for postpartum depression')
    expect(noFirstLine(postpartum)).toEqual([])
    // Named anywhere, even in passing: not checked for major depression.
    expect(noFirstLine(tms.replace('Some people get a headache', 'People with bipolar disorder need a different plan. Some people get a headache'))).toEqual([])
    expect(noFirstLine('Ketamine for depression after childbirth\n\nKetamine relieves depression in hours.\n', 'plaintext')).toEqual([])
    // Only that condition: PTSD in the same draft is still checked.
    const both = bipolar.replace('TMS relieves depression', 'TMS relieves PTSD and depression')
    expect(noFirstLine(both).map((f) => f.message)).toEqual([expect.stringContaining('for PTSD')])
  })

  it('does not take "depressed" or a passing word for the condition', () => {
    expect(noFirstLine('# TMS\n\nTMS relieves pain. Some people feel depressed before treatment.\n')).toEqual([])
  })
})

describe('PTSD is unchanged', () => {
  const ketamine = '# Ketamine for PTSD\n\nOur clinic offers ketamine for PTSD. Ketamine eases PTSD symptoms fast.\n\nUsing ketamine for PTSD is off-label.\n'

  it('names the same first-line treatments in its message', () => {
    const [f] = noFirstLine(ketamine)
    expect(f.pack).toBe('first-line')
    expect(f.message).toMatch(/such as trauma-focused psychotherapy, prolonged exposure, cognitive processing therapy, EMDR, sertraline, paroxetine or venlafaxine\)/)
  })

  it('a ketamine draft still gets the ketamine pack\'s rewrite, citing vadod2023', () => {
    const { fix, after } = fixOptions(ketamine)
    expect(fix.rewrites).toEqual(['ketamine-vs-first-line'])
    expect(fix.sources).toEqual(['vadod2023'])
    expect(after).toContain(
      '## Other treatment options\n\nFor PTSD, guidelines advise talk therapy that focuses on the trauma first.[^vadod2023] The drugs they name are sertraline, paroxetine and venlafaxine.[^vadod2023]',
    )
  })

  it('a draft about another treatment gets the first-line pack\'s PTSD paragraph (it had no fix before)', () => {
    const text = '# SGB for PTSD\n\nWe offer SGB for PTSD. SGB relieves PTSD in minutes.\n'
    const { fix, after } = fixOptions(text)
    expect(fix.rewrites).toEqual(['first-line-ptsd'])
    expect(fix.sources).toEqual(['vadod2023', 'apa2017'])
    expect(after).toContain('Ask your care team how SGB compares.')
    expect(noFirstLine(after)).toEqual([])
  })

  it('still passes a draft that names one, and still refuses ketamine-assisted psychotherapy', () => {
    expect(noFirstLine(ketamine + '\nEMDR is another choice.\n')).toEqual([])
    expect(noFirstLine(ketamine + '\nWe also offer ketamine-assisted psychotherapy.\n')).toHaveLength(1)
  })
})

describe('generalized anxiety disorder', () => {
  it('flags a draft for GAD and fixes it with the NICE CG113 paragraph', () => {
    const text = '# Ketamine for generalized anxiety disorder\n\nKetamine eases generalized anxiety disorder within a day. It is safe.\n'
    const [f] = noFirstLine(text)
    expect(f.message).toMatch(/for generalized anxiety disorder but never mentions .*\(such as CBT-based self-help, CBT, applied relaxation or sertraline\)/)
    const { fix, after } = fixOptions(text)
    expect(fix.rewrites).toEqual(['first-line-generalized-anxiety'])
    expect(fix.sources).toEqual(['nice_cg113'])
    expect(after).toContain('For generalized anxiety disorder, a UK guideline first advises learning about the condition.[^nice_cg113]')
    expect(after).toMatch(/\[\^nice_cg113\]: .*https:\/\/www\.nice\.org\.uk\/guidance\/cg113/)
    expect(noFirstLine(after)).toEqual([])
  })

  it('does not read "anxiety" on its own as GAD (the guideline is about GAD)', () => {
    expect(noFirstLine('# Ketamine for anxiety\n\nKetamine eases anxiety within a day. Ketamine calms anxiety.\n')).toEqual([])
  })
})

describe('several conditions in one draft', () => {
  const text = '# TMS for PTSD and depression\n\nTMS relieves PTSD and depression. Sessions take 20 minutes.\n'

  it('flags each condition, and one fix adds a paragraph for each, in one section', () => {
    const found = noFirstLine(text)
    expect(found.map((f) => f.message.match(/for (\S+) but/)?.[1])).toEqual(expect.arrayContaining(['PTSD', 'depression']))
    const { fix, after } = fixOptions(text)
    expect(fix.rewrites.sort()).toEqual(['first-line-depression', 'first-line-ptsd'])
    expect(after.split('## Other treatment options').length - 1).toBe(1)
    expect(after).toContain('For PTSD, guidelines advise')
    expect(after).toContain('For depression, guidelines advise')
    expect(noFirstLine(after)).toEqual([])
  })

  it('adds to an "Other treatment options" section already there instead of a second heading', () => {
    const withSection = '# TMS for depression\n\nTMS relieves depression.\n\n## Other treatment options\n\nAsk us about exercise.\n\n## Booking\n\nCall us.\n'
    const { after } = fixOptions(withSection)
    expect(after.split('Other treatment options').length - 1).toBe(1)
    expect(after).toMatch(/Ask us about exercise\.\n\nFor depression, guidelines advise[^#]*\n\n## Booking/)
  })
})

describe('fillTreatment', () => {
  it('puts the draft\'s treatment where {treatment} is, capitalised at a sentence start', () => {
    expect(fillTreatment('Ask how {treatment} compares.', 'TMS')).toBe('Ask how TMS compares.')
    expect(fillTreatment('{treatment} is one choice. {treatment} is not the only one.', 'ketamine')).toBe('Ketamine is one choice. Ketamine is not the only one.')
  })
})
