// The incremental linter returns exactly what a full lint returns, after
// thousands of random edits (seeded, so every run makes the same edits):
// characters inserted, deleted and replaced anywhere, newlines and blank
// lines that merge and split chunks, Markdown markup that changes how a
// chunk parses (fences, comments, headings, definitions, front matter), and
// words that change the draft's treatment, distancing headings, references
// and suppressions. It must also actually reuse work: most chunks are not
// parsed again after an edit.
import { describe, it, expect } from 'vitest'
import { lint, type LintOptions } from '../../server/src/engine/lint.js'
import { IncrementalLinter } from '../../server/src/engine/incremental.js'
import { chunkStarts, MIN_CHUNK, scanStarts } from '../../server/src/engine/text/chunks.js'
import { sentenceHash } from '../../server/src/engine/reviews.js'
import { generateDraft, prng } from '../../bench/drafts.js'
import type { Format } from '../../server/src/engine/types.js'

const SNIPPETS = [
  'a', 'e', ' ', '.', ',', '?', '\n', '\n\n', '\r\n', '\r', '\t', '  ', '    ',
  '# ', '## ', '- ', '* ', '1. ', '> ', '|', '| a | b |\n|---|---|\n', '~~', '`', '```', '```\n', '~~~\n', '---\n', '+++\n', '***',
  '<!--', '-->', '<!-- claimlint-disable hype -->', '<!-- claimlint-enable -->', 'claimlint-disable-next-line\n', '<pre>', '</pre>', '<div>',
  '[1]', '[^1]', '[^1]: Feder A. doi:10.1176/appi.ajp.2020.20050596\n', '[guide]: https://example.org\n', '[x][guide]', '[@feder2021]', '(1)',
  'References\n', '## References\n', '# Sources\n', 'Claimed benefits\n', '## Claimed benefits\n', 'It ',
  'ketamine ', 'Ketamine ', 'TMS ', 'esketamine ', 'is safe', ' is FDA-approved for PTSD.', ' cures depression.', 'groundbreaking ', 'may ', 'not ',
  'Studies show ', 'Feder et al., 2021', 'https://doi.org/10.1/x ', '😀', 'é', '\u00ad', 'Кetamine ',
]

interface Edit {
  at: number
  remove: number
  insert: string
}

function randomEdit(text: string, rand: () => number): Edit {
  const at = Math.floor(rand() * (text.length + 1))
  const r = rand()
  const snippet = (): string => SNIPPETS[Math.floor(rand() * SNIPPETS.length)]
  // Deletions are mostly small; some cross several blocks.
  const span = (): number => (rand() < 0.85 ? 1 + Math.floor(rand() * 6) : Math.floor(rand() * 300))
  if (r < 0.45) return { at, remove: 0, insert: snippet() }
  if (r < 0.75) return { at, remove: Math.min(span(), text.length - at), insert: '' }
  if (r < 0.9) return { at, remove: Math.min(span(), text.length - at), insert: snippet() }
  // Move a whole line elsewhere (paste).
  const from = Math.floor(rand() * text.length)
  const end = text.indexOf('\n', from)
  return { at, remove: 0, insert: text.slice(from, end === -1 ? text.length : end + 1) }
}

const apply = (text: string, e: Edit): string => text.slice(0, e.at) + e.insert + text.slice(e.at + e.remove)

function run(format: Format, seed: number, edits: number, words: number, options: LintOptions = {}): { parsed: number; chunks: number } {
  const rand = prng(seed)
  let text = generateDraft({ words, format, seed })
  const opts: LintOptions = { ...options, format }
  const inc = new IncrementalLinter(opts)
  expect(inc.update(text)).toEqual(lint(text, opts))
  let parsed = 0
  let chunks = 0
  for (let i = 0; i < edits; i++) {
    const edit = randomEdit(text, rand)
    text = apply(text, edit)
    // Now and then a draft shrinks to nothing or grows back from scratch.
    if (rand() < 0.002) text = ''
    if (text.length < 40 && rand() < 0.5) text += generateDraft({ words: 80, format, seed: seed + i })
    const got = inc.update(text)
    const want = lint(text, opts)
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      // Fail with a readable diff and the edit that caused it.
      expect({ edit: i, ...edit, findings: got }).toEqual({ edit: i, ...edit, findings: want })
    }
    parsed += inc.stats.parsed
    chunks += inc.stats.chunks
  }
  return { parsed, chunks }
}

