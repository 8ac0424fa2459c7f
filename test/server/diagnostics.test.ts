// Diagnostics over the real protocol: push (publishDiagnostics) and pull
// (textDocument/diagnostic), Markdown and plain text, exact ranges, severities,
// codes, documentation links and data; edits re-lint as they are typed.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DRAFTS, rangeText, TestClient, claimDiagnostics } from './client.js'

// Each test starts a real server process; these are ceilings for waiting, not speed checks.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 })

const DRAFT = `# Ketamine for PTSD\n\n${DRAFTS.regulatory} ${DRAFTS.hype}\n\n${DRAFTS.efficacy}\n\n${DRAFTS.clean}\n`

let client: TestClient | undefined
afterEach(async () => {
  await client?.stop()
  client = undefined
})

describe('push diagnostics', () => {
  it('publishes diagnostics for an open Markdown draft with exact ranges and offsets', async () => {
    client = await TestClient.start()
    expect(client.initializeResult.capabilities.diagnosticProvider).toBeUndefined()
    const uri = client.open('drafts/ketamine.md', DRAFT)
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 1)
    const byCode = new Map(p.diagnostics.map((d) => [d.code, d]))
    const reg = byCode.get('regulatory/ketamine-approved-off-label')
    expect(reg).toBeDefined()
    expect(reg!.severity).toBe(1) // Error
    expect(reg!.source).toBe('claimlint')
    expect(rangeText(DRAFT, reg!.range)).toBe('Ketamine is FDA-approved for PTSD')
    expect(reg!.codeDescription?.href).toMatch(/^file:\/\/.*docs\/rules\/regulatory\/ketamine-approved-off-label\.md$/)
    const hype = byCode.get('hype/superlative')
    expect(hype!.severity).toBe(2) // Warning
    expect(rangeText(DRAFT, hype!.range)).toBe('groundbreaking')
    const data = hype!.data as Record<string, unknown>
    // Only the offsets: every keystroke resends every diagnostic, the rule id is the code and the version the publish's.
    expect(Object.keys(data).sort()).toEqual(['end', 'start'])
    expect(DRAFT.slice(data.start as number, data.end as number)).toBe('groundbreaking')
    expect(byCode.has('efficacy/works-claim')).toBe(true)
    // The clean sentence is not flagged (by a claim rule: review findings are about the whole draft).
    const clean = DRAFT.indexOf(DRAFTS.clean)
    for (const d of claimDiagnostics(p.diagnostics)) expect(rangeText(DRAFT, d.range)).not.toContain('clinic')
    expect(clean).toBeGreaterThan(0)
  })

  it('lints a plain-text draft (languageId plaintext)', async () => {
    client = await TestClient.start()
    const text = `KETAMINE AND PTSD\n\n${DRAFTS.regulatory}\n${DRAFTS.clean}\n`
    const uri = client.open('notes.txt', text, 'plaintext')
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 1)
    expect(p.diagnostics.map((d) => d.code)).toContain('regulatory/ketamine-approved-off-label')
    const d = p.diagnostics.find((x) => x.code === 'regulatory/ketamine-approved-off-label')!
    expect(rangeText(text, d.range)).toBe('Ketamine is FDA-approved for PTSD')
    expect(d.range.start.line).toBe(2)
  })

  it('re-lints unsaved edits and publishes for the new version only', async () => {
    client = await TestClient.start()
    const uri = client.open('draft.md', `${DRAFTS.clean}\n`)
    const first = await client.waitForDiagnostics(uri, (d) => d.version === 1)
    expect(claimDiagnostics(first.diagnostics)).toEqual([])
    // Type a claim at the end, in two quick edits.
    client.change(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\nTMS is a ' }])
    const v3 = client.change(uri, [{ range: { start: { line: 2, character: 9 }, end: { line: 2, character: 9 } }, text: 'groundbreaking treatment.\n' }])
    const p = await client.waitForDiagnostics(uri, (d) => d.version === v3)
    expect(claimDiagnostics(p.diagnostics).map((d) => d.code)).toEqual(['hype/superlative'])
    expect(rangeText(client.text(uri), claimDiagnostics(p.diagnostics)[0].range)).toBe('groundbreaking')
    // Every publication names a version the client had; none is for a version older than one already published.
    const versions = client.diagnostics.filter((d) => d.uri === uri).map((d) => d.version!)
    expect([...versions].sort((a, b) => a - b)).toEqual(versions)
  })

  it('clears diagnostics when a draft closes and skips languages not configured', async () => {
    client = await TestClient.start({ settings: { languages: ['markdown'] } })
    const txt = client.open('a.txt', `${DRAFTS.regulatory}\n`, 'plaintext')
    const md = client.open('a.md', `${DRAFTS.regulatory}\n`)
    const pmd = await client.waitForDiagnostics(md, (d) => d.version === 1)
    expect(pmd.diagnostics.length).toBeGreaterThan(0)
    const ptxt = await client.waitForDiagnostics(txt, (d) => d.version === 1)
    expect(ptxt.diagnostics).toEqual([])
    const mark = client.mark()
    client.close(md)
    const closed = await client.waitForDiagnostics(md, () => true, mark)
    expect(closed.diagnostics).toEqual([])
  })
})

describe('lifecycle', () => {
  it('exits with 0 after shutdown and exit', async () => {
    const c = await TestClient.start()
    const uri = c.open('bye.md', `${DRAFTS.hype}\n`)
    await c.waitForDiagnostics(uri, (d) => d.version === 1)
    expect(await c.stop()).toBe(0)
  })
})

describe('pull diagnostics', () => {
  it('answers textDocument/diagnostic when the client supports it, and publishes nothing', async () => {
    client = await TestClient.start({ pull: true })
    expect(client.initializeResult.capabilities.diagnosticProvider).toMatchObject({ interFileDependencies: false })
    const uri = client.open('drafts/ketamine.md', DRAFT)
    const report = await client.pull(uri)
    expect(report.kind).toBe('full')
    const codes = report.items.map((d) => d.code)
    expect(codes).toContain('regulatory/ketamine-approved-off-label')
    expect(codes).toContain('hype/superlative')
    const hype = report.items.find((d) => d.code === 'hype/superlative')!
    expect(rangeText(DRAFT, hype.range)).toBe('groundbreaking')

    // After an edit, a pull reflects the new text.
    client.replaceAll(uri, `${DRAFTS.clean}\n`)
    const after = await client.pull(uri)
    expect(claimDiagnostics(after.items)).toEqual([])
    // The whole-draft review of an edited draft runs once the editing pauses, then asks for a pull.
    await client.waitFor('the review refresh', () => client!.refreshes > 0)
    const reviewed = await client.pull(uri)
    expect(claimDiagnostics(reviewed.items)).toEqual([])
    expect(reviewed.items.map((d) => d.code)).toContain('currency/no-date')
    // Settings changes ask the client to pull again.
    const refreshes = client.refreshes
    client.changeSettings({ severity: { hype: 'off' } })
    await client.waitFor('a diagnostic refresh', () => client!.refreshes > refreshes)
    expect(client.diagnostics).toEqual([])
  })
})
