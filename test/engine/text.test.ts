// The text layer: what counts as prose in a Markdown or plain-text draft, how
// it is cut into sentences, and that every offset points back at the source.
import { describe, expect, it } from 'vitest'
import { lint, sentencesOf } from '../../server/src/engine/lint.js'
import type { Format, Sentence } from '../../server/src/engine/types.js'

/** Every token and sentence maps exactly onto the source text. */
function expectExactOffsets(text: string, sentences: Sentence[]): void {
  for (const s of sentences) {
    expect(s.text.length, `sentence ${JSON.stringify(s.text)}`).toBe(s.end - s.start)
    expect(s.start).toBeGreaterThanOrEqual(s.block.start)
    expect(s.end).toBeLessThanOrEqual(s.block.end)
    for (const t of s.tokens) {
      expect(text.slice(t.start, t.end), `token at ${t.start}`).toBe(t.text)
      expect(t.start).toBeGreaterThanOrEqual(s.start)
      expect(t.end).toBeLessThanOrEqual(s.end)
    }
    // Tokens are in order and do not overlap.
    for (let i = 1; i < s.tokens.length; i++) expect(s.tokens[i].start).toBeGreaterThanOrEqual(s.tokens[i - 1].end)
    // Outside masked markup, the sentence text is the source text.
    for (let i = 0; i < s.text.length; i++) {
      if (s.text[i] !== ' ') expect(s.text[i]).toBe(text[s.start + i])
    }
  }
}

const words = (sentences: Sentence[]): string[] => sentences.flatMap((s) => s.tokens.filter((t) => t.kind === 'word' || t.kind === 'number').map((t) => t.norm))

