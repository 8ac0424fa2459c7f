// Token patterns (compile errors, matching semantics, linear time) and pack
// loading (a broken pack is reported with file, line and reason; the others
// still load).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { compilePattern, matchPattern, MAX_ELEMENTS, PatternError, type Match, type MatchStats, type WordView } from '../../server/src/engine/packs/pattern.js'
import { Lexicon } from '../../server/src/engine/packs/lexicon.js'
import { loadRuleSet } from '../../server/src/engine/packs/load.js'
import { lint } from '../../server/src/engine/lint.js'

const lexicon = new Lexicon()
lexicon.add('side-effects', ['side effects', 'side effect', 'adverse event*', 'risks'])
lexicon.add('therapy', ['talk therapy', 'therapy', 'cognitive behavioural therapy'])
const classes = lexicon.names()

function view(sentence: string | string[]): WordView {
  const norms = Array.isArray(sentence) ? sentence : sentence.toLowerCase().split(/\s+/).filter((w) => w !== '')
  return { norms, isNumber: norms.map((w) => /^\d/.test(w)), classEnds: (name) => lexicon.get(name).ends(norms) }
}

const compile = (src: string) => compilePattern(src, classes)
const spans = (src: string, sentence: string | string[]): Array<[number, number]> => matchPattern(compile(src), view(sentence)).map((m: Match) => [m.from, m.to])
const texts = (src: string, sentence: string): string[] => {
  const words = sentence.toLowerCase().split(/\s+/)
  return spans(src, sentence).map(([a, b]) => words.slice(a, b).join(' '))
}

describe('compilePattern errors', () => {
  const bad: Array<[string, RegExp]> = [
    ['@nosuchclass', /unknown lexicon class "@nosuchclass"/],
    ['safe|@missing', /unknown lexicon class/],
    ['no ~9 risk', /gap "~9" must be between ~1 and ~8/],
    ['no ~0 risk', /gap "~0"/],
    ['(a', /"\(a" is not a word/],
    ['safe!', /not a word/],
    ['a||b', /empty alternative/],
    ['|a', /empty alternative/],
    ['a? b?', /at least one required element/],
    ['~3', /at least one required element/],
    ['_? ~2', /at least one required element/],
    ['   ', /empty pattern/],
    [Array(MAX_ELEMENTS + 1).fill('w').join(' '), /more than 40 elements/],
    ['w ~8 ~8 ~8 ~8 ~8', /more than 40 elements/],
  ]
  for (const [src, msg] of bad) {
    it(`rejects ${JSON.stringify(src.length > 40 ? src.slice(0, 20) + '...' : src)}`, () => {
      expect(() => compile(src)).toThrow(PatternError)
      expect(() => compile(src)).toThrow(msg)
    })
  }

  it('accepts the documented syntax', () => {
    for (const src of ['safe', 'reliev*', 'a|b|c', '@therapy', '# percent', '_ works', 'no ~8 risk', "isn't", 'side? effects', 'u.s.', 'r&d', 'c++', 'Safe|HARMLESS']) {
      expect(() => compile(src), src).not.toThrow()
    }
    expect(compile('no ~3 risk').elements).toHaveLength(5)
    expect(compile('Safe|HARMLESS').elements[0].alts.map((a) => a.value)).toEqual(['safe', 'harmless'])
  })
})

