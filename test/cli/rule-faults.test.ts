// The CLI as a process with a rule made to throw (CLAIMLINT_FAULT_RULE): the
// other rules' findings are printed as usual, stderr names the failing rule
// once however many drafts and sentences it failed on, the exit code follows
// the usual rules for the findings that remain, and a parallel run (worker
// threads) says and prints exactly the same.
import { afterAll, describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { bin, cleanup, project, type JsonOutput } from './helpers.js'
import { CATEGORIES } from '../../server/src/engine/types.js'

afterAll(cleanup)

const FAULTY = 'hype/superlative'

const DRAFT = (i: number): string =>
  [
    `# Draft ${i}`,
    '',
    'Ketamine is FDA-approved for PTSD. It is a groundbreaking treatment.',
    '',
    'Our groundbreaking, revolutionary clinic cures depression for good.',
    '',
    'Ketamine is safe and has minimal side effects.',
    '',
  ].join('\n')

function run(args: string[], cwd: string, env: Record<string, string> = {}, input = ''): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CLAIMLINT_FAULT_RULE: '', ...env },
  })
  if (r.error) throw r.error
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

const fault = { CLAIMLINT_FAULT_RULE: FAULTY }
const parallel = { CLAIMLINT_JOBS: '3', CLAIMLINT_PARALLEL_MIN: '2', CLAIMLINT_PARALLEL_MIN_BYTES: '1' }
const serial = { CLAIMLINT_JOBS: '1' }

// The whole-draft review's findings are left out of the comparisons: they are computed from the claim
// findings (a draft whose hype went unflagged is reviewed differently), not by sentence rules.
const isClaim = (ruleId: string): boolean => (CATEGORIES as readonly string[]).includes(ruleId.split('/')[0])
const claims = (out: JsonOutput): JsonOutput => out.map((r) => ({ file: r.file, findings: r.findings.filter((f) => isClaim(f.ruleId)) }))
const minus = (out: JsonOutput, id: string): JsonOutput => claims(out).map((r) => ({ ...r, findings: r.findings.filter((f) => f.ruleId !== id) }))
const mentions = (stderr: string, id: string): string[] => stderr.split('\n').filter((l) => l.includes(id))

describe('a rule that throws, in the CLI', () => {
  // 24 drafts: enough for two worker threads when parallel (batches of 8).
  const files: Record<string, string> = {}
  for (let i = 0; i < 24; i++) files[`drafts/d${String(i).padStart(2, '0')}.md`] = DRAFT(i)
  const dir = project(files)

  it('prints the other findings, warns once naming the rule, and exits 2 (the check is incomplete)', () => {
    const normal = run(['--format', 'json', 'drafts'], dir, serial)
    expect(normal.stderr).toBe('')
    expect(normal.status).toBe(1)
    const normalJson = JSON.parse(normal.stdout) as JsonOutput
    expect(normalJson.flatMap((r) => r.findings).filter((f) => f.ruleId === FAULTY).length).toBeGreaterThanOrEqual(48)

    const faulty = run(['--format', 'json', 'drafts'], dir, { ...fault, ...serial })
    expect(claims(JSON.parse(faulty.stdout) as JsonOutput)).toEqual(minus(normalJson, FAULTY))
    // Findings were printed, but the check is incomplete: exit 2, not 1.
    expect(faulty.status).toBe(2)
    const lines = mentions(faulty.stderr, FAULTY)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^claimlint: warning: rule hype\/superlative \(pack hype\) failed and was skipped: injected fault \(first at drafts\/d00\.md:\d+:\d+; in 24 files\).*the check is incomplete \(exit 2\)$/)
    expect(faulty.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('the stylish output has every other finding', () => {
    const normal = run(['drafts'], dir, serial)
    const faulty = run(['drafts'], dir, { ...fault, ...serial })
    const drop = (s: string): string[] => s.split('\n').filter((l) => /^\s+\d+:\d+/.test(l) && !l.endsWith(FAULTY) && isClaim(l.trim().split(/\s+/).pop()!))
    expect(drop(faulty.stdout)).toEqual(drop(normal.stdout))
    expect(faulty.stdout).not.toContain(FAULTY)
    expect(mentions(faulty.stderr, FAULTY)).toHaveLength(1)
  })

  it('a parallel run prints and warns the same as one thread', () => {
    for (const format of ['json', 'stylish']) {
      const one = run(['--format', format, 'drafts'], dir, { ...fault, ...serial })
      const many = run(['--format', format, 'drafts'], dir, { ...fault, ...parallel })
      expect(many.stdout).toBe(one.stdout)
      expect(many.stderr).toBe(one.stderr)
      expect(many.status).toBe(one.status)
      expect(mentions(many.stderr, FAULTY)).toHaveLength(1)
    }
  }, 120_000)

  it('a failing rule never lets a gate pass: exit 2 even when the findings left are within --max-warnings', () => {
    const hypeOnly = project({ 'a.md': 'TMS is a groundbreaking treatment.\n\nOur clinic is open on weekdays.\n' })
    const warnings = (args: string[], env: Record<string, string>): number =>
      (JSON.parse(run(['--format', 'json', ...args], hypeOnly, env).stdout) as JsonOutput)[0].findings.filter((f) => f.severity === 'warning').length
    const without = warnings(['a.md'], { ...fault, ...serial })
    expect(warnings(['a.md'], serial)).toBeGreaterThan(without)
    // Allowed exactly the warnings left without the failing rule: a normal run has too many, the faulty one does not.
    const limit = ['--max-warnings', String(without), 'a.md']
    expect(run(limit, hypeOnly, serial).status).toBe(1)
    const r = run(limit, hypeOnly, { ...fault, ...serial })
    expect(r.status).toBe(2)
    expect(mentions(r.stderr, FAULTY)).toHaveLength(1)
  })

  it('standard input and --fix-dry-run warn once too', () => {
    const stdin = run(['--format', 'json', '-'], dir, fault, DRAFT(1))
    expect(mentions(stdin.stderr, FAULTY)).toHaveLength(1)
    expect(stdin.stderr).toContain('first at <stdin>')
    expect((JSON.parse(stdin.stdout) as JsonOutput)[0].findings.length).toBeGreaterThan(2)
    const fix = run(['--fix-dry-run', 'drafts/d01.md', 'drafts/d02.md'], dir, fault)
    expect(mentions(fix.stderr, FAULTY)).toHaveLength(1)
  })
})
