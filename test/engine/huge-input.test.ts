// Huge and odd drafts: what keeps their cost bounded is checked here by
// structure (how big a chunk or a tokenizer stretch can get, that nothing is
// lost at a cut), not by timing; `npm run bench:inputs` measures the time.
import { describe, expect, it, vi } from 'vitest'
import { chunkStarts, contentEnd, MAX_CHUNK } from '../../server/src/engine/text/chunks.js'
import { MAX_PIECE, pieces } from '../../server/src/engine/text/sentences.js'
import { lint, sentencesOf } from '../../server/src/engine/lint.js'
import { IncrementalLinter } from '../../server/src/engine/incremental.js'
import { LineIndex } from '../../server/src/engine/lines.js'

// Ceilings for waiting on a loaded machine, not speed checks.
vi.setConfig({ testTimeout: 60_000 })

const CLAIM = 'Ketamine is a miracle cure for PTSD.'

/** Lengths of the chunks of a draft. */
const chunkLengths = (text: string, format: 'markdown' | 'plaintext'): number[] => {
  const starts = chunkStarts(text, format)
  return starts.map((s, i) => (i + 1 < starts.length ? starts[i + 1] : text.length) - s)
}

describe('chunks of pathological Markdown stay small', () => {
  const longest = (unit: string, times: number): number => Math.max(...chunkLengths(unit.repeat(times), 'markdown'))
  it.each([
    ['a table of thousands of rows', '| ketamine | cures PTSD | x |\n', 5000],
    ['a paragraph of lines with no blank line', 'ketamine works wonders\n', 20000],
    ['a list nested deeper and deeper', '  - ketamine cures PTSD\n', 5000],
    ['link labels opened on every line', `${'['.repeat(500)}ketamine](x)\n`, 400],
  ])('%s is cut into chunks of at most MAX_CHUNK plus a line', (_what, unit, times) => {
    expect(unit.length * times).toBeGreaterThan(4 * MAX_CHUNK)
    expect(longest(unit, times)).toBeLessThanOrEqual(MAX_CHUNK + unit.length)
  })

  it('never cuts inside a fenced code block, however long', () => {
    const code = '```\n' + 'x = 1\n\n'.repeat(5000) + '```\n'
    const text = `${CLAIM}\n\n${code}\n${CLAIM}\n`
    const starts = chunkStarts(text, 'markdown')
    const open = text.indexOf('```')
    const close = text.lastIndexOf('```')
    expect(starts.filter((s) => s > open && s <= close)).toEqual([])
    expect(lint(text, { format: 'markdown' }).filter((f) => f.ruleId === 'absolute/cure').length).toBe(2)
  })

  it('a paragraph cut by the limit still has every claim found', () => {
    const text = `${CLAIM}\n`.repeat(3000)
    expect(chunkStarts(text, 'markdown').length).toBeGreaterThan(1)
    expect(lint(text, { format: 'markdown' }).filter((f) => f.ruleId === 'absolute/cure').length).toBe(3000)
  })
})

describe('a line longer than MAX_CHUNK (a paste with no line break)', () => {
  const line = `${CLAIM} It may help some people. `.repeat(3000)
  for (const format of ['markdown', 'plaintext'] as const) {
    it(`is cut after sentence ends, and every finding keeps its exact line and column (${format})`, () => {
      const text = `# Title\n\nIntro line.\n${line}\nLast line: ${CLAIM}\n`
      const lengths = chunkLengths(text, format)
      expect(lengths.length).toBeGreaterThan(4)
      expect(Math.max(...lengths)).toBeLessThanOrEqual(MAX_CHUNK + 4096)
      const starts = chunkStarts(text, format)
      for (const st of starts.slice(1)) expect(/[\n ]/.test(text[st - 1])).toBe(true)
      const found = lint(text, { format })
      expect(found.filter((f) => f.ruleId === 'absolute/cure').length).toBe(3001)
      const lines = new LineIndex(text)
      for (const f of found) {
        const a = lines.position(f.start)
        const b = lines.position(f.end)
        expect([f.line, f.column, f.endLine, f.endColumn]).toEqual([a.line, a.column, b.line, b.column])
      }
    })

    it(`edits inside it give what a full lint gives (${format})`, () => {
      let text = `Intro.\n${line}\n`
      const linter = new IncrementalLinter({ format })
      linter.update(text)
      let seed = 7
      const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n)
      for (let k = 0; k < 25; k++) {
        const at = rand(text.length)
        const edits = ['x', ' ', '. ', '\n', '', 'miracle ']
        const del = rand(4)
        text = text.slice(0, at) + edits[rand(edits.length)] + text.slice(Math.min(text.length, at + del))
        expect(linter.update(text)).toEqual(lint(text, { format }))
      }
    })
  }
})