describe('matchPattern', () => {
  it('matches words and alternatives', () => {
    expect(texts('safe|harmless', 'it is safe and harmless')).toEqual(['safe', 'harmless'])
    expect(texts('very safe', 'safe very safe')).toEqual(['very safe'])
    expect(spans('safe', 'nothing here')).toEqual([])
  })

  it('matches prefixes', () => {
    expect(texts('reliev*', 'it relieves pain and brings relief')).toEqual(['relieves'])
    expect(texts('cur*', 'a cure that cured')).toEqual(['cure', 'cured'])
  })

  it('matches optional elements, preferring the longer match', () => {
    expect(texts('no side? effects', 'no effects at all')).toEqual(['no effects'])
    expect(texts('no side? effects', 'no side effects at all')).toEqual(['no side effects'])
    expect(texts('works well?', 'it works well')).toEqual(['works well'])
  })

  it('matches gaps of up to N words', () => {
    expect(texts('no ~2 risk', 'no risk')).toEqual(['no risk'])
    expect(texts('no ~2 risk', 'no real serious risk')).toEqual(['no real serious risk'])
    expect(texts('no ~2 risk', 'no real and serious risk')).toEqual([])
  })

  it('matches any word and numbers', () => {
    expect(texts('_ works', 'it works')).toEqual(['it works'])
    expect(texts('# percent', 'helps 80 percent of people')).toEqual(['80 percent'])
    expect(texts('# percent', 'helps many percent')).toEqual([])
  })

  it('matches lexicon classes, taking the longest phrase', () => {
    expect(texts('no @side-effects', 'there are no side effects')).toEqual(['no side effects'])
    expect(texts('few @side-effects', 'few adverse events and few risks')).toEqual(['few adverse events', 'few risks'])
    expect(texts('@therapy works', 'cognitive behavioural therapy works')).toEqual(['cognitive behavioural therapy works'])
    expect(texts('@therapy works', 'talk therapy works')).toEqual(['talk therapy works'])
    // The class consumes its longest phrase: "side effects", never just "side".
    expect(texts('@side-effects effects', 'side effects effects')).toEqual(['side effects effects'])
  })

  it('returns leftmost-longest, non-overlapping matches', () => {
    expect(spans('a a', 'a a a')).toEqual([[0, 2]])
    expect(spans('a b?', 'a b a')).toEqual([
      [0, 2],
      [2, 3],
    ])
    expect(spans('a ~3 b', 'a b x b')).toEqual([[0, 4]])
    // The longest match from the second "a" must not hide the match that
    // starts where the first one ends.
    expect(spans('a ~2 b', 'a a b a b')).toEqual([
      [0, 3],
      [3, 5],
    ])
    expect(spans('x? a ~1 b', 'a a b x a b')).toEqual([
      [0, 3],
      [3, 6],
    ])
  })

  it('agrees with a brute-force reference on random inputs', () => {
    // Deterministic pseudo-random generator.
    let seed = 12345
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed % n
    }
    const pieces = ['a', 'b', 'c', 'a|b', 'b*', '_', '#', '@therapy', '~1', '~2', '~3']
    const vocab = ['a', 'b', 'c', 'bb', '7', 'talk', 'therapy']
    for (let t = 0; t < 3000; t++) {
      const parts = Array.from({ length: 1 + rnd(4) }, () => {
        const p = pieces[rnd(pieces.length)]
        return !p.startsWith('~') && rnd(4) === 0 ? p + '?' : p
      })
      let compiled
      try {
        compiled = compile(parts.join(' '))
      } catch {
        continue
      }
      const words = Array.from({ length: rnd(10) }, () => vocab[rnd(vocab.length)])
      const v = view(words)
      expect(matchPattern(compiled, v), `${parts.join(' ')} on "${words.join(' ')}"`).toEqual(bruteForce(compiled.elements, v))
    }
  })
})

/** Exhaustive leftmost-longest reference (exponential; only for tiny inputs). */
function bruteForce(elements: ReturnType<typeof compile>['elements'], v: WordView): Match[] {
  const n = v.norms.length
  const next = (el: (typeof elements)[number], pos: number): number[] => {
    const out: number[] = []
    if (pos >= n) return out
    for (const alt of el.alts) {
      const w = v.norms[pos]
      if (alt.kind === 'class') {
        const e = v.classEnds(alt.value)[pos]
        if (e > pos) out.push(e)
      } else if (alt.kind === 'any' || (alt.kind === 'word' && w === alt.value) || (alt.kind === 'prefix' && w.startsWith(alt.value)) || (alt.kind === 'number' && v.isNumber[pos])) out.push(pos + 1)
    }
    return out
  }
  const ends = (i: number, pos: number, acc: Set<number>): void => {
    if (i === elements.length) {
      acc.add(pos)
      return
    }
    if (elements[i].optional) ends(i + 1, pos, acc)
    for (const e of next(elements[i], pos)) ends(i + 1, e, acc)
  }
  const out: Match[] = []
  for (let from = 0; from < n; ) {
    const acc = new Set<number>()
    ends(0, from, acc)
    const to = Math.max(-1, ...acc)
    if (to > from) {
      out.push({ from, to })
      from = to
    } else from++
  }
  return out
}

