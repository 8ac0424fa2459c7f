// .claimlintrc.yaml and extra packs, as the CLI sees them.
import { afterAll, describe, expect, it, vi } from 'vitest'
import { claimlint, cleanup, DRAFTS, json, project, SPARKLE_PACK } from './helpers.js'

vi.setConfig({ testTimeout: 30_000 })
afterAll(cleanup)

const RC = '.claimlintrc.yaml'

describe('configuration errors exit 2 with file and line', () => {
  it('malformed YAML', () => {
    const dir = project({ [RC]: 'categories:\n  hype: off\n  safety: [warning\nrules: {}\n', 'a.md': DRAFTS.clean })
    const r = claimlint(['a.md'], { cwd: dir })
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/\.claimlintrc\.yaml:[34]:\d+: YAML: /)
    expect(r.stdout).toBe('')
  })

  it('an unknown key, named', () => {
    const dir = project({ [RC]: 'categories:\n  hype: warning\nseverity: high\n', 'a.md': DRAFTS.clean })
    const r = claimlint(['a.md'], { cwd: dir })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('.claimlintrc.yaml:3:1: unknown key "severity"')
  })

  it('an unknown category and a bad level', () => {
    const dir = project({ [RC]: 'categories:\n  hype: loud\n  hyperbole: off\n', 'a.md': DRAFTS.clean })
    const r = claimlint(['a.md'], { cwd: dir })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('.claimlintrc.yaml:2:9: categories.hype: must be one of')
    expect(r.stderr).toContain('.claimlintrc.yaml:3:3: categories: unknown category "hyperbole"')
  })

  it('an unknown rule id, named', () => {
    const dir = project({ [RC]: 'rules:\n  hype/not-a-real-rule: off\n', 'a.md': DRAFTS.clean })
    const r = claimlint(['a.md'], { cwd: dir })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('.claimlintrc.yaml:2:3: rules: unknown rule "hype/not-a-real-rule"')
  })

  it('a --config file that does not exist', () => {
    const dir = project({ 'a.md': DRAFTS.clean })
    const r = claimlint(['--config', 'missing.yaml', 'a.md'], { cwd: dir })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('missing.yaml')
  })
})

describe('severity settings', () => {
  it('category "off" removes its findings', () => {
    const dir = project({ 'a.md': DRAFTS.hype })
    const before = json(claimlint(['a.md', '--format', 'json'], { cwd: dir }))[0].findings
    expect(before.map((f) => f.category)).toContain('hype')
    const withRc = project({ [RC]: 'categories:\n  hype: off\n', 'a.md': DRAFTS.hype })
    const after = json(claimlint(['a.md', '--format', 'json'], { cwd: withRc }))[0].findings
    expect(after.map((f) => f.category)).not.toContain('hype')
  })

  it('a category level applies to its findings', () => {
    const dir = project({ [RC]: 'categories:\n  hype: error\n', 'a.md': DRAFTS.hype })
    const r = claimlint(['a.md', '--format', 'json'], { cwd: dir })
    expect(r.status).toBe(1)
    const hype = json(r)[0].findings.filter((f) => f.category === 'hype')
    expect(hype.length).toBeGreaterThan(0)
    for (const f of hype) expect(f.severity).toBe('error')
  })

  it('a rule level overrides the default and the category', () => {
    const plain = project({ 'a.md': DRAFTS.hype })
    const ruleId = json(claimlint(['a.md', '--format', 'json'], { cwd: plain }))[0].findings.find((f) => f.category === 'hype')!.ruleId
    const dir = project({ [RC]: `categories:\n  hype: info\nrules:\n  ${ruleId}: error\n`, 'a.md': DRAFTS.hype })
    const r = claimlint(['a.md', '--format', 'json'], { cwd: dir })
    expect(r.status).toBe(1)
    expect(json(r)[0].findings.find((f) => f.ruleId === ruleId)?.severity).toBe('error')

    const off = project({ [RC]: `rules:\n  ${ruleId}: off\n`, 'a.md': DRAFTS.hype })
    const offFindings = json(claimlint(['a.md', '--format', 'json'], { cwd: off }))[0].findings
    expect(offFindings.map((f) => f.ruleId)).not.toContain(ruleId)
  })

  it('is found by walking up from the draft, and --config overrides discovery', () => {
    const dir = project({
      [RC]: 'categories:\n  hype: off\n',
      'docs/deep/a.md': DRAFTS.hype,
      'other/strict.yaml': 'categories:\n  hype: error\n',
    })
    expect(claimlint(['docs/deep/a.md'], { cwd: dir }).status).toBe(0)
    const strict = claimlint(['--config', 'other/strict.yaml', 'docs/deep/a.md', '--format', 'json'], { cwd: dir })
    expect(strict.status).toBe(1)
    expect(json(strict)[0].findings.some((f) => f.category === 'hype' && f.severity === 'error')).toBe(true)
  })

  it('accepts .claimlintrc.yml', () => {
    const dir = project({ '.claimlintrc.yml': 'categories:\n  hype: error\n', 'a.md': DRAFTS.hype })
    expect(claimlint(['a.md'], { cwd: dir }).status).toBe(1)
  })

  it('each draft uses its own nearest config', () => {
    const dir = project({ 'strict/.claimlintrc.yaml': 'categories:\n  hype: error\n', 'strict/a.md': DRAFTS.hype, 'lax/a.md': DRAFTS.hype })
    const out = json(claimlint(['strict/a.md', 'lax/a.md', '--format', 'json'], { cwd: dir }))
    const sev = (i: number) => out[i].findings.find((f) => f.category === 'hype')?.severity
    expect(sev(0)).toBe('error')
    expect(sev(1)).toBe('warning')
  })
})

