// The whole-draft review in `claimlint`'s own output, driving the built CLI:
// document findings in JSON (with their fixes, which do what they say), SARIF
// (valid, with the checks in the driver) and stylish; they count for the exit
// code and --max-warnings; `review:` in .claimlintrc.yaml turns checks off or
// changes their level; --no-review leaves claims only.
import { afterAll, describe, expect, it, vi } from 'vitest'
import { DOC_RULES } from '../../server/src/engine/review/index.js'
import { claimlint, cleanup, DRAFTS, json, project, sarifValidator, type JsonFinding } from './helpers.js'
import { BALANCE, NO_RISKS } from '../review/helpers.js'
import { dismissalFor, reviewsPath } from '../../server/src/engine/reviews.js'
import { reviewDraft } from '../../server/src/engine/review/index.js'
import { stringify } from 'yaml'

vi.setConfig({ testTimeout: 30_000 })
afterAll(cleanup)

const REVIEW_CATEGORIES = new Set(DOC_RULES.map((r) => r.category))

const isReview = (f: { category: string }): boolean => REVIEW_CATEGORIES.has(f.category as never)

/** 1-based line and UTF-16 column of an offset, computed independently of the engine. */
function position(text: string, offset: number): { line: number; column: number } {
  const lines = text.slice(0, offset).split(/\r\n|\r|\n/)
  return { line: lines.length, column: lines[lines.length - 1].length + 1 }
}

function applyEdits(text: string, edits: Array<{ start: number; end: number; newText: string }>): string {
  let out = text
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end)
  return out
}