describe('matching time is linear in the sentence', () => {
  const adversarial = [
    // Every optional "any" can be skipped or taken: a backtracker explores 2^39 paths.
    Array(39).fill('_?').join(' ') + ' x',
    // Gaps that overlap everywhere.
    '~8 ~8 ~8 ~8 a',
    'a ~8 a ~8 a ~8 a ~8 b',
    '@side-effects? ~8 ~8 @side-effects',
  ]
  const sentence = (n: number, word: string): string[] => Array.from({ length: n }, (_, i) => (i % 97 === 96 ? 'x' : word))

  for (const src of adversarial) {
    it(`steps double when the sentence doubles: ${src.slice(0, 30)}`, () => {
      const p = compile(src)
      const k = p.elements.length
      for (const word of ['a', 'x', 'side']) {
        const steps = [10_000, 20_000].map((n) => {
          const stats: MatchStats = { steps: 0 }
          matchPattern(p, view(sentence(n, word)), stats)
          // Bounded by words x states x closure length, whatever the pattern.
          expect(stats.steps).toBeLessThanOrEqual(n * (k + 1) * (k + 2))
          return stats.steps
        })
        const ratio = steps[1] / steps[0]
        expect(ratio, `${word}: ${steps.join(' -> ')}`).toBeGreaterThan(1.9)
        expect(ratio, `${word}: ${steps.join(' -> ')}`).toBeLessThan(2.1)
      }
    })
  }

  it('lints a 20,000-word sentence', () => {
    const text = 'Ketamine is a ' + Array(20_000).fill('very').join(' ') + ' groundbreaking treatment.'
    const fs = lint(text, { format: 'plaintext' })
    expect(fs.some((f) => f.ruleId === 'hype/superlative')).toBe(true)
  })
})

