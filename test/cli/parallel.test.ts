// Many drafts are linted on every core (worker threads, see cli/parallel.ts):
// the output and the exit code must be byte for byte those of a run in one
// thread, in every format, with skipped files, reviewers' dismissals,
// per-folder configs and the whole-draft review (and --no-review) in the mix.
import { afterAll, describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { bin, cleanup, project, repo } from './helpers.js'
import { generateDraft } from '../../bench/drafts.js'
import { workerCount } from '../../server/src/cli/parallel.js'

afterAll(cleanup)

function run(args: string[], cwd: string, jobs: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    // PARALLEL_MIN 2 and MIN_BYTES 1: even these few small drafts go to workers when jobs > 1.
    env: { ...process.env, NO_COLOR: '1', CLAIMLINT_JOBS: jobs, CLAIMLINT_PARALLEL_MIN: '2', CLAIMLINT_PARALLEL_MIN_BYTES: '1' },
  })
  if (r.error) throw r.error
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

function drafts(): string {
  const files: Record<string, string | Buffer> = {}
  for (let i = 0; i < 90; i++) {
    const format = i % 3 === 0 ? 'markdown' : 'plaintext'
    const dir = i < 30 ? 'a' : i < 60 ? 'b/deeper' : 'c'
    files[`${dir}/draft-${String(i).padStart(3, '0')}.${format === 'markdown' ? 'md' : 'txt'}`] = generateDraft({ words: 150 + (i % 7) * 40, format, seed: i + 1 })
  }
  // A folder with its own config, a reviewer's dismissal, and a binary file (skipped with a message).
  files['b/.claimlintrc.yaml'] = 'categories:\n  hype: off\nrules:\n  safety/safe: error\nreview:\n  checks:\n    currency: off\n    readability: error\n'
  files['c/.claimlint/reviews.yaml'] =
    'version: 1\ndismissals:\n  - rule: absolute/cure\n    claim: cures depression\n    sentence: 0123456789abcdef\n    reason: test\n    by: test\n    date: 2026-01-01\n'
  files['c/binary.txt'] = Buffer.from([0x4b, 0x00, 0x01, 0x02])
  return project(files)
}

describe('parallel CLI', () => {
  const dir = drafts()

  for (const format of ['stylish', 'json', 'sarif'] as const) {
    it(`--format ${format}: the same bytes and exit code as one thread`, () => {
      const one = run(['--format', format, 'a', 'b', 'c'], dir, '1')
      const many = run(['--format', format, 'a', 'b', 'c'], dir, '3')
      expect(one.stdout.length).toBeGreaterThan(1000)
      expect(many.stdout).toBe(one.stdout)
      expect(many.stderr).toBe(one.stderr)
      expect(many.status).toBe(one.status)
      expect(one.stderr).toContain('skipped c/binary.txt')
      // The review's findings are in both, with folder b's review settings.
      expect(one.stdout).toContain('currency/no-date')
      expect(one.stdout).toContain('readability/')
    }, 120_000)
  }

  it('--no-review: the same bytes, and no review findings', () => {
    const one = run(['--format', 'json', '--no-review', 'a', 'b', 'c'], dir, '1')
    const many = run(['--format', 'json', '--no-review', 'a', 'b', 'c'], dir, '3')
    expect(many).toEqual(one)
    expect(one.stdout).not.toContain('currency/no-date')
    expect(one.stdout.length).toBeGreaterThan(1000)
  }, 120_000)

  it('--max-warnings: the same exit code and message', () => {
    const one = run(['--max-warnings', '3', 'a', 'c'], dir, '1')
    const many = run(['--max-warnings', '3', 'a', 'c'], dir, '2')
    expect(many).toEqual(one)
  }, 120_000)

  it('starts workers only for many files and much text, and never with CLAIMLINT_JOBS=1', () => {
    expect(workerCount(10, { CLAIMLINT_JOBS: '2' })).toBe(0)
    expect(workerCount(1000, { CLAIMLINT_JOBS: '2' }, 3_000_000)).toBe(0)
    expect(workerCount(4000, { CLAIMLINT_JOBS: '2' }, 11_000_000)).toBe(1)
    expect(workerCount(1000, { CLAIMLINT_JOBS: '2' })).toBe(1)
    expect(workerCount(1000, { CLAIMLINT_JOBS: '4' })).toBe(3)
    expect(workerCount(1000, { CLAIMLINT_JOBS: '1' })).toBe(0)
    expect(workerCount(20, { CLAIMLINT_JOBS: '4', CLAIMLINT_PARALLEL_MIN: '2' })).toBe(2)
  })
})

// `repo` keeps the helper's build check honest: the CLI under test is the built one.
void repo
