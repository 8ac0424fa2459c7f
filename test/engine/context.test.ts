// Each context module on sentences written for these tests.
import { describe, it, expect } from 'vitest'
import { SentenceView } from '../../server/src/engine/context/view.js'
import { hedges, isHedged } from '../../server/src/engine/context/hedges.js'
import { isNegated } from '../../server/src/engine/context/negation.js'
import { vagueAttributions } from '../../server/src/engine/context/attribution.js'
import { sourceMarks, hasSpecificSource } from '../../server/src/engine/context/citations.js'
import { questionKind } from '../../server/src/engine/context/questions.js'
import { draftTopic, refersToTreatment, claimIsAboutTreatment, treatmentsIn } from '../../server/src/engine/context/topics.js'
import { sentencesOf } from '../../server/src/engine/lint.js'
import { builtinRuleSet } from '../../server/src/engine/packs/load.js'
import type { Format } from '../../server/src/engine/types.js'

const lexicon = builtinRuleSet().lexicon
const views = (text: string, format: Format = 'plaintext'): SentenceView[] => sentencesOf(text, format).map((s) => new SentenceView(s, lexicon))
const view = (text: string, format: Format = 'plaintext'): SentenceView => views(text, format)[0]
/** Word range of the first occurrence of `word`. */
const at = (v: SentenceView, word: string): { from: number; to: number } => {
  const i = v.norms.indexOf(word)
  if (i === -1) throw new Error(`${word} not in ${v.norms.join(' ')}`)
  return { from: i, to: i + 1 }
}

describe('hedges', () => {
  it('finds modal hedges', () => {
    const v = view('Ketamine may ease symptoms for a few days.')
    expect(hedges(v).map((m) => v.textOf(m))).toEqual(['may'])
    expect(isHedged(v, at(v, 'ease'))).toBe(true)
  })
  it('a hedge in another clause does not soften the claim', () => {
    const v = view('The drug is safe, but some side effects may occur.')
    expect(isHedged(v, at(v, 'safe'))).toBe(false)
  })
  it('sentence-wide hedges such as "is being studied"', () => {
    const v = view('Psilocybin is being studied for depression, and results are mixed.')
    expect(isHedged(v, at(v, 'results'))).toBe(true)
  })
  it('"can" is not a hedge', () => {
    const v = view('TMS can relieve depression.')
    expect(isHedged(v, at(v, 'relieve'))).toBe(false)
  })
  it('distancing words ("claimed") count as reporting, not asserting', () => {
    const v = view('IV drips are claimed to boost energy.')
    expect(isHedged(v, at(v, 'boost'))).toBe(true)
  })
})

describe('negation', () => {
  it('a negator shortly before the claim negates it', () => {
    const v = view('Ketamine is not FDA-approved for PTSD.')
    expect(isNegated(v, at(v, 'fda'))).toBe(true)
  })
  it('contractions negate', () => {
    const v = view("TMS doesn't cure depression.")
    expect(isNegated(v, at(v, 'cure'))).toBe(true)
  })
  it('"not only ... but also" is emphasis', () => {
    const v = view('The infusions not only relieve pain but also lift mood.')
    expect(isNegated(v, at(v, 'relieve'))).toBe(false)
  })
  it('a negator in another clause does not count', () => {
    const v = view('It is not cheap, but it works for depression.')
    expect(isNegated(v, at(v, 'works'))).toBe(false)
  })
})

describe('vague attribution', () => {
  it('names "studies show" and "experts agree"', () => {
    const v = view('Studies show that experts agree the shots help.')
    expect(vagueAttributions(v).map((m) => v.textOf(m).toLowerCase())).toEqual(['studies show', 'experts agree'])
  })
  it('is not a specific source', () => {
    const v = view('Research has shown that NAD+ drips reduce cravings.')
    expect(hasSpecificSource(v.sentence, v)).toBe(false)
  })
})