describe('loading packs', () => {
  let dir: string
  const write = (name: string, lines: string[]): string => {
    const file = join(dir, name)
    writeFileSync(file, lines.join('\n') + '\n')
    return file
  }
  const rule = (id: string, extra: string[] = [], patterns = ['"remarkable"']): string[] => [
    `  - id: ${id}`,
    `    category: ${id.split('/')[0]}`,
    '    severity: warning',
    '    summary: A test rule',
    '    message: A message that is long enough.',
    ...extra,
    '    patterns:',
    ...patterns.map((p) => `      - ${p}`),
    '    examples: { flag: [It is remarkable.], pass: [It is fine.] }',
  ]

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'claimlint-packs-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  /** 1-based line of the first line containing `needle`. */
  const lineOf = (lines: string[], needle: string): number => {
    const i = lines.findIndex((l) => l.includes(needle))
    if (i === -1) throw new Error(`no line with ${needle}`)
    return i + 1
  }

  it('reports each broken pack with file, line and reason, and keeps the valid ones', () => {
    const good = write('a-good.yaml', ['pack: good', 'lexicon:', '  praise: [splendid, first rate]', 'rules:', ...rule('hype/good-one', [], ['"@praise"'])])
    const yamlError = write('b-yaml.yaml', [
      'pack: broken-yaml', // 1
      'rules:', // 2
      '  - id: hype/dup', // 3
      '    category: hype', // 4
      '    category: hype', // 5: duplicate key
      '    severity: warning', // 6
    ])
    const schemaError = write('c-schema.yaml', [
      'pack: broken-schema', // 1
      'rules:', // 2
      '  - id: hype/sev', // 3
      '    category: hype', // 4
      '    severity: fatal', // 5: not a severity
      '    summary: A test rule',
      '    message: A message that is long enough.',
      '    patterns: [remarkable]',
      '    examples: { flag: [a], pass: [b] }',
    ])
    const patternLines = ['pack: broken-pattern', 'rules:', ...rule('hype/ok-rule'), ...rule('hype/bad-rule', [], ['"remarkable"', '"(remarkable"'])]
    const patternError = write('d-pattern.yaml', patternLines)
    const keyLines = ['pack: broken-key', 'rules:', ...rule('hype/key', ['    colour: red'])]
    const unknownKey = write('e-key.yaml', keyLines)

    const set = loadRuleSet([dir], { builtin: false })
    const problems = set.problems.map((p) => ({ file: p.file, line: p.line, message: p.message }))
    expect(problems).toEqual(
      expect.arrayContaining([
        { file: yamlError, line: 5, message: expect.stringMatching(/^YAML: .*unique/) },
        { file: schemaError, line: 5, message: expect.stringMatching(/\/rules\/0\/severity: must be one of "error", "warning", "info"/) },
        { file: patternError, line: lineOf(patternLines, '(remarkable'), message: expect.stringMatching(/rule hype\/bad-rule: pattern "\(remarkable": .*not a word/) },
        // An unknown key is reported where its rule starts.
        { file: unknownKey, line: lineOf(keyLines, 'id: hype/key'), message: expect.stringMatching(/unknown key "colour"/) },
      ]),
    )
    expect(problems).toHaveLength(4)
    expect(lineOf(patternLines, '(remarkable')).toBe(18)
    for (const p of set.problems) expect(p.column).toBeGreaterThan(0)

    // Valid packs and the valid rule of the pack with a bad pattern still load.
    expect(set.packs.map((p) => p.name).sort()).toEqual(['broken-pattern', 'good'])
    expect(set.rules.map((r) => r.id).sort()).toEqual(['hype/good-one', 'hype/ok-rule'])
    expect(set.rules.find((r) => r.id === 'hype/good-one')!.file).toBe(good)
    const found = lint('It is a splendid and remarkable plan.', { ruleSet: set })
    expect(found.map((f) => [f.ruleId, f.actual])).toEqual([
      ['hype/good-one', 'splendid'],
      ['hype/ok-rule', 'remarkable'],
    ])
  })

  it('reports an unknown class, a bad gap and a mismatched id on their lines', () => {
    const lines = [
      'pack: more',
      'rules:',
      ...rule('hype/class', [], ['"@nowhere"']),
      ...rule('hype/gap', [], ['"no ~12 risk"']),
      ...rule('safety/wrong-category', []).map((l) => l.replace('category: safety', 'category: hype')),
    ]
    const file = write('f-more.yaml', lines)
    const set = loadRuleSet([file], { builtin: false })
    expect(set.problems.map((p) => [p.line, p.message.replace(/:.*/, '')])).toEqual([
      [lineOf(lines, '@nowhere'), 'rule hype/class'],
      [lineOf(lines, '~12'), 'rule hype/gap'],
      [lineOf(lines, 'id: safety/wrong-category'), 'rule safety/wrong-category'],
    ])
    expect(set.problems[0].message).toMatch(/unknown lexicon class "@nowhere"/)
    expect(set.problems[1].message).toMatch(/between ~1 and ~8/)
    expect(set.problems[2].message).toMatch(/must start with its category "hype\/"/)
    expect(set.rules).toEqual([])
  })

  it('reports duplicate pack names and a missing path', () => {
    const a = write('g-one.yaml', ['pack: same', 'rules: []'])
    const b = write('h-two.yaml', ['description: second', 'pack: same', 'rules: []'])
    const set = loadRuleSet([a, b, join(dir, 'nope.yaml')], { builtin: false })
    expect(set.problems.map((p) => [p.file, p.line])).toEqual(
      expect.arrayContaining([
        [b, 2],
        [join(dir, 'nope.yaml'), 0],
      ]),
    )
    expect(set.problems).toHaveLength(2)
    expect(set.packs.map((p) => p.file)).toEqual([a])
  })
})