describe('extra packs from the config', () => {
  const draft = 'The waiting room is sparkly.\n'

  it('load relative to the config file and add their rules', () => {
    const dir = project({ [RC]: 'packs:\n  - packs\n', 'packs/sparkle.yaml': SPARKLE_PACK, 'notes/a.md': draft })
    const r = claimlint(['a.md', '--format', 'json'], { cwd: `${dir}/notes` })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(1)
    expect(json(r)[0].findings.map((f) => f.ruleId)).toContain('hype/sparkle')
  })

  it('a pack with bad YAML is reported at its file and line', () => {
    const broken = SPARKLE_PACK.replace('      - "sparkly|sparkling"', '      - "sparkly|sparkling"\n     - [oops')
    const dir = project({ [RC]: 'packs: [packs/sparkle.yaml]\n', 'packs/sparkle.yaml': broken, 'a.md': draft })
    const r = claimlint(['a.md'], { cwd: dir })
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/packs[\\/]sparkle\.yaml:1[01]:\d+: YAML: /)
    expect(r.stdout).toBe('')
  })

  it('a pack that fails the schema is reported at the offending line, naming the key', () => {
    const broken = SPARKLE_PACK.replace('    severity: error', '    severity: loud')
    const dir = project({ [RC]: 'packs: [packs]\n', 'packs/sparkle.yaml': broken, 'a.md': draft })
    const r = claimlint(['a.md'], { cwd: dir })
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/packs[\\/]sparkle\.yaml:6:\d+: .*severity/)
  })

  it('a pack path that does not exist points at the config line', () => {
    const dir = project({ [RC]: 'packs:\n  - packs/nope.yaml\n', 'a.md': draft })
    const r = claimlint(['a.md'], { cwd: dir })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('.claimlintrc.yaml:2:5: packs[0]:')
  })
})

describe('reviewers\' dismissals in the CLI', () => {
  it('honours .claimlint/reviews.yaml and exits 2 on a broken one', async () => {
    const { mkdtempSync, writeFileSync, mkdirSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const { spawnSync } = await import('node:child_process')
    const { addDismissal, dismissalFor, reviewsPath } = await import('../../server/src/engine/reviews.js')
    const { lint } = await import('../../server/src/engine/lint.js')
    const dir = mkdtempSync(join(tmpdir(), 'claimlint-cli-reviews-'))
    mkdirSync(join(dir, 'drafts'))
    const text = 'TMS is a groundbreaking treatment.\n'
    writeFileSync(join(dir, 'drafts', 'tms.md'), text)
    const bin = join(process.cwd(), 'bin', 'claimlint.js')
    const run = () => spawnSync(process.execPath, [bin, 'drafts/tms.md', '--format', 'json'], { cwd: dir, encoding: 'utf8' })
    expect(JSON.parse(run().stdout)[0].findings.map((f: { ruleId: string }) => f.ruleId)).toContain('hype/superlative')
    const f = lint(text).find((x) => x.ruleId === 'hype/superlative')!
    addDismissal(reviewsPath(dir), dismissalFor(f, text, 'drafts/tms.md', 'maker quote', 'Dr. R', '2026-11-23'))
    expect(JSON.parse(run().stdout)[0].findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('hype/superlative')
    writeFileSync(reviewsPath(dir), 'version: 1\ndismissals: {}\n')
    const broken = run()
    expect(broken.status).toBe(2)
    expect(broken.stderr).toMatch(/reviews\.yaml:2:\d+.*must be a list/)
  })
})
