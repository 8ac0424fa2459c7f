// A rule that throws while it is evaluated costs only its own findings: the
// other rules still run on that sentence and on the rest of the draft, and
// the failure comes back as data (rule id, pack, message, where it first
// failed), once per rule however many sentences it failed on. Faults are
// made two ways: the documented switch CLAIMLINT_FAULT_RULE (read when a
// rule set is built) and a rule whose data makes the real matching code
// throw a TypeError.
import { afterEach, describe, expect, it } from 'vitest'
import { lint, lintSentence, type RuleError } from '../../server/src/engine/lint.js'
import { IncrementalLinter } from '../../server/src/engine/incremental.js'
import { builtinRuleSet, FAULT_RULE_ENV, INJECTED_FAULT, loadRuleSet, type Requirement, type RuleSet } from '../../server/src/engine/packs/load.js'
import { SentenceView } from '../../server/src/engine/context/view.js'
import { sentencesOf } from '../../server/src/engine/lint.js'
import { generateDraft } from '../../bench/drafts.js'
import type { Finding } from '../../server/src/engine/types.js'

const FAULTY = 'hype/superlative'

/** Hype on many sentences, in several chunks, next to claims of other rules (some in the same sentence). */
const DRAFT = [
  '# Ketamine for PTSD',
  '',
  'Ketamine is FDA-approved for PTSD. It is a groundbreaking treatment.',
  '',
  'Our groundbreaking, revolutionary clinic cures depression for good.',
  '',
  'Ketamine is safe and has minimal side effects.',
  '',
  '- A groundbreaking option',
  '- Works faster than antidepressants',
  '',
  'Our clinic is open on weekdays.',
  '',
  'This revolutionary therapy is a miracle for chronic pain.',
  '',
].join('\n')

function withFaultEnv<T>(rule: string, body: () => T): T {
  const before = process.env[FAULT_RULE_ENV]
  process.env[FAULT_RULE_ENV] = rule
  try {
    return body()
  } finally {
    if (before === undefined) delete process.env[FAULT_RULE_ENV]
    else process.env[FAULT_RULE_ENV] = before
  }
}

/** The built-in rule set with one rule's data changed. */
function withRule(ruleSet: RuleSet, id: string, change: Record<string, unknown>): RuleSet {
  return { ...ruleSet, rules: ruleSet.rules.map((r) => (r.id === id ? { ...r, ...change } : r)) }
}

const without = (findings: Finding[], id: string): Finding[] => findings.filter((f) => f.ruleId !== id)

afterEach(() => {
  delete process.env[FAULT_RULE_ENV]
})

describe('CLAIMLINT_FAULT_RULE', () => {
  it('makes only the named rule throw, only in rule sets built while it is set', () => {
    const faulty = withFaultEnv(FAULTY, () => loadRuleSet())
    expect(faulty.rules.filter((r) => r.fault !== undefined).map((r) => r.id)).toEqual([FAULTY])
    expect(faulty.rules.find((r) => r.id === FAULTY)!.fault).toBe(INJECTED_FAULT)
    expect(loadRuleSet().rules.some((r) => r.fault !== undefined)).toBe(false)
    expect(builtinRuleSet().rules.some((r) => r.fault !== undefined)).toBe(false)
  })

  it('the other rules find exactly what a normal lint finds, and the failure is reported once with where it first failed', () => {
    const normal = lint(DRAFT, { format: 'markdown', ruleSet: loadRuleSet() })
    expect(normal.filter((f) => f.ruleId === FAULTY).length).toBeGreaterThanOrEqual(3)
    expect(new Set(normal.map((f) => f.ruleId)).size).toBeGreaterThanOrEqual(5)

    const ruleSet = withFaultEnv(FAULTY, () => loadRuleSet())
    const errors: RuleError[] = []
    const findings = lint(DRAFT, { format: 'markdown', ruleSet, onRuleError: (e) => errors.push(e) })
    expect(findings).toEqual(without(normal, FAULTY))
    expect(errors).toHaveLength(1)
    const e = errors[0]
    expect(e).toMatchObject({ ruleId: FAULTY, pack: 'hype', message: INJECTED_FAULT })
    expect(e.file).toMatch(/rules[\\/]packs[\\/]hype\.yaml$/)
    // It failed on every sentence it was evaluated on: at least those it flags normally.
    expect(e.sentences).toBeGreaterThanOrEqual(3)
    // Where: the start of the first sentence it was evaluated on, no later than its first normal finding.
    const firstFinding = normal.find((f) => f.ruleId === FAULTY)!
    expect(e.start).toBeLessThanOrEqual(firstFinding.sentence.start)
    const lines = DRAFT.slice(0, e.start).split('\n')
    expect(e.line).toBe(lines.length)
    expect(e.column).toBe(lines[lines.length - 1].length + 1)
  })

  it('a fault on any one rule leaves every other rule intact (generated drafts)', () => {
    const base = builtinRuleSet()
    for (const format of ['markdown', 'plaintext'] as const) {
      const text = generateDraft({ words: 1500, format, seed: 7 })
      const normal = lint(text, { format, ruleSet: base })
      const fired = [...new Set(normal.map((f) => f.ruleId))]
      expect(fired.length).toBeGreaterThan(8)
      for (const id of fired) {
        const errors: RuleError[] = []
        const findings = lint(text, { format, ruleSet: withRule(base, id, { fault: INJECTED_FAULT }), onRuleError: (e) => errors.push(e) })
        expect(findings, id).toEqual(without(normal, id))
        expect(errors.map((x) => x.ruleId)).toEqual([id])
        expect(errors[0].sentences).toBeGreaterThanOrEqual(normal.filter((f) => f.ruleId === id).length)
      }
    }
  })
})

