// claimlint/reviewReport over the real protocol: the review report for an
// open draft as the editor holds it (what VS Code's "claimlint: Open review
// report" shows), kept in step with edits, the same page `claimlint report`
// writes, a CSP nonce for webviews, clear errors, and the workspace variant.
import { spawnSync } from 'node:child_process'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { TestClient, repo } from './client.js'
import { join } from 'node:path'

// Each test starts a real server process; these are ceilings for waiting, not speed checks.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 })

let client: TestClient | undefined
afterEach(async () => {
  await client?.stop()
  client = undefined
})

const METHOD = 'claimlint/reviewReport'
/** Sentence-rule categories; document checks have categories of their own. */
const CLAIM_CATEGORIES = ['efficacy', 'safety', 'regulatory', 'comparative', 'absolute', 'statistic', 'anecdote', 'hype', 'fact']
const HYPE = 'TMS is a groundbreaking treatment.'
const DRAFT = `# Ketamine for PTSD

Ketamine is FDA-approved for PTSD. ${HYPE}

Ketamine has minimal side effects.
`

interface Report {
  html: string
  version: number | null
  drafts: number
  findings: number
}

const report = (c: TestClient, params: Record<string, unknown>): Promise<Report> => c.request<Report>(METHOD, params)

/** The <section class="card draft"> of each draft in the page. */
const sections = (html: string): string[] => html.match(/<section class="card draft"[\s\S]*?<\/section>/g) ?? []
/** Rule ids of the rows of one table (claims or document) in a draft's section. */
const rows = (section: string, table: 'claims' | 'document'): Array<{ rule: string; severity: string }> => {
  const body = section.match(new RegExp(`<table class="${table}">[\\s\\S]*?</table>`))?.[0] ?? ''
  return [...body.matchAll(/<tr data-rule="([^"]+)" data-severity="([^"]+)">/g)].map((m) => ({ rule: m[1], severity: m[2] }))
}
const scoreOf = (section: string): number => Number(section.match(/data-score="(\d+)"/)?.[1])
/** 100 less 10 per error, 4 per warning and 1 per note, as the README states it. */
const expectedScore = (findings: Array<{ severity: string }>): number =>
  Math.max(0, 100 - findings.reduce((n, f) => n + ({ error: 10, warning: 4, info: 1 } as Record<string, number>)[f.severity], 0))