describe('review findings in --format json', () => {
  it('are listed with the claim findings, in draft order, with the contract fields and a fix that works', () => {
    const dir = project({ 'ketamine.md': NO_RISKS })
    const r = claimlint(['ketamine.md', '--format', 'json'], { cwd: dir })
    expect(r.status).toBe(0)
    const findings = json(r)[0].findings
    const balance = findings.find((f) => f.ruleId === BALANCE)!
    expect(balance).toBeDefined()
    // Where the fix belongs: the heading of the section that claims the benefits.
    expect(NO_RISKS.slice(balance.start, balance.end)).toBe('## How ketamine can help')
    expect(balance).toMatchObject({ category: 'balance', severity: 'warning', actual: '## How ketamine can help', source: 'claimlint', pack: 'review' })
    expect(position(NO_RISKS, balance.start)).toEqual({ line: balance.line, column: balance.column })
    expect(position(NO_RISKS, balance.end)).toEqual({ line: balance.endLine, column: balance.endColumn })
    expect(balance.url).toMatch(/^file:\/\/.*docs\/rules\/review\.md#balance-benefits-without-risks$/)
    expect(balance.message).toContain('ketamine')
    // Claims and document findings in one list, ordered by offset.
    const starts = findings.map((f) => f.start)
    expect([...starts].sort((a, b) => a - b)).toEqual(starts)
    expect(findings.some((f) => !isReview(f))).toBe(true)

    // Its fix has the claim fixes' shape and inserts a cited risks section.
    const fixes = balance.fixes as Array<{ kind: string; title: string; preferred: boolean; edits: Array<{ start: number; end: number; newText: string }>; sources: string[] }>
    expect(fixes).toHaveLength(1)
    expect(fixes[0]).toMatchObject({ kind: 'risks-section', preferred: true })
    expect(fixes[0].sources.length).toBeGreaterThan(0)
    const fixed = applyEdits(NO_RISKS, fixes[0].edits)
    expect(fixed).toContain('## Risks and side effects')
    for (const id of fixes[0].sources) expect(fixed).toContain(`[^${id}]:`)
    // Every finding lists its fixes, empty when a check has none.
    for (const f of findings) expect(Array.isArray(f.fixes)).toBe(true)

    // Linted again, the draft no longer lacks risks.
    const again = project({ 'ketamine.md': fixed })
    const after = json(claimlint(['ketamine.md', '--format', 'json'], { cwd: again }))[0].findings
    expect(after.map((f) => f.ruleId)).not.toContain(BALANCE)
  })

  it('reads stdin too, as the file its --stdin-filename names', () => {
    const dir = project()
    const r = claimlint(['-', '--stdin-filename', 'notes.txt', '--format', 'json'], { cwd: dir, input: DRAFTS.clean })
    const ids = json(r)[0].findings.map((f) => f.ruleId)
    expect(ids).toEqual(expect.arrayContaining(['currency/no-date', 'sources/none']))
  })
})

describe('review findings in --format sarif', () => {
  it('validate against the SARIF 2.1.0 schema, with each check in the driver and its page', () => {
    const dir = project({ 'ketamine.md': NO_RISKS, 'bare.md': DRAFTS.clean })
    const r = claimlint(['ketamine.md', 'bare.md', '--format', 'sarif'], { cwd: dir })
    expect(r.status).toBe(0)
    const log = JSON.parse(r.stdout)
    const validate = sarifValidator()
    expect(validate(log)).toBe(true)
    expect(validate.errors ?? []).toEqual([])

    const expected = json(claimlint(['ketamine.md', 'bare.md', '--format', 'json'], { cwd: dir })).flatMap((o) => o.findings.map((f) => ({ file: o.file, f })))
    const run = log.runs[0]
    expect(run.results).toHaveLength(expected.length)
    const level: Record<string, string> = { error: 'error', warning: 'warning', info: 'note' }
    const reviewResults = run.results.filter((res: any, i: number) => isReview(expected[i].f))
    expect(reviewResults.length).toBeGreaterThan(2)
    run.results.forEach((res: any, i: number) => {
      const { file, f } = expected[i]
      expect(res.ruleId).toBe(f.ruleId)
      expect(res.level).toBe(level[f.severity])
      expect(res.properties.category).toBe(f.category)
      expect(res.locations[0].physicalLocation.artifactLocation.uri).toBe(file)
      expect(res.locations[0].physicalLocation.region).toMatchObject({ startLine: f.line, startColumn: f.column, charOffset: f.start, charLength: f.end - f.start })
    })
    for (const check of DOC_RULES.filter((c) => expected.some((e) => e.f.ruleId === c.id))) {
      const rule = run.tool.driver.rules.find((x: any) => x.id === check.id)
      expect(rule).toBeDefined()
      expect(rule.shortDescription.text).toBe(check.summary)
      expect(rule.defaultConfiguration.level).toBe(level[check.severity])
      expect(rule.properties).toMatchObject({ category: check.category, pack: 'review' })
      expect(rule.helpUri).toMatch(new RegExp(`^file://.*docs/rules/review\\.md#${check.id.replace('/', '-')}$`))
    }
  })
})

describe('review findings in stylish output and the exit code', () => {
  it('are printed and counted; --max-warnings applies to them; --no-review leaves the claims only', () => {
    // A draft with no claims at all, but no date, author or sources.
    const dir = project({ 'bare.md': DRAFTS.clean })
    const r = claimlint(['bare.md'], { cwd: dir })
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^\s+1:1\s+warning\s+.*currency\/no-date$/m)
    expect(r.stdout).toMatch(/^\s+1:1\s+warning\s+.*sources\/none$/m)
    expect(r.stdout).toMatch(/^\s+1:1\s+info\s+.*currency\/no-author$/m)
    expect(r.stdout).toContain('3 problems (0 errors, 2 warnings, 1 info)')

    const over = claimlint(['bare.md', '--max-warnings', '1'], { cwd: dir })
    expect(over.status).toBe(1)
    expect(over.stderr).toContain('too many warnings (2; --max-warnings is 1)')
    expect(claimlint(['bare.md', '--max-warnings', '2'], { cwd: dir }).status).toBe(0)

    const claimsOnly = claimlint(['bare.md', '--no-review', '--max-warnings', '0'], { cwd: dir })
    expect(claimsOnly.status).toBe(0)
    expect(claimsOnly.stdout).toBe('')
    const jsonOnly = json(claimlint(['ketamine.md', '--no-review', '--format', 'json'], { cwd: project({ 'ketamine.md': NO_RISKS }) }))
    expect(jsonOnly[0].findings.length).toBeGreaterThan(0)
    expect(jsonOnly[0].findings.filter(isReview)).toEqual([])
  })

  it('--help documents --no-review', () => {
    const r = claimlint(['--help'], { cwd: project() })
    expect(r.stdout).toMatch(/--no-review\s+claims only/)
  })
})

