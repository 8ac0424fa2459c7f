// The evidence library is data that rewrites will cite to readers, so every
// entry must carry an identifier someone checked by hand and a record of
// where it was checked. These tests hold the data to that, and check that
// every `sources:` id a rule names resolves to an entry.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { readFileSync, readdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { Ajv } from 'ajv'
import { loadEvidence, evidenceDir, evidenceIdentifiers, evidenceLink, toCsl, unknownSources } from '../server/src/engine/evidence.js'
import { builtinRuleSet, loadRuleSet, rulesDir } from '../server/src/engine/packs/load.js'

const dir = evidenceDir()
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
const raw = files.flatMap((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as Array<Record<string, unknown>>).map((item) => ({ file: f, item })))
const library = loadEvidence()
const schema = JSON.parse(readFileSync(join(rulesDir(), 'schema', 'evidence.schema.json'), 'utf8'))
const validateEntry = new Ajv({ allErrors: true, strict: false }).compile(schema)

const DOI = /^10\.\d{4,9}\/\S+$/
const ADDRESS = /https?:\/\/[^\s,;)]+/

describe('evidence library files', () => {
  it('are the topic files rules/evidence is organised by', () => {
    expect(files).toEqual(expect.arrayContaining(['ketamine.json', 'regulatory.json', 'guidelines.json', 'standards.json']))
  })

  it('load without problems', () => {
    expect(library.problems).toEqual([])
    expect(library.entries.size).toBe(raw.length)
    expect(library.entries.size).toBeGreaterThan(10)
  })

  it('use unique ids across all files', () => {
    const seen = new Map<string, string>()
    const dups: string[] = []
    for (const { file, item } of raw) {
      const id = String(item.id)
      if (seen.has(id)) dups.push(`${id} in ${file} and ${seen.get(id)}`)
      seen.set(id, file)
    }
    expect(dups).toEqual([])
  })
})

describe.each(raw.map(({ file, item }) => [`${file}: ${String(item.id)}`, item] as const))('%s', (_name, item) => {
  it('validates against evidence.schema.json', () => {
    const ok = validateEntry(item)
    expect(validateEntry.errors ?? [], JSON.stringify(validateEntry.errors)).toEqual([])
    expect(ok).toBe(true)
  })

  it('has at least one identifier', () => {
    expect(Boolean(item.DOI || item.PMID || item.URL)).toBe(true)
  })

  it('has well-formed identifiers', () => {
    if (item.DOI !== undefined) {
      expect(item.DOI).toMatch(DOI)
      expect(String(item.DOI)).not.toMatch(/^https?:|doi\.org/i)
      expect(String(item.DOI)).not.toMatch(/[.,;]$/)
    }
    if (item.PMID !== undefined) expect(item.PMID).toMatch(/^\d{1,9}$/)
    if (item.URL !== undefined) expect(item.URL).toMatch(/^https:\/\/\S+$/)
  })

  it('records when and where it was verified', () => {
    const note = String(item.note)
    expect(note).toMatch(/^Verified \d{4}-\d{2}-\d{2}: /)
    expect(note).toMatch(ADDRESS)
  })

  it('names in its note every identifier it carries', () => {
    const note = String(item.note)
    if (item.DOI) expect(note).toContain(String(item.DOI))
    if (item.PMID) expect(note).toContain(String(item.PMID))
    if (item.URL) expect(note).toContain(String(item.URL))
  })

  it('has topics, and findings or statements to rely on', () => {
    const custom = item.custom as { topics?: string[]; findings?: object; statements?: string[] } | undefined
    expect(custom?.topics?.length ?? 0).toBeGreaterThan(0)
    expect(Boolean(custom?.findings || custom?.statements)).toBe(true)
  })
})

describe('rule sources', () => {
  it('every sources: id named by a built-in rule exists in the library', () => {
    const missing = unknownSources(builtinRuleSet().rules, library).map((m) => `${m.rule} -> ${m.source}`)
    expect(missing).toEqual([])
  })

  it('the check catches an id the library lacks', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'claimlint-sources-'))
    try {
      const pack = join(tmp, 'cited.yaml')
      writeFileSync(
        pack,
        [
          'pack: cited-test',
          'rules:',
          '  - id: efficacy/cited-test',
          '    category: efficacy',
          '    severity: warning',
          '    summary: Test rule that cites sources',
          '    message: Test message.',
          '    patterns: ["zzqx"]',
          '    sources: [feder2014, nosuchsource2099]',
          '    examples:',
          '      flag: ["zzqx"]',
          '      pass: ["nothing"]',
          '',
        ].join('\n'),
      )
      const set = loadRuleSet([pack], { builtin: false })
      expect(set.problems).toEqual([])
      expect(unknownSources(set.rules, library)).toEqual([{ rule: 'efficacy/cited-test', source: 'nosuchsource2099' }])
    } finally {
      rmSync(tmp, { recursive: true, force: true })
    }
  })
})