describe('incremental lint equals a full lint after random edits', () => {
  for (const format of ['markdown', 'plaintext'] as const) {
    it(`${format}: 800 edits on a 1,500-word draft`, () => {
      const { parsed, chunks } = run(format, 42, 800, 1500)
      // Most edits re-parse one chunk, not the draft (random edits also
      // change the draft's treatment or a distancing heading now and then,
      // and then every chunk that depends on it is linted again). Random
      // deletions shrink the draft to a few 1 KB chunks on average.
      expect(chunks / 800).toBeGreaterThan(2)
      expect(parsed / 800).toBeLessThan(1.5)
    }, 240_000)
    it(`${format}: 300 edits on a 2,000-word draft`, () => {
      run(format, 7, 300, 2000)
    }, 240_000)
    it(`${format}: severities, dismissals and suppressions carry over`, () => {
      run(format, 99, 300, 300, {
        severity: { categories: { hype: 'off' }, rules: { 'safety/safe': 'error' } },
        reviews: {
          dismissals: ['regulatory/approval-claim', 'regulatory/ketamine-approved-off-label'].map((rule) => ({
            rule,
            claim: 'FDA-approved',
            sentence: sentenceHash('Ketamine is FDA-approved for PTSD.'),
            reason: 'checked',
            by: 'test',
            date: '2026-01-01',
          })),
          file: 'draft.md',
        },
      })
    }, 240_000)
  }
})

describe('incremental updates', () => {
  it('re-lints only the edited chunk when nothing global changes', () => {
    const text = generateDraft({ words: 3000, format: 'markdown', seed: 3 })
    const inc = new IncrementalLinter({ format: 'markdown' })
    inc.update(text)
    const mid = text.indexOf('. ', text.length >> 1) + 1
    const edited = text.slice(0, mid) + ' Indeed.' + text.slice(mid)
    expect(inc.update(edited)).toEqual(lint(edited, { format: 'markdown' }))
    expect(inc.stats.parsed).toBe(1)
    expect(inc.stats.linted).toBeLessThanOrEqual(2)
    expect(inc.stats.chunks).toBeGreaterThan(10)
  }, 60_000)

  it('re-lints every chunk when the draft changes treatment', () => {
    const text = 'TMS is safe.\n\nIt has minimal side effects.\n\nIt is FDA-approved for PTSD.\n'
    const inc = new IncrementalLinter({ format: 'plaintext' })
    const before = inc.update(text)
    const after = inc.update(`Ketamine and ketamine and ketamine.\n\n${text}`)
    expect(after).toEqual(lint(`Ketamine and ketamine and ketamine.\n\n${text}`, { format: 'plaintext' }))
    expect(after).not.toEqual(before)
  })

  it('cuts chunks at blank lines, never inside fences, comments or front matter', () => {
    const md = '---\na: 1\n\nb: 2\n---\n\nPara one.\n\n```\ncode\n\nmore\n```\n\n<!--\n\nnote\n\n-->\n\n- item\n\n  continued\n\nLast.\n'
    // The places a chunk may start (no minimum size).
    const starts = chunkStarts(md, 'markdown', 0).map((s) => md.slice(s, s + 6))
    expect(starts).toEqual(['---\na:', 'Para o', '```\nco', '<!--\n\n', '- item', 'Last.\n'])
    const txt = 'Title\nA line that runs\non and on.\nNext one.\n\nlower after blank\n'
    expect(chunkStarts(txt, 'plaintext', 0).map((s) => txt.slice(s, s + 5))).toEqual(['Title', 'A lin', 'Next ', 'lower'])
    // A short draft is one chunk.
    expect(chunkStarts(md, 'markdown')).toEqual([0])
    expect(chunkStarts(txt, 'plaintext')).toEqual([0])
  })

  for (const format of ['markdown', 'plaintext'] as const) {
    it(`takes a place to start a chunk only after MIN_CHUNK of text (${format})`, () => {
      const text = generateDraft({ words: 5000, format, seed: 21 })
      const every = chunkStarts(text, format, 0)
      const starts = chunkStarts(text, format)
      expect(starts.length).toBeGreaterThan(10)
      expect(starts.length).toBeLessThan(every.length / 2)
      // Only places where a chunk may start, none closer than MIN_CHUNK, and none skipped that was far enough.
      const places = new Set(every)
      for (let i = 1; i < starts.length; i++) {
        expect(places.has(starts[i])).toBe(true)
        expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(MIN_CHUNK)
        expect(every.some((p) => p > starts[i - 1] + MIN_CHUNK && p < starts[i])).toBe(false)
      }
      // A scan resumed at any start finds the same starts after it.
      for (const k of [1, Math.floor(starts.length / 2), starts.length - 2]) {
        const resumed = starts.slice(0, k + 1)
        scanStarts(text, format, starts[k], resumed, () => false)
        expect(resumed).toEqual(starts)
      }
    })
  }
})
