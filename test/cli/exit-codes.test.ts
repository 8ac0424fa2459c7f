// Exit status, flags and stdin, driving the built CLI as a real process.
import { afterAll, describe, expect, it, vi } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { claimlint, cleanup, DRAFTS, json, project, repo } from './helpers.js'

vi.setConfig({ testTimeout: 30_000 })
afterAll(cleanup)

describe('exit status', () => {
  const dir = project({ 'error.md': DRAFTS.error, 'hype.md': DRAFTS.hype, 'clean.md': DRAFTS.complete })

  it('is 0 and prints nothing for a clean draft', () => {
    const r = claimlint(['clean.md'], { cwd: dir })
    expect(r.status).toBe(0)
    expect(r.stdout).toBe('')
  })

  it('is 1 when there is an error-level finding', () => {
    const r = claimlint(['error.md', 'clean.md'], { cwd: dir })
    expect(r.status).toBe(1)
    expect(r.stdout).toContain('error.md')
    expect(r.stdout).toMatch(/^\s+1:\d+\s+error\s+/m)
  })

  it('is 0 for warnings alone, unless there are more than --max-warnings', () => {
    const warnings = json(claimlint(['hype.md', '--format', 'json'], { cwd: dir }))[0].findings.filter((f) => f.severity === 'warning').length
    expect(warnings).toBeGreaterThan(0)
    expect(claimlint(['hype.md'], { cwd: dir }).status).toBe(0)
    expect(claimlint(['hype.md', '--max-warnings', String(warnings)], { cwd: dir }).status).toBe(0)
    const over = claimlint(['hype.md', '--max-warnings', String(warnings - 1)], { cwd: dir })
    expect(over.status).toBe(1)
    expect(over.stderr).toContain('too many warnings')
  })

  it('is 2 for an unknown flag, naming it', () => {
    const r = claimlint(['--frobnicate', 'clean.md'], { cwd: dir })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('--frobnicate')
    expect(r.stdout).toBe('')
  })

  it('is 2 for a bad --format or --max-warnings value', () => {
    expect(claimlint(['--format', 'xml', 'clean.md'], { cwd: dir }).status).toBe(2)
    expect(claimlint(['--max-warnings', 'lots', 'clean.md'], { cwd: dir }).status).toBe(2)
  })

  it('is 2 for a missing file, naming it, and lints nothing', () => {
    const r = claimlint(['error.md', 'no-such-draft.md'], { cwd: dir })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('no-such-draft.md')
    expect(r.stdout).toBe('')
  })

  it('is 2 for a glob that matches nothing', () => {
    const r = claimlint(['drafts/**/*.md'], { cwd: dir })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('drafts/**/*.md')
  })
})

describe('--help and --version', () => {
  it('prints usage', () => {
    const r = claimlint(['--help'], { cwd: repo })
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('Usage: claimlint')
  })

  it('prints the package version', () => {
    const { version } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }
    const r = claimlint(['--version'], { cwd: repo })
    expect(r.status).toBe(0)
    expect(r.stdout.trim()).toBe(version)
  })

  it('--check-packs passes on the built-in packs', () => {
    const r = claimlint(['--check-packs'], { cwd: project() })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
  })
})

describe('stdin', () => {
  const dir = project()
  // Inline code is skipped in Markdown but is ordinary text in a .txt file.
  const inlineCode = '`TMS is a groundbreaking treatment.`\n'

  it('reads "-" and names results after --stdin-filename', () => {
    const r = claimlint(['-', '--stdin-filename', 'notes/draft.md', '--format', 'json'], { cwd: dir, input: DRAFTS.error })
    expect(r.status).toBe(1)
    const out = json(r)
    expect(out).toHaveLength(1)
    expect(out[0].file).toBe('notes/draft.md')
    expect(out[0].findings.some((f) => f.severity === 'error')).toBe(true)
  })

  it('reads piped stdin when no files are given', () => {
    const r = claimlint(['--format', 'json'], { cwd: dir, input: DRAFTS.hype })
    expect(r.status).toBe(0)
    expect(json(r)[0].findings.map((f) => f.category)).toContain('hype')
  })

  it('takes the format from the --stdin-filename extension', () => {
    const asMarkdown = json(claimlint(['-', '--stdin-filename', 'a.md', '--format', 'json'], { cwd: dir, input: inlineCode }))
    const asText = json(claimlint(['-', '--stdin-filename', 'a.txt', '--format', 'json'], { cwd: dir, input: inlineCode }))
    expect(asMarkdown[0].findings).toEqual([])
    expect(asText[0].findings.map((f) => f.category)).toContain('hype')
  })
})