describe('helpers', () => {
  it('give a link for every entry, preferring the DOI', () => {
    for (const entry of library.entries.values()) {
      const link = evidenceLink(entry)
      expect(link).toMatch(/^https:\/\//)
      if (entry.DOI) expect(link).toBe(`https://doi.org/${entry.DOI}`)
      expect(evidenceIdentifiers(entry).length).toBeGreaterThan(0)
    }
  })

  it('strip claimlint data for plain CSL output', () => {
    const entry = library.entries.get('feder2014')!
    const csl = toCsl(entry)
    expect(csl).not.toHaveProperty('custom')
    expect(csl.DOI).toBe('10.1001/jamapsychiatry.2014.62')
    expect(entry.custom?.findings?.n).toBe(41)
  })

  it('records where each entry is defined', () => {
    const origin = library.origins.get('abdallah2022')
    expect(origin?.file).toBe(join(dir, 'ketamine.json'))
    const lines = readFileSync(join(dir, 'ketamine.json'), 'utf8').split('\n')
    expect(lines[origin!.line]).toContain('"abdallah2022"')
  })
})

describe('loadEvidence problems', () => {
  let tmp: string
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'claimlint-evidence-'))
  })
  afterAll(() => {
    rmSync(tmp, { recursive: true, force: true })
  })

  const good = (id: string) => ({
    id,
    type: 'article-journal',
    title: 'A title',
    issued: { 'date-parts': [[2020]] },
    DOI: '10.1234/example.1',
    note: 'Verified 2026-11-23: DOI seen on https://example.org/article',
    custom: { topics: ['test'], findings: { n: 10 } },
  })

  const write = (name: string, content: unknown) => {
    const sub = mkdtempSync(join(tmp, 'case-'))
    writeFileSync(join(sub, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2))
    return sub
  }

  it('reports duplicate ids across files and keeps the first', () => {
    const sub = mkdtempSync(join(tmp, 'dup-'))
    writeFileSync(join(sub, 'a.json'), JSON.stringify([good('same')], null, 2))
    writeFileSync(join(sub, 'b.json'), JSON.stringify([good('other'), good('same')], null, 2))
    const lib = loadEvidence([sub])
    expect(lib.entries.size).toBe(2)
    expect(lib.origins.get('same')?.file).toBe(join(sub, 'a.json'))
    expect(lib.problems).toHaveLength(1)
    const bLines = readFileSync(join(sub, 'b.json'), 'utf8').split('\n')
    // The entry's opening brace is the line before its "id".
    expect(lib.problems[0]).toMatchObject({ file: join(sub, 'b.json'), line: bLines.findIndex((l) => l.includes('"id": "same"')) })
    expect(lib.problems[0].message).toMatch(/duplicate id "same"/)
  })

  it('reports an entry without any identifier, with its line', () => {
    const { DOI: _doi, ...noId } = good('bare')
    const sub = write('x.json', [good('fine'), noId])
    const lib = loadEvidence([sub])
    expect([...lib.entries.keys()]).toEqual(['fine'])
    expect(lib.problems).toHaveLength(1)
    const lines = readFileSync(join(sub, 'x.json'), 'utf8').split('\n')
    expect(lib.problems[0].line).toBe(lines.findIndex((l) => l.includes('"id": "bare"')))
    expect(lib.problems[0].message).toMatch(/entry "bare": needs at least one verified identifier/)
  })

  it('reports malformed identifiers and a missing verification note', () => {
    const bad = { ...good('bad'), DOI: 'https://doi.org/10.1234/x', PMID: 'PMID123', URL: 'http://example.org', note: 'checked' }
    const sub = write('x.json', [bad])
    const messages = loadEvidence([sub]).problems.map((p) => p.message)
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/DOI must be a bare DOI/),
        expect.stringMatching(/PMID must be digits only/),
        expect.stringMatching(/URL must start with https:\/\//),
        expect.stringMatching(/note must start with "Verified/),
      ]),
    )
  })

  it('points at the offending key inside an entry', () => {
    const entry = { ...good('typo'), custom: { topics: ['test'], findings: { n: 'forty' } } }
    const sub = write('x.json', [entry])
    const lib = loadEvidence([sub])
    expect(lib.problems).toHaveLength(1)
    const lines = readFileSync(join(sub, 'x.json'), 'utf8').split('\n')
    expect(lines[lib.problems[0].line! - 1]).toContain('"n"')
    expect(lib.problems[0].message).toMatch(/custom\.findings\.n/)
  })

  it('rejects unknown keys outside custom', () => {
    const sub = write('x.json', [{ ...good('extra'), findings: {} }])
    expect(loadEvidence([sub]).problems[0].message).toMatch(/unknown key "findings"/)
  })

  it('reports broken JSON with a line, and a file that is not an array', () => {
    const broken = write('x.json', '[\n  {\n    "id": "a",\n  }\n]\n')
    const p = loadEvidence([broken]).problems
    expect(p).toHaveLength(1)
    expect(p[0].message).toMatch(/^JSON:/)
    expect(p[0].line).toBeGreaterThanOrEqual(3)

    const notArray = write('y.json', good('solo'))
    expect(loadEvidence([notArray]).problems[0].message).toMatch(/must be a JSON array/)
  })

  it('reports a folder that does not exist', () => {
    const lib = loadEvidence([join(tmp, 'nope')])
    expect(lib.entries.size).toBe(0)
    expect(lib.problems[0].message).toMatch(/does not exist/)
  })
})
