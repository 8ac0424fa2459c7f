// Softening and the other fixes, checked by applying them and linting again.
import { describe, it, expect } from 'vitest'
import { lint } from '../../server/src/engine/lint.js'
import { soften, softenSentence, baseForm } from '../../server/src/engine/rewrite/soften.js'
import { suppressionEdit, ruleOffConfigText, safeFixes } from '../../server/src/engine/fixes.js'
import type { TextEdit } from '../../server/src/engine/rewrite/soften.js'
import type { Format } from '../../server/src/engine/types.js'
import { parse } from 'yaml'

const apply = (text: string, e: TextEdit): string => text.slice(0, e.start) + e.newText + text.slice(e.end)
const apply_all = (text: string, edits: TextEdit[]): string => [...edits].sort((a, b) => b.start - a.start).reduce(apply, text)

function softened(text: string, ruleId: string, format: Format = 'plaintext'): string | undefined {
  const f = lint(text, { format }).find((x) => x.ruleId === ruleId)
  if (!f) throw new Error(`${ruleId} did not flag: ${text}`)
  const e = soften(text, f)
  return e && apply(text, e)
}

describe('soften', () => {
  const cases: Array<[string, string, string]> = [
    ['Ketamine relieves PTSD symptoms within hours.', 'efficacy/works-claim', 'Ketamine may relieve PTSD symptoms within hours for some people.'],
    ['TMS is effective for depression.', 'efficacy/works-claim', 'TMS may be effective for depression for some people.'],
    ['Stem cell injections regenerate damaged cartilage.', 'efficacy/works-claim', 'Stem cell injections may regenerate damaged cartilage for some people.'],
    ['Ketamine can cure depression.', 'absolute/cure', 'Ketamine may help with depression for some people.'],
    ['Why is TMS effective for depression?', 'efficacy/presupposing-question', 'Is TMS effective for depression?'],
    ['Ketamine is a groundbreaking treatment for depression.', 'hype/superlative', 'Ketamine is a treatment for depression.'],
    ['IV therapy is an amazing way to recharge.', 'hype/promotional-tone', 'IV therapy is a way to recharge.'],
    ['Ketamine has minimal side effects.', 'safety/minimal-side-effects', 'Ketamine can cause side effects; ask your care team which ones are common and how long they last.'],
  ]
  for (const [input, rule, expected] of cases) {
    it(`${rule}: ${input}`, () => {
      const out = softened(input, rule)
      expect(out).toBe(expected)
      // The softened sentence no longer carries that claim.
      expect(lint(out!, { format: 'plaintext' }).map((f) => f.ruleId)).not.toContain(rule)
    })
  }
  it('keeps title case in headings', () => {
    expect(softenSentence('Reduces Intrusive Symptoms', 0, 'efficacy')).toBe('May Reduce Intrusive Symptoms')
    expect(softenSentence('Rapid Relief of Symptoms', 0, 'efficacy')).toBe('Possible Rapid Relief of Symptoms')
  })
  it('offers nothing for claims that softening cannot make true', () => {
    expect(softenSentence('Ketamine is superior to SSRIs.', 12, 'comparative')).toBeUndefined()
    expect(softenSentence('Ketamine is FDA-approved for PTSD.', 12, 'regulatory')).toBeUndefined()
    expect(softenSentence('Eight out of ten patients improve.', 0, 'statistic')).toBeUndefined()
  })
  it('replaces only the sentence, leaving the rest of the draft alone', () => {
    const text = '# Ketamine\n\nWe are open daily. Ketamine relieves PTSD symptoms. Call us.\n'
    const out = softened(text, 'efficacy/works-claim', 'markdown')
    expect(out).toBe('# Ketamine\n\nWe are open daily. Ketamine may relieve PTSD symptoms for some people. Call us.\n')
  })
  it('base forms of verbs', () => {
    expect(['relieves', 'reduces', 'carries', 'does', 'fixes', 'helps'].map(baseForm)).toEqual(['relieve', 'reduce', 'carry', 'do', 'fix', 'help'])
  })
})

describe('suppression edit', () => {
  it('inserts a Markdown comment above a line that opens a block, and the finding goes away', () => {
    const text = '# TMS\r\n\r\n  TMS is a groundbreaking treatment.\r\n'
    const f = lint(text, { format: 'markdown' }).find((x) => x.ruleId === 'hype/superlative')!
    const out = apply(text, suppressionEdit(text, f, 'markdown'))
    expect(out).toBe('# TMS\r\n\r\n  <!-- claimlint-disable-next-line hype/superlative -- reason: TODO -->\r\n  TMS is a groundbreaking treatment.\r\n')
    expect(lint(out, { format: 'markdown' }).map((x) => x.ruleId)).not.toContain('hype/superlative')
  })
  it('appends a disable-line comment inside a paragraph so the paragraph stays whole', () => {
    const text = 'We treat depression here.\nTMS is a groundbreaking treatment.\n'
    const f = lint(text, { format: 'markdown' }).find((x) => x.ruleId === 'hype/superlative')!
    const out = apply(text, suppressionEdit(text, f, 'markdown'))
    expect(out).toBe('We treat depression here.\nTMS is a groundbreaking treatment. <!-- claimlint-disable-line hype/superlative -- reason: TODO -->\n')
    expect(lint(out, { format: 'markdown' }).map((x) => x.ruleId)).not.toContain('hype/superlative')
  })
  it('uses the plain-text form in .txt drafts', () => {
    const text = 'TMS is a groundbreaking treatment.\n'
    const f = lint(text, { format: 'plaintext' }).find((x) => x.ruleId === 'hype/superlative')!
    const out = apply(text, suppressionEdit(text, f, 'plaintext'))
    expect(out.split('\n')[0]).toBe('claimlint-disable-next-line hype/superlative -- reason: TODO')
    expect(lint(out, { format: 'plaintext' }).map((x) => x.ruleId)).not.toContain('hype/superlative')
  })
})

describe('rule off in .claimlintrc.yaml', () => {
  it('creates a config when there is none', () => {
    expect(parse(ruleOffConfigText(undefined, 'hype/superlative'))).toEqual({ rules: { 'hype/superlative': 'off' } })
  })
  it('keeps existing keys and comments', () => {
    const before = '# team settings\ncategories:\n  anecdote: info # quieter\nrules:\n  statistic/effect-duration: off\n'
    const after = ruleOffConfigText(before, 'hype/superlative')
    expect(after).toContain('# team settings')
    expect(after).toContain('# quieter')
    expect(parse(after)).toEqual({ categories: { anecdote: 'info' }, rules: { 'statistic/effect-duration': 'off', 'hype/superlative': 'off' } })
  })
  it('refuses to rewrite a broken file', () => {
    expect(() => ruleOffConfigText('rules: [unclosed', 'hype/superlative')).toThrow(/YAML error/)
  })
})

describe('safe fixes', () => {
  it('drop promotional adverbs and nothing else', () => {
    const text = 'TMS is remarkably gentle. Incredibly, it is a groundbreaking treatment.'
    const findings = lint(text, { format: 'plaintext' })
    const out = apply_all(text, safeFixes(text, findings))
    expect(out).toContain('TMS is gentle.')
    expect(out).toContain('groundbreaking')
    // Applying the fixes again changes nothing.
    expect(apply_all(out, safeFixes(out, lint(out, { format: 'plaintext' })))).toBe(out)
  })
})