describe('specific sources', () => {
  const kinds = (text: string, format: Format = 'plaintext'): string[] => {
    const v = view(text, format)
    return sourceMarks(v.sentence, v).map((m) => m.kind)
  }
  it('numbered markers', () => {
    expect(kinds('Most patients improved [2].')).toContain('numbered')
    expect(kinds('Most patients improved [1, 3].')).toContain('numbered')
    expect(kinds('Most patients improved (4).')).toContain('numbered')
  })
  it('footnotes and pandoc keys', () => {
    expect(kinds('Most patients improved.[^smith2020]\n\n[^smith2020]: A made-up reference.', 'markdown')).toContain('footnote')
    expect(kinds('Most patients improved [@smith2020].', 'markdown')).toContain('pandoc')
  })
  it('author-year', () => {
    expect(kinds('Most patients improved (Okafor et al., 2019).')).toContain('author-year')
    expect(kinds('Okafor et al. (2019) found that most patients improved.')).toContain('author-year')
    expect(kinds('Most patients improved (Okafor and Lind 2019).')).toContain('author-year')
  })
  it('a named study with a year and a journal', () => {
    expect(kinds('A 2019 trial published in JAMA Psychiatry found a short benefit.')).toContain('named-study')
  })
  it('links to doi.org or PubMed', () => {
    expect(kinds('Most patients improved in [one trial](https://doi.org/10.1000/xyz123).', 'markdown')).toContain('link')
    expect(kinds('See [the abstract](https://pubmed.ncbi.nlm.nih.gov/12345678/) for details.', 'markdown')).toContain('link')
  })
  it('a year alone or a plain link is not a source', () => {
    expect(kinds('Since 2019 most patients improved.')).toEqual([])
    expect(kinds('Read [our blog](https://example.com/blog) about it.', 'markdown')).toEqual([])
  })
})

describe('questions and headings', () => {
  it('yes/no questions ask, they do not assert', () => {
    expect(questionKind(view('Is ketamine safe?'))).toBe('yes-no')
    expect(questionKind(view('Can TMS help with anxiety?'))).toBe('yes-no')
  })
  it('why/how questions presuppose', () => {
    expect(questionKind(view('Why is ketamine effective for PTSD?'))).toBe('presupposing')
    expect(questionKind(view('How does SGB relieve anxiety?'))).toBe('presupposing')
  })
  it('statements are not questions', () => {
    expect(questionKind(view('Ketamine is a medicine.'))).toBe('none')
  })
  it('a short line without closing punctuation is a heading', () => {
    const [h, p] = views('Minimal Side Effects\nKetamine is given in a clinic.')
    expect(h.sentence.isHeading).toBe(true)
    expect(p.sentence.isHeading).toBe(false)
  })
})

describe('topics', () => {
  it('names the treatments in a sentence', () => {
    expect(treatmentsIn(view('Ketamine and TMS are both offered here.'))).toEqual(['ketamine', 'tms'])
  })
  it('the draft treatment is the one named most often', () => {
    const all = views('TMS for depression.\nTMS uses magnets.\nSome patients also take sertraline.\nTMS sessions take 20 minutes.')
    expect(draftTopic(all).treatment).toBe('tms')
  })
  it('a pronoun refers back to the draft treatment', () => {
    const all = views('Stem cell injections for knees.\nIt rebuilds cartilage.')
    const topic = draftTopic(all)
    expect(refersToTreatment(all[1], topic)).toBe(true)
    expect(claimIsAboutTreatment(all[1], topic, at(all[1], 'rebuilds'))).toBe(true)
  })
  it('a pronoun with no treatment in the draft refers to nothing', () => {
    const all = views('It rebuilds cartilage.')
    expect(refersToTreatment(all[0], draftTopic(all))).toBe(false)
  })
  it('a claim about the condition, far from any treatment, is not about the treatment', () => {
    const all = views('Ketamine clinic.\nPTSD symptoms, for many people, improve over time; treatment is available.')
    const v = all[1]
    expect(claimIsAboutTreatment(v, draftTopic(all), at(v, 'improve'))).toBe(false)
  })
})

describe('pronouns resolve to the draft treatment in topic packs', () => {
  it('"It is FDA-approved for PTSD" in a ketamine draft is the ketamine error', async () => {
    const { lint } = await import('../../server/src/engine/lint.js')
    const ids = lint('Ketamine infusions\n\nKetamine is offered here. It is FDA-approved for PTSD.', { format: 'markdown' }).map((f) => f.ruleId)
    expect(ids).toContain('regulatory/ketamine-approved-off-label')
  })
  it('the same sentence in a TMS draft is not a ketamine finding', async () => {
    const { lint } = await import('../../server/src/engine/lint.js')
    const ids = lint('TMS sessions\n\nTMS is offered here. It is FDA-approved for PTSD.', { format: 'markdown' }).map((f) => f.ruleId)
    expect(ids).not.toContain('regulatory/ketamine-approved-off-label')
    expect(ids).toContain('regulatory/approval-claim')
  })
})