describe('a rule whose own evaluation throws', () => {
  // `requires` that is not a list: the real context check throws a TypeError.
  const broken = (): RuleSet => withRule(builtinRuleSet(), FAULTY, { requires: 5 as unknown as Requirement[] })

  it('is isolated like an injected fault', () => {
    const normal = lint(DRAFT, { format: 'markdown' })
    const errors: RuleError[] = []
    const findings = lint(DRAFT, { format: 'markdown', ruleSet: broken(), onRuleError: (e) => errors.push(e) })
    expect(findings).toEqual(without(normal, FAULTY))
    expect(errors).toHaveLength(1)
    expect(errors[0].ruleId).toBe(FAULTY)
    expect(errors[0].message).toMatch(/iterable/)
    expect(errors[0].stack).toMatch(/TypeError/)
  })

  it('lint() without onRuleError still returns the other rules\' findings', () => {
    expect(lint(DRAFT, { format: 'markdown', ruleSet: broken() })).toEqual(without(lint(DRAFT, { format: 'markdown' }), FAULTY))
  })

  it('lintSentence hands the rule and the error to its callback, and throws without one', () => {
    const ruleSet = broken()
    const sentence = sentencesOf('TMS is a groundbreaking treatment. Ketamine cures depression.', 'markdown')[0]
    const view = new SentenceView(sentence, ruleSet.lexicon)
    const topic = { treatment: 'tms', counts: new Map([['tms', 1]]) }
    const failed: string[] = []
    const found = lintSentence(view, topic, ruleSet.rules, false, () => [], (rule) => failed.push(rule.id))
    expect(failed).toEqual([FAULTY])
    expect(found.map((f) => f.ruleId)).not.toContain(FAULTY)
    expect(() => lintSentence(view, topic, ruleSet.rules)).toThrow(TypeError)
  })
})

describe('IncrementalLinter', () => {
  it('exposes the failing rules after every update, once per rule, and matches a full lint', () => {
    const ruleSet = withFaultEnv(FAULTY, () => loadRuleSet())
    const calls: RuleError[] = []
    const inc = new IncrementalLinter({ format: 'markdown', ruleSet, onRuleError: (e) => calls.push(e) })
    let text = DRAFT
    const edits = [
      (t: string) => t + '\nAnother groundbreaking, revolutionary breakthrough.\n',
      (t: string) => t.replace('Our clinic is open on weekdays.', 'Our clinic is open on weekdays and Saturdays.'),
      (t: string) => 'Intro.\n\n' + t,
      // No sentence left: no failure.
      () => '',
    ]
    for (let i = 0; i <= edits.length; i++) {
      if (i > 0) text = edits[i - 1](text)
      calls.length = 0
      const got = inc.update(text)
      const full: RuleError[] = []
      expect(got).toEqual(lint(text, { format: 'markdown', ruleSet, onRuleError: (e) => full.push(e) }))
      // Kept chunks keep their failures: the same report as a full lint of this version (stacks aside).
      const data = (list: RuleError[]) => list.map(({ stack: _stack, ...rest }) => rest)
      expect(data(inc.errors)).toEqual(data(full))
      expect(data(calls)).toEqual(data(full))
      if (i < edits.length) expect(inc.errors.map((e) => e.ruleId)).toEqual([FAULTY])
      else expect(inc.errors).toEqual([])
    }
  })
})
