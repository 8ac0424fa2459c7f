// `review:` in .claimlintrc.yaml: validated like the rest of the config,
// defaults filled in, and thresholds that change what the review flags.
import { afterAll, describe, expect, it, vi } from 'vitest'
import { join } from 'node:path'
import { loadConfig, reviewConfigFor } from '../../server/src/engine/config.js'
import { REVIEW_DEFAULTS, reviewConfig } from '../../server/src/engine/review/index.js'
import { claimlint, cleanup, project } from '../cli/helpers.js'
import { draft } from './helpers.js'

vi.setConfig({ testTimeout: 60_000 })
afterAll(cleanup)

describe('review settings', () => {
  it('default to grade 8 (SMOG 10), 10-year-old sources, one risk sentence in three, every check on', () => {
    expect(reviewConfig(undefined)).toEqual({
      readingGrade: 8,
      smogGrade: 10,
      maxSourceAgeYears: 10,
      minRiskRatio: 0.34,
      checks: { balance: 'default', 'off-label': 'default', options: 'default', sources: 'default', currency: 'default', readability: 'default' },
    })
    expect(reviewConfig(undefined)).toEqual({ ...REVIEW_DEFAULTS, checks: { ...REVIEW_DEFAULTS.checks } })
    expect(reviewConfigFor(undefined)).toEqual(reviewConfig(undefined))
  })

  it('are read from .claimlintrc.yaml', () => {
    const dir = project({
      '.claimlintrc.yaml': 'review:\n  readingGrade: 6\n  maxSourceAgeYears: 5\n  minRiskRatio: 0.5\n  checks:\n    currency: false\n    readability: info\n    sources: true\n',
    })
    const { config, problems } = loadConfig(join(dir, '.claimlintrc.yaml'))
    expect(problems).toEqual([])
    const r = reviewConfigFor(config)
    expect(r).toMatchObject({ readingGrade: 6, smogGrade: 8, maxSourceAgeYears: 5, minRiskRatio: 0.5 })
    expect(r.checks).toMatchObject({ currency: 'off', readability: 'info', sources: 'default', balance: 'default' })
    // Resolving twice changes nothing.
    expect(reviewConfig(r)).toEqual(r)
  })

  it('report a wrong key or value at its line, as every config key does', () => {
    const dir = project({
      '.claimlintrc.yaml': 'review:\n  readingGrade: high\n  checks:\n    balance: sometimes\n    spelling: true\n  colour: blue\n',
    })
    const { config, problems } = loadConfig(join(dir, '.claimlintrc.yaml'))
    expect(config).toBeUndefined()
    const byLine = new Map(problems.map((p) => [p.line, p.message]))
    expect(byLine.get(2)).toMatch(/review\.readingGrade: must be number/)
    expect(byLine.get(4)).toMatch(/review\.checks\.balance: must be one of true, false, "error", "warning", "info", "off", "default"/)
    expect(byLine.get(5)).toMatch(/review\.checks: unknown key "spelling"/)
    expect(byLine.get(6)).toMatch(/review: unknown key "colour"/)
  })

  it('keep configs without `review:` exactly as they were', () => {
    const dir = project({ '.claimlintrc.yaml': 'categories:\n  hype: info\n' })
    const { config, problems } = loadConfig(join(dir, '.claimlintrc.yaml'))
    expect(problems).toEqual([])
    expect(config!.review).toBeUndefined()
    expect(config!.categories).toEqual({ hype: 'info' })
  })

  it('change what `claimlint report` flags', () => {
    const files = { 'drafts/promo.md': draft('promo.md'), 'drafts/good.md': draft('good.md') }
    const plain = project(files)
    const base = claimlint(['report', 'drafts', '--format', 'markdown', '--date', '2026-11-23'], { cwd: plain })
    expect(base.status).toBe(0)
    expect(base.stdout).toContain('`currency/no-date`')
    expect(base.stdout).not.toContain('`readability/paragraph-grade` | This paragraph reads at grade 3.')

    const strict = project({ ...files, '.claimlintrc.yaml': 'review:\n  readingGrade: 2\n  checks:\n    currency: false\n    balance: error\n' })
    const r = claimlint(['report', 'drafts', '--format', 'markdown', '--date', '2026-11-23'], { cwd: strict })
    expect(r.status).toBe(0)
    expect(r.stdout).not.toContain('`currency/')
    expect(r.stdout).toMatch(/\| error \| `balance\/risks-underweighted` \|/)
    // good.md reads at about grade 3-4: above a target of 2.
    const good = r.stdout.slice(r.stdout.indexOf('## drafts/good.md'))
    expect(good).toContain('`readability/draft-grade`')
    expect(good).toContain('(targets 2 and 4 or below)')
  })

  it('a broken `review:` stops the report with exit 2 and names the line', () => {
    const dir = project({ 'a.md': 'Ketamine.\n', '.claimlintrc.yaml': 'review:\n  minRiskRatio: -1\n' })
    const r = claimlint(['report', 'a.md'], { cwd: dir })
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/\.claimlintrc\.yaml:2:\d+: review\.minRiskRatio: must be >= 0/)
  })
})