/** 1-based line and UTF-16 column of an offset, computed independently of LineIndex. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const breaks = before.match(/\r\n|\r|\n/g) ?? []
  const lastBreak = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'))
  return { line: breaks.length + 1, column: offset - (lastBreak + 1) + 1 }
}

describe('markdown prose', () => {
  // Marker words ("zz...") sit only in places that are not prose.
  const draft = [
    '---',
    'title: zzfront matter',
    'tags: [zzyaml]',
    '---',
    '',
    '# Living with chronic pain',
    '',
    'Gentle stretching helps some people. Run `zzinline --fast` before bed.',
    '',
    '```bash',
    'echo zzfenced code block',
    '```',
    '',
    '    zzindented code',
    '',
    '<div class="zzhtml">',
    'zzhtmlblock text inside a block',
    '</div>',
    '',
    'Read [the patient leaflet](https://example.org/zzlinkurl "zztitle") and <https://example.org/zzautolink>.',
    'Or visit www.zzliteral.example.com for more.',
    'Write to <zzmail@example.org> with questions.',
    'See the [clinic page][clinic] too.',
    'An image ![zzalt text](https://example.org/zzimage.png) sits here.',
    'Some <span class="zzspan">inline</span> markup.',
    '',
    '- First bullet without a stop',
    '- Second bullet. It has two sentences.',
    '',
    '| Option | Notes |',
    '|---|---|',
    '| Physio | Weekly visits |',
    '',
    '[clinic]: https://example.org/zzrefdef "zzreftitle"',
    '',
  ].join('\n')
  const sentences = sentencesOf(draft, 'markdown')
  const all = sentences.map((s) => s.text).join('\n')
  const norms = words(sentences)

  it('keeps code, HTML, link targets, autolinks, front matter and reference definitions out of sentences', () => {
    expect(all).not.toMatch(/zz/)
    expect(norms.filter((w) => w.includes('zz'))).toEqual([])
    expect(norms).not.toContain('https')
    expect(norms).not.toContain('span')
    expect(norms).not.toContain('div')
  })

  it('keeps link text and reference-link text', () => {
    expect(norms).toEqual(expect.arrayContaining(['patient', 'leaflet', 'clinic', 'page']))
    const leaflet = sentences.find((s) => s.text.includes('leaflet'))!
    expect(leaflet.block.links.map((l) => l.url)).toContain('https://example.org/zzlinkurl')
  })

  it('maps every token exactly onto the source', () => {
    expectExactOffsets(draft, sentences)
  })

  it('makes headings and list items sentences of their own', () => {
    const heading = sentences.find((s) => s.text === 'Living with chronic pain')!
    expect(heading.isHeading).toBe(true)
    expect(heading.block.kind).toBe('heading')

    const first = sentences.find((s) => s.text === 'First bullet without a stop')!
    expect(first.block.kind).toBe('listItem')
    expect(first.isHeading).toBe(true)
    const items = sentences.filter((s) => s.block.kind === 'listItem').map((s) => s.text)
    expect(items).toEqual(['First bullet without a stop', 'Second bullet.', 'It has two sentences.'])
    // A paragraph is split into sentences, and none spans two blocks.
    expect(sentences.map((s) => s.text)).toContain('Gentle stretching helps some people.')
  })

  it('lints GFM table cells', () => {
    const cells = sentences.filter((s) => s.block.kind === 'tableCell').map((s) => s.text)
    expect(cells).toEqual(['Option', 'Notes', 'Physio', 'Weekly visits'])
    const table = '| Claim | Comment |\n|---|---|\n| Ketamine is a groundbreaking treatment. | none |\n'
    const found = lint(table, { format: 'markdown' })
    const hype = found.find((f) => f.category === 'hype')
    expect(hype).toBeDefined()
    expect(hype!.line).toBe(3)
    expect(table.slice(hype!.start, hype!.end)).toBe(hype!.actual)
  })

  it('blanks inline code inside a sentence without moving offsets', () => {
    const s = sentences.find((x) => x.text.startsWith('Run'))!
    expect(s.text).toMatch(/^Run +before bed\.$/)
    expect(s.tokens.map((t) => t.text)).toEqual(['Run', 'before', 'bed', '.'])
  })

  it('handles CRLF, emoji, accented words and curly quotes', () => {
    const text = '# Café “naïve” guide 😀\r\n\r\nPatients 🙂 say “it’s fine” — façade.\r\nA second line, São Paulo.\r\n\r\n* Item one 👍\r\n* Item two\r\n'
    const ss = sentencesOf(text, 'markdown')
    expectExactOffsets(text, ss)
    expect(ss.map((s) => s.text)).toEqual(['Café “naïve” guide 😀', 'Patients 🙂 say “it’s fine” — façade.', 'A second line, São Paulo.', 'Item one 👍', 'Item two'])
    const norms = words(ss)
    expect(norms).toEqual(expect.arrayContaining(['café', 'naïve', "it's", 'façade', 'são']))
    expect(ss[0].isHeading).toBe(true)
  })
})

describe('plain-text prose', () => {
  it('treats lines as sentences and a title line as a heading', () => {
    const text = 'Ketamine and mood\nIt is given in a clinic.\nAnother title line\n'
    const ss = sentencesOf(text, 'plaintext')
    expectExactOffsets(text, ss)
    expect(ss.map((s) => [s.text, s.isHeading])).toEqual([
      ['Ketamine and mood', true],
      ['It is given in a clinic.', false],
      ['Another title line', true],
    ])
  })

  it('joins hard-wrapped lines that continue in lower case, and only those', () => {
    const text = 'Most people feel tired for a few\nhours after the session and then\nrecover fully.\nNext a new line starts here.\n'
    const ss = sentencesOf(text, 'plaintext')
    expectExactOffsets(text, ss)
    expect(ss).toHaveLength(2)
    expect(ss[0].text).toBe('Most people feel tired for a few\nhours after the session and then\nrecover fully.')
    expect(ss[0].isHeading).toBe(false)
    expect(ss[1].text).toBe('Next a new line starts here.')
  })

  it('masks stray HTML tags and bare URLs', () => {
    const text = 'Rest <b>well</b> after <div class="zzclass">each</div> visit.\nDetails at https://example.org/zzpath today.\n'
    const ss = sentencesOf(text, 'plaintext')
    expectExactOffsets(text, ss)
    expect(ss.map((s) => s.tokens.filter((t) => t.kind === 'word').map((t) => t.text))).toEqual([
      ['Rest', 'well', 'after', 'each', 'visit'],
      ['Details', 'at', 'today'],
    ])
    expect(ss.map((s) => s.text).join('\n')).not.toMatch(/[<>]|zz/)
  })

  it('ends lines at a lone CR as well as at LF and CRLF', () => {
    const text = 'First line here.\rSecond line here.\r\nThird line here.\nFourth title'
    const ss = sentencesOf(text, 'plaintext')
    expectExactOffsets(text, ss)
    expect(ss.map((s) => s.text)).toEqual(['First line here.', 'Second line here.', 'Third line here.', 'Fourth title'])
    expect(ss[3].isHeading).toBe(true)
  })
})

describe('end to end offsets', () => {
  const claim = 'Ketamine is FDA-approved for PTSD.'

  for (const format of ['markdown', 'plaintext'] as Format[]) {
    it(`places findings exactly in a CRLF ${format} draft with an emoji before the claim`, () => {
      const text = `Über die Behandlung 😀\r\n\r\nNotes — “draft” 😀 one.\r\n😀 ${claim}\r\n`
      const findings = lint(text, { format })
      const regulatory = findings.filter((f) => f.category === 'regulatory')
      expect(regulatory.length).toBeGreaterThan(0)
      const claimStart = text.indexOf(claim)
      for (const f of findings) {
        expect(text.slice(f.start, f.end)).toBe(f.actual)
        expect({ line: f.line, column: f.column }).toEqual(position(text, f.start))
        expect({ line: f.endLine, column: f.endColumn }).toEqual(position(text, f.end))
      }
      for (const f of regulatory) {
        expect(f.line).toBe(4)
        expect(f.start).toBeGreaterThanOrEqual(claimStart)
        expect(f.end).toBeLessThanOrEqual(claimStart + claim.length)
      }
      // The emoji is two UTF-16 units: the claim starts in column 4.
      expect(position(text, claimStart)).toEqual({ line: 4, column: 4 })
      const whole = regulatory.find((f) => f.start === claimStart)
      if (whole) expect(whole.column).toBe(4)
    })
  }

  it('flags the plain sentence with the expected span', () => {
    const findings = lint(claim, { format: 'markdown' })
    expect(findings.some((f) => f.category === 'regulatory' && f.actual.includes('FDA-approved'))).toBe(true)
    for (const f of findings) expect(claim.slice(f.start, f.end)).toBe(f.actual)
  })
})
