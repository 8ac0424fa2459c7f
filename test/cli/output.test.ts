// The output formats: the JSON contract, SARIF against the official 2.1.0
// schema, and the stylish layout.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { claimlint, cleanup, DRAFTS, json, project, repo, sarifValidator, type JsonOutput } from './helpers.js'

vi.setConfig({ testTimeout: 30_000 })
afterAll(cleanup)

// Non-BMP characters and CRLF before the claims, so UTF-16 offsets and line starts are exercised.
const MIXED = 'Café hours vary. 🌿🌿\r\n\r\n' + DRAFTS.error + '\n## Options\n\n' + DRAFTS.hype
const files = { 'drafts/mixed.md': MIXED, 'drafts/clean.md': DRAFTS.complete, 'hype notes.txt': DRAFTS.hype }

/** 1-based line and UTF-16 column of an offset, computed independently of the engine. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const lines = before.split(/\r\n|\r|\n/)
  return { line: lines.length, column: lines[lines.length - 1].length + 1 }
}

describe('--format json', () => {
  let dir: string
  let out: JsonOutput
  beforeAll(() => {
    dir = project(files)
    const r = claimlint(['drafts/mixed.md', 'drafts/clean.md', '--format', 'json'], { cwd: dir })
    expect(r.status).toBe(1)
    out = json(r)
  })

  it('is one entry per file, with exactly file and findings, paths as given', () => {
    expect(out.map((o) => o.file)).toEqual(['drafts/mixed.md', 'drafts/clean.md'])
    for (const o of out) expect(Object.keys(o).sort()).toEqual(['file', 'findings'])
    expect(out[1].findings).toEqual([])
  })

  it('gives every finding the contract fields with the right types', () => {
    const findings = out[0].findings
    expect(findings.length).toBeGreaterThanOrEqual(2)
    for (const f of findings) {
      for (const k of ['ruleId', 'category', 'message'] as const) expect(typeof f[k]).toBe('string')
      expect(['error', 'warning', 'info']).toContain(f.severity)
      for (const k of ['start', 'end', 'line', 'column', 'endLine', 'endColumn'] as const) expect(Number.isInteger(f[k])).toBe(true)
      expect(f.ruleId.startsWith(f.category + '/')).toBe(true)
    }
    expect(findings.map((f) => f.category)).toEqual(expect.arrayContaining(['regulatory', 'hype']))
  })

  it('uses UTF-16 offsets: text.slice(start, end) is the flagged span, and lines/columns agree', () => {
    for (const f of out[0].findings) {
      expect(MIXED.slice(f.start, f.end)).toBe(f.actual)
      expect(position(MIXED, f.start)).toEqual({ line: f.line, column: f.column })
      expect(position(MIXED, f.end)).toEqual({ line: f.endLine, column: f.endColumn })
    }
    const hype = out[0].findings.find((f) => f.category === 'hype')!
    expect(DRAFTS.hype).toContain(MIXED.slice(hype.start, hype.end))
  })
})

describe('--format sarif', () => {
  let dir: string
  let log: any
  let findings: JsonOutput
  beforeAll(() => {
    dir = project(files)
    const args = ['drafts/mixed.md', 'drafts/clean.md', 'hype notes.txt']
    const r = claimlint([...args, '--format', 'sarif'], { cwd: dir })
    expect(r.status).toBe(1)
    log = JSON.parse(r.stdout)
    findings = json(claimlint([...args, '--format', 'json'], { cwd: dir }))
  })

  it('validates against the SARIF 2.1.0 schema', () => {
    const validate = sarifValidator()
    const ok = validate(log)
    expect(validate.errors ?? []).toEqual([])
    expect(ok).toBe(true)
    // The validator really checks: a broken copy fails.
    const broken = structuredClone(log)
    broken.runs[0].results[0].level = 'severe'
    delete broken.runs[0].tool.driver.name
    expect(validate(broken)).toBe(false)
  })

  it('has one run with the claimlint driver and a descriptor per reported rule', () => {
    const { version } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }
    expect(log.version).toBe('2.1.0')
    expect(log.runs).toHaveLength(1)
    const driver = log.runs[0].tool.driver
    expect(driver.name).toBe('claimlint')
    expect(driver.version).toBe(version)
    const reported = new Set(findings.flatMap((o) => o.findings.map((f) => f.ruleId)))
    expect(new Set(driver.rules.map((r: any) => r.id))).toEqual(reported)
    for (const rule of driver.rules) {
      expect(rule.shortDescription.text).toBeTruthy()
      expect(rule.fullDescription.text).toBeTruthy()
      expect(rule.helpUri).toMatch(/^file:/)
      expect(rule.properties.category).toBe(rule.id.split('/')[0])
      expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration.level)
    }
  })

  it('maps every finding to a result with level, ruleIndex and a relative location', () => {
    const run = log.runs[0]
    const expected = findings.flatMap((o) => o.findings.map((f) => ({ file: o.file, f })))
    expect(run.results).toHaveLength(expected.length)
    const level = { error: 'error', warning: 'warning', info: 'note' }
    run.results.forEach((res: any, i: number) => {
      const { file, f } = expected[i]
      expect(res.ruleId).toBe(f.ruleId)
      expect(run.tool.driver.rules[res.ruleIndex].id).toBe(f.ruleId)
      expect(res.level).toBe(level[f.severity])
      expect(res.message.text).toBe(f.message)
      const loc = res.locations[0].physicalLocation
      expect(decodeURIComponent(loc.artifactLocation.uri)).toBe(file)
      expect(loc.region).toEqual({
        startLine: f.line,
        startColumn: f.column,
        endLine: f.endLine,
        endColumn: f.endColumn,
        charOffset: f.start,
        charLength: f.end - f.start,
      })
    })
  })
})

describe('--format stylish', () => {
  it('groups findings under the file, with line:col, severity, message and rule id, then a summary', () => {
    const dir = project({ 'a.md': DRAFTS.error, 'b.md': DRAFTS.complete })
    const r = claimlint(['a.md', 'b.md'], { cwd: dir })
    const findings = json(claimlint(['a.md', '--format', 'json'], { cwd: dir }))[0].findings
    const lines = r.stdout.split('\n')
    expect(lines[0]).toBe('a.md')
    expect(r.stdout).not.toContain('b.md')
    findings.forEach((f, i) => {
      const row = lines[i + 1]
      expect(row).toMatch(new RegExp(`^\\s+${f.line}:${f.column}\\s+${f.severity}\\s+`))
      expect(row).toContain(f.message)
      expect(row.endsWith(f.ruleId)).toBe(true)
    })
    expect(r.stdout).toMatch(new RegExp(`${findings.length} problems? \\(\\d+ errors?, \\d+ warnings?, \\d+ info\\)`))
    expect(r.stdout).not.toContain('\u001b[') // no colour when not a terminal
  })
})
