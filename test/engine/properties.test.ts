// Property-based tests over the engine with arbitrary Unicode: control and
// zero-width characters, soft hyphens, surrogate pairs and emoji,
// right-to-left text, CRLF and lone CR, look-alike letters, deeply nested
// Markdown and HTML. Invariants: no exception; every range lies inside the
// text and never splits a surrogate pair; every fix applies cleanly and the
// fixed text lints; fixing twice changes nothing more.
import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { lint } from '../../server/src/engine/lint.js'
import { fixesFor, fixDraft, applyEdits } from '../../server/src/engine/rewrite/suggestions.js'
import type { Format } from '../../server/src/engine/types.js'

export const RUNS = { lint: 10000, fixes: 1000, fixTwice: 200 }

const claims = [
  'Ketamine is FDA-approved for PTSD.',
  'TMS is a groundbreaking treatment.',
  'Ketamine has minimal side effects.',
  'Stem cells regenerate cartilage in 90% of patients.',
  'Why is ketamine effective for PTSD?',
  'Eight out of ten patients felt better.',
  'Esketamine, the racemic version of ketamine, is a nasal spray.',
  'Kеtаminе is а grоundbreаking cure.', // Cyrillic look-alikes
  'Many patients report feeling better [1].',
]
const noise = [
  '\u200b', '\u200d', '\u00ad', '\ufeff', '\u2060', '\u202e', '\u202d', '\u0000', '\u0007', '\u001b',
  '\r\n', '\r', '\n', '\n\n', '\t', ' ', '😀', '👩‍⚕️', '🇺🇸', '\ud83d', '\ude00', 'שלום', 'مرحبا', 'é', 'e\u0301',
  '# ', '## ', '> ', '>> > ', '- ', '* ', '1. ', '   - ', '```\n', '`', '**', '_', '[', '](', ')', '[^a]', '[^a]: x', '[@k]', '<!--', '-->',
  '<div>', '</div>', '<b>', '&amp;', '|', '| a | b |\n|---|---|\n', '---\n', 'http://x.y/z', '<!-- claimlint-disable -->', '<!-- claimlint-disable-next-line -->',
]

const fragment = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...claims) },
  { weight: 3, arbitrary: fc.constantFrom(...noise) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
)
const draft = fc.array(fragment, { maxLength: 40 }).map((parts) => parts.join(''))
const format = fc.constantFrom<Format>('markdown', 'plaintext')

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff
/** An offset that falls between the two halves of a surrogate pair. */
const splitsPair = (text: string, at: number): boolean => at > 0 && at < text.length && isHigh(text.charCodeAt(at - 1)) && isLow(text.charCodeAt(at))

describe('engine properties', () => {
  it(`lint never throws, and every range is inside the text without splitting a surrogate pair (${RUNS.lint} drafts)`, () => {
    fc.assert(
      fc.property(draft, format, (text, f) => {
        for (const x of lint(text, { format: f })) {
          expect(x.start).toBeGreaterThanOrEqual(0)
          expect(x.end).toBeLessThanOrEqual(text.length)
          expect(x.start).toBeLessThanOrEqual(x.end)
          expect(splitsPair(text, x.start)).toBe(false)
          expect(splitsPair(text, x.end)).toBe(false)
          expect(x.sentence.start).toBeLessThanOrEqual(x.start)
          expect(x.sentence.end).toBeGreaterThanOrEqual(x.end)
          expect(x.line).toBeGreaterThanOrEqual(1)
        }
      }),
      { numRuns: RUNS.lint, seed: 20261123 },
    )
  }, 300_000)

  it(`every fix applies cleanly and the fixed text lints (${RUNS.fixes} drafts)`, () => {
    fc.assert(
      fc.property(draft, format, (text, f) => {
        for (const x of lint(text, { format: f }).slice(0, 3)) {
          for (const fix of fixesFor(text, x, { format: f })) {
            const sorted = [...fix.edits].sort((a, b) => a.start - b.start)
            for (let i = 0; i < sorted.length; i++) {
              expect(sorted[i].start).toBeGreaterThanOrEqual(0)
              expect(sorted[i].end).toBeLessThanOrEqual(text.length)
              if (i > 0) expect(sorted[i].start).toBeGreaterThanOrEqual(sorted[i - 1].end)
            }
            const fixed = applyEdits(text, fix.edits)
            expect(() => lint(fixed, { format: f })).not.toThrow()
          }
        }
      }),
      { numRuns: RUNS.fixes, seed: 7 },
    )
  }, 300_000)

  it(`fixing a draft twice changes nothing the second time (${RUNS.fixTwice} drafts)`, () => {
    fc.assert(
      fc.property(draft, format, (text, f) => {
        const run = (t: string) => lint(t, { format: f })
        const once = fixDraft(text, run, { format: f }).text
        expect(fixDraft(once, run, { format: f }).text).toBe(once)
      }),
      { numRuns: RUNS.fixTwice, seed: 11 },
    )
  }, 300_000)

  it('look-alike letters from other scripts do not hide a claim', () => {
    const ids = lint('Kеtаminе is а grоundbreаking trеatment.', { format: 'plaintext' }).map((x) => x.ruleId)
    expect(ids).toContain('hype/superlative')
    // A word wholly in Russian is left as Russian.
    expect(lint('Это лекарство.', { format: 'plaintext' })).toEqual([])
  })
})