describe('the review: settings of .claimlintrc.yaml', () => {
  const run = (rc: string, draft = NO_RISKS): JsonFinding[] => json(claimlint(['d.md', '--format', 'json'], { cwd: project({ '.claimlintrc.yaml': rc, 'd.md': draft }) }))[0].findings

  it('turn a check off, or every check', () => {
    expect(run('review:\n  readingGrade: 8\n').map((f) => f.ruleId)).toContain(BALANCE)
    const noBalance = run('review:\n  checks:\n    balance: false\n')
    expect(noBalance.map((f) => f.ruleId)).not.toContain(BALANCE)
    expect(noBalance.some((f) => !isReview(f))).toBe(true)
    const checks = [...REVIEW_CATEGORIES].map((c) => `    ${c}: off`).join('\n')
    const none = run(`review:\n  checks:\n${checks}\n`, `${NO_RISKS}\n${DRAFTS.clean}`)
    expect(none.filter(isReview)).toEqual([])
    expect(none.length).toBeGreaterThan(0)
  })

  it('give a check a level that counts like any other finding', () => {
    const dir = project({ '.claimlintrc.yaml': 'review:\n  checks:\n    currency: error\n', 'bare.md': DRAFTS.clean })
    const r = claimlint(['bare.md'], { cwd: dir })
    expect(r.status).toBe(1)
    expect(r.stdout).toMatch(/^\s+1:1\s+error\s+.*currency\/no-date$/m)
  })
})

describe('decisions on review findings', () => {
  // One thread, and worker threads (forced for a few drafts): the same decisions either way.
  const paths = { 'one thread': { CLAIMLINT_JOBS: '1' }, 'worker threads': { CLAIMLINT_JOBS: '2', CLAIMLINT_PARALLEL_MIN: '2', CLAIMLINT_PARALLEL_MIN_BYTES: '1' } }

  for (const [name, env] of Object.entries(paths)) {
    it(`a reviewer's dismissal in .claimlint/reviews.yaml drops a review finding for that draft only (${name})`, () => {
      const [balance] = reviewDraft(NO_RISKS, { format: 'markdown' }).filter((f) => f.ruleId === BALANCE)
      const dismissal = dismissalFor(balance, NO_RISKS, 'a.md', 'Risks are on the consent form', 'Dr. Reviewer', '2026-11-24')
      const dir = project({ 'a.md': NO_RISKS, 'b.md': NO_RISKS, '.claimlint/reviews.yaml': stringify({ version: 1, dismissals: [dismissal] }) })
      expect(reviewsPath(dir)).toMatch(/\.claimlint[/\\]reviews\.yaml$/)
      const [a, b] = json(claimlint(['a.md', 'b.md', '--format', 'json'], { cwd: dir, env }))
      expect(a.findings.map((f) => f.ruleId)).not.toContain(BALANCE)
      expect(b.findings.map((f) => f.ruleId)).toContain(BALANCE)
      // The claims are untouched.
      expect(a.findings.filter((f) => !isReview(f))).toEqual(b.findings.filter((f) => !isReview(f)))
    })

    it(`a suppression comment in the draft drops a review finding (${name})`, () => {
      const quiet = NO_RISKS.replace('## How ketamine can help', '<!-- claimlint-disable-next-line balance -- risks are on the consent form -->\n## How ketamine can help')
      const dir = project({ 'a.md': quiet, 'b.md': NO_RISKS })
      const r = claimlint(['a.md', 'b.md'], { cwd: dir, env })
      expect(r.stdout.split(/^b\.md$/m)[0]).not.toContain(BALANCE)
      expect(r.stdout).toContain(BALANCE)
    })
  }
})