describe('trailing blank lines are not parsed', () => {
  it('contentEnd stops after the last line with text', () => {
    expect(contentEnd('para\n\n\n   \n\t\n')).toBe('para\n'.length)
    expect(contentEnd('para')).toBe(4)
    expect(contentEnd('\n\n\n')).toBe(0)
    expect(contentEnd('a\r\n\r\n')).toBe(3)
  })

  it('a draft that is mostly blank lines lints the same as without them', () => {
    const blank = '\n'.repeat(200_000)
    const text = `${CLAIM}\n${blank}${CLAIM}\n${blank}`
    for (const format of ['markdown', 'plaintext'] as const) {
      const found = lint(text, { format }).filter((f) => f.ruleId === 'absolute/cure')
      expect(found.map((f) => f.line)).toEqual([1, 200_002])
    }
  })
})

describe('the tokenizer gets bounded stretches', () => {
  it('cuts after a sentence end where there is one, and covers the text exactly', () => {
    const text = `${CLAIM} `.repeat(1000)
    const ps = pieces(text)
    expect(ps.length).toBeGreaterThan(1)
    expect(ps.map((p) => p[1]).join('')).toBe(text)
    for (const [at, p] of ps) {
      expect(p.length).toBeLessThanOrEqual(MAX_PIECE)
      expect(text.slice(at, at + p.length)).toBe(p)
      // Every stretch but the last ends after a full stop and its space.
      if (at + p.length < text.length) expect(p.endsWith('. ')).toBe(true)
    }
  })

  it('falls back to a line break, then a space, and never splits a surrogate pair', () => {
    const lines = 'ketamine works wonders\n'.repeat(1000)
    for (const [at, p] of pieces(lines)) if (at + p.length < lines.length) expect(p.endsWith('\n')).toBe(true)
    const emoji = '💊'.repeat(10_000)
    const ps = pieces(emoji)
    expect(ps.map((p) => p[1]).join('')).toBe(emoji)
    for (const [, p] of ps) expect(/^(?:\uD83D\uDC8A)+$/.test(p)).toBe(true)
  })

  it('a short paragraph is one stretch: normal drafts are tokenized as before', () => {
    expect(pieces(`${CLAIM} It helps.`)).toEqual([[0, `${CLAIM} It helps.`]])
  })

  it('a megabyte "sentence" with no full stop still has its claims found, in every stretch', () => {
    const text = 'ketamine is a miracle cure and '.repeat(40_000)
    const sentences = sentencesOf(text, 'plaintext')
    expect(sentences.length).toBeGreaterThan(100)
    for (const s of sentences) expect(s.end - s.start).toBeLessThanOrEqual(MAX_PIECE)
    const found = lint(text, { format: 'plaintext' }).filter((f) => f.ruleId === 'absolute/cure' || f.ruleId === 'hype/superlative')
    expect(found.length).toBeGreaterThan(100)
  })
})

describe('updateAsync', () => {
  it('gives the same findings as update, and gives up when asked', async () => {
    const text = `# Ketamine\n\n${`${CLAIM} It may help some people.\n\n`.repeat(1000)}`
    const sync = new IncrementalLinter({ format: 'markdown' }).update(text)
    const async = await new IncrementalLinter({ format: 'markdown' }).updateAsync(text, () => false, 0)
    expect(async).toEqual(sync)
    let asked = 0
    const gaveUp = await new IncrementalLinter({ format: 'markdown' }).updateAsync(text, () => ++asked > 2, 0)
    expect(gaveUp).toBeUndefined()
    expect(asked).toBe(3)
  })

  it('an update started meanwhile wins; the linter stays correct for the next one', async () => {
    const text = `# Ketamine\n\n${`${CLAIM} It may help some people.\n\n`.repeat(2000)}`
    const linter = new IncrementalLinter({ format: 'markdown' })
    const first = linter.updateAsync(text, () => false, 0)
    // The first run yields after its first slice; this edit starts a newer update.
    const edited = text.replace('miracle', 'possible')
    const second = linter.update(edited)
    expect(await first).toBeUndefined()
    expect(second).toEqual(lint(edited, { format: 'markdown' }))
    expect(linter.update(text)).toEqual(lint(text, { format: 'markdown' }))
  })
})

describe('hostile Markdown nesting', () => {
  it('block quotes nested 1,000 deep and link-label bombs are read as plain text: their claims are still found', () => {
    const quotes = `${'>'.repeat(1000)} ${CLAIM}\n\n`.repeat(20)
    expect(lint(quotes, { format: 'markdown' }).filter((f) => f.ruleId === 'absolute/cure').length).toBe(20)
    const labels = `${'['.repeat(1200)}${CLAIM}\n`
    expect(lint(labels, { format: 'markdown' }).filter((f) => f.ruleId === 'absolute/cure').length).toBe(1)
  })

  it('ordinary quotes, nested lists and reference-heavy paragraphs are parsed as Markdown as before', () => {
    const text = `> ${CLAIM}\n>\n> > Quoted twice.\n\n- item\n  - ${CLAIM} [1] [2] [3]\n\n[1]: https://example.org\n`
    const found = lint(text, { format: 'markdown' })
    // The link reference definition is Markdown, not prose: nothing flagged in it.
    expect(found.every((f) => !text.slice(f.start, f.end).includes('example.org'))).toBe(true)
    expect(found.filter((f) => f.ruleId === 'absolute/cure').length).toBe(2)
  })
})