describe('claimlint/reviewReport for an open draft', () => {
  it("reports the editor's text: findings, score and chart, and follows an edit", async () => {
    client = await TestClient.start()
    const uri = client.open('drafts/ketamine.md', DRAFT)
    const published = await client.waitForDiagnostics(uri, (d) => d.version === 1)

    const first = await report(client, { uri })
    expect(first.version).toBe(1)
    expect(first.drafts).toBe(1)
    const [section] = sections(first.html)
    expect(section).toContain('data-file="drafts/ketamine.md"')
    // The claims are the server's own lint of this version: the claim diagnostics it published.
    const claims = rows(section, 'claims')
    const claimDiagnostics = published.diagnostics.map((d) => String(d.code)).filter((code) => CLAIM_CATEGORIES.includes(code.split('/')[0]))
    expect(claims.map((r) => r.rule).sort()).toEqual(claimDiagnostics.sort())
    expect(claims.map((r) => r.rule)).toEqual(expect.arrayContaining(['regulatory/ketamine-approved-off-label', 'hype/superlative', 'safety/minimal-side-effects']))
    const all = [...claims, ...rows(section, 'document')]
    expect(first.findings).toBe(all.length)
    expect(scoreOf(section)).toBe(expectedScore(all))
    // The chart has a bar per category with findings, its total the number of rows in that category.
    expect(section).toContain('<svg class="chart"')
    for (const category of ['regulatory', 'hype', 'safety']) {
      const total = all.filter((r) => r.rule.startsWith(`${category}/`)).length
      expect(section).toContain(`data-category="${category}" data-total="${total}"`)
    }
    expect(section).toContain(HYPE)

    // Edit (no wait for the lint): the report is made from the new version.
    const line = 2
    const character = client.text(uri).split('\n')[line].indexOf(` ${HYPE}`)
    const v2 = client.change(uri, [{ range: { start: { line, character }, end: { line, character: character + HYPE.length + 1 } }, text: '' }])
    expect(client.text(uri)).not.toContain(HYPE)
    const second = await report(client, { uri })
    expect(second.version).toBe(v2)
    const [after] = sections(second.html)
    const claimsAfter = rows(after, 'claims').map((r) => r.rule)
    expect(claimsAfter).not.toContain('hype/superlative')
    expect(claimsAfter).toContain('regulatory/ketamine-approved-off-label')
    expect(after).not.toContain(HYPE)
    expect(after).not.toContain('data-category="hype"')
    // One warning fewer: 4 points more.
    expect(scoreOf(after)).toBe(scoreOf(section) + 4)
  })

  it('is the page `claimlint report` writes for the same draft and config', async () => {
    // A config that changes the review (reading grade) and a severity: both must apply as the CLI applies them.
    client = await TestClient.start({ files: { '.claimlintrc.yaml': 'categories:\n  hype: error\nreview:\n  readingGrade: 4\n' } })
    client.write('ketamine.md', DRAFT)
    const uri = client.open('ketamine.md', DRAFT)
    const lsp = await report(client, { uri })
    const cli = spawnSync(process.execPath, [join(repo, 'bin', 'claimlint.js'), 'report', 'ketamine.md'], { cwd: client.root, encoding: 'utf8' })
    expect(cli.status, cli.stderr).toBe(0)
    const [fromServer] = sections(lsp.html)
    const [fromCli] = sections(cli.stdout)
    expect(fromServer).toContain('<dd>4 or below (Flesch-Kincaid)')
    expect(rows(fromServer, 'claims').find((r) => r.rule === 'hype/superlative')?.severity).toBe('error')
    expect(fromServer).toBe(fromCli)
    // Without a nonce the whole page is the CLI's, CSP included.
    expect(lsp.html.match(/<meta http-equiv="Content-Security-Policy"[^>]*>/)?.[0]).toBe(cli.stdout.match(/<meta http-equiv="Content-Security-Policy"[^>]*>/)?.[0])
  })

  it('puts a webview nonce on the script and in the CSP, and refuses a malformed one', async () => {
    client = await TestClient.start()
    const uri = client.open('n.md', DRAFT)
    const nonce = 'q3XbT0f9cQm2Lw8sV1yR4A=='
    const { html } = await report(client, { uri, nonce })
    const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/)?.[1] ?? ''
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain(`script-src 'nonce-${nonce}'`)
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1])
    expect(scripts).toEqual([` nonce="${nonce}"`])
    // Nothing is loaded from anywhere.
    expect(html).not.toMatch(/<(link|img|iframe)\b|\bsrc=/)
    await expect(report(client, { uri, nonce: `x' 'unsafe-eval` })).rejects.toThrow(/nonce/)
  })

  it('answers a draft that is not open with a clear error', async () => {
    client = await TestClient.start({ files: { 'on-disk.md': DRAFT } })
    await expect(report(client, { uri: client.uri('on-disk.md') })).rejects.toThrow(/on-disk\.md is not open in the editor/)
    await expect(report(client, { uri: 'file:///nowhere/never.md' })).rejects.toThrow(/not open/)
    const uri = client.open('closed.md', DRAFT)
    await report(client, { uri })
    client.close(uri)
    await expect(report(client, { uri })).rejects.toThrow(/closed\.md is not open/)
    await expect(report(client, {})).rejects.toThrow(/needs \{ uri \} or \{ workspace: true \}/)
  })

  it('says so when checking is turned off instead of showing a clean report', async () => {
    client = await TestClient.start({ settings: { enable: false } })
    const uri = client.open('off.md', DRAFT)
    await expect(report(client, { uri })).rejects.toThrow(/turned off/)
  })
})

describe('claimlint/reviewReport for the workspace', () => {
  it('covers the drafts on disk and open drafts as edited, one section each, with an overview', async () => {
    client = await TestClient.start({ files: { 'a.md': `${HYPE}\n`, 'notes/b.txt': 'Ketamine is FDA-approved for PTSD.\n', 'node_modules/x/readme.md': `${HYPE}\n` } })
    // Open and edited, not saved: the report has the editor's text.
    const uri = client.open('a.md', `${HYPE}\n`)
    client.replaceAll(uri, 'Our clinic is open on weekdays.\n')
    client.open('unsaved.md', 'Ketamine has minimal side effects.\n')
    const r = await report(client, { workspace: true })
    expect(r.version).toBeNull()
    const files = sections(r.html).map((s) => s.match(/data-file="([^"]+)"/)?.[1])
    expect(files).toEqual(['a.md', 'notes/b.txt', 'unsaved.md'])
    expect(r.drafts).toBe(3)
    const [a, b, unsaved] = sections(r.html)
    expect(rows(a, 'claims')).toEqual([])
    expect(rows(b, 'claims').map((x) => x.rule)).toContain('regulatory/ketamine-approved-off-label')
    expect(rows(unsaved, 'claims').map((x) => x.rule)).toContain('safety/minimal-side-effects')
    expect(r.html).toContain('<table class="sortable" id="overview-table">')
    expect(r.html.match(/<tr data-file="/g)).toHaveLength(3)
  })
})
