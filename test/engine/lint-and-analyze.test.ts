// lintAndAnalyze() hands the whole-draft review the sentences the lint
// parsed, so a draft that is linted and reviewed (every draft the CLI
// checks) is parsed once, not twice. What it returns must be exactly what
// the two separate calls give: the same findings as lint(), the same
// sentences, words and topic as analyzeDraft(), and so the same review.
// Checked on generated drafts in both formats, on the review fixtures, and
// on drafts mangled by seeded random edits (markup that changes how a chunk
// parses, treatments, references, CRLF, chunks that start mid-line).
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyzeDraft, lint, lintAndAnalyze, type DraftAnalysis } from '../../server/src/engine/lint.js'
import { reviewDetails } from '../../server/src/engine/review/index.js'
import { builtinRuleSet } from '../../server/src/engine/packs/load.js'
import { generateDraft, prng } from '../../bench/drafts.js'
import type { Format } from '../../server/src/engine/types.js'

const ruleSet = builtinRuleSet()
const NOW = new Date('2026-06-01T00:00:00Z')

/** Everything the review reads from an analysis, as plain data. */
function shape(a: DraftAnalysis): unknown {
  return {
    treatment: a.topic.treatment,
    counts: [...a.topic.counts],
    classes: [...a.topicClasses].sort(),
    mentions: ['uncertainty', 'hedge-sentence', 'side-effect', 'condition', 'treatment'].map((c) => a.mentions(c)),
    directives: [...a.directives].sort((x, y) => x.start - y.start),
    sentences: a.views.map((v) => ({
      start: v.sentence.start,
      end: v.sentence.end,
      text: v.sentence.text,
      heading: v.sentence.isHeading,
      question: v.sentence.isQuestion,
      block: { kind: v.sentence.block.kind, start: v.sentence.block.start, end: v.sentence.block.end, links: v.sentence.block.links },
      tokens: v.sentence.tokens.map((t) => [t.start, t.end, t.norm, t.kind]),
      words: v.words.map((w) => [w.start, w.end, w.norm]),
      treatments: v.phrases('treatment'),
    })),
  }
}

function expectSameAsSeparateCalls(text: string, format: Format): void {
  const { findings, analysis } = lintAndAnalyze(text, { format, ruleSet })
  const separate = lint(text, { format, ruleSet })
  expect(findings).toEqual(separate)
  expect(shape(analysis)).toEqual(shape(analyzeDraft(text, format, ruleSet)))
  const shared = reviewDetails(text, { format, ruleSet, findings, analysis, now: NOW }).findings
  expect(shared).toEqual(reviewDetails(text, { format, ruleSet, findings: separate, now: NOW }).findings)
}

const SNIPPETS = [
  '\n', '\n\n', '\r\n', ' ', '.', '# ', '## ', '- ', '1. ', '> ', '| a | b |\n|---|---|\n', '```\n', '<!-- note -->', '[^1]',
  '[^1]: A trial report, 2021.\n', '[site]: https://example.org\n', '[more][site]', '## References\n', 'Claimed benefits\n',
  '<!-- claimlint-disable sources -- on request -->\n', 'claimlint-disable-next-line readability\n',
  'Ketamine ', 'TMS ', 'it ', 'is safe and effective. ', 'cures PTSD. ', 'is FDA-approved for depression. ', '45% of patients improved. ',
  'Side effects include nausea. ', 'Evidence is limited. ', 'é', '😀', '\u00ad',
]

describe('lintAndAnalyze', () => {
  for (const format of ['markdown', 'plaintext'] as const) {
    it(`equals lint() plus analyzeDraft() on generated drafts (${format})`, () => {
      for (const [seed, words] of [[1, 300], [2, 1200], [3, 4000]]) expectSameAsSeparateCalls(generateDraft({ words, format, seed }), format)
    })

    it(`equals them after random edits (${format})`, () => {
      const rand = prng(format === 'markdown' ? 11 : 12)
      let text = generateDraft({ words: 600, format, seed: 7 })
      for (let i = 0; i < 60; i++) {
        const at = Math.floor(rand() * (text.length + 1))
        const remove = rand() < 0.3 ? Math.floor(rand() * 40) : 0
        text = text.slice(0, at) + SNIPPETS[Math.floor(rand() * SNIPPETS.length)] + text.slice(at + remove)
        expectSameAsSeparateCalls(text, format)
      }
    }, 60_000)
  }

  it('equals them on the review fixtures', () => {
    const dir = join(__dirname, '..', 'review', 'drafts')
    const files = readdirSync(dir)
    expect(files.length).toBeGreaterThan(0)
    for (const f of files) expectSameAsSeparateCalls(readFileSync(join(dir, f), 'utf8'), f.endsWith('.txt') ? 'plaintext' : 'markdown')
  })

  it('moves every offset from its chunk to the draft', () => {
    // Sentences from chunks far into the draft: their offsets must point at their own text.
    const text = generateDraft({ words: 3000, format: 'markdown', seed: 5 })
    const { analysis } = lintAndAnalyze(text, { format: 'markdown', ruleSet })
    expect(analysis.views.length).toBeGreaterThan(100)
    for (const v of analysis.views) {
      for (const w of v.words) if (w.norm !== 'percent') expect(text.slice(w.start, w.end)).toBe(w.text)
      expect(v.sentence.block.start).toBeLessThanOrEqual(v.sentence.start)
      expect(v.sentence.block.end).toBeGreaterThanOrEqual(v.sentence.end)
    }
  })
})
