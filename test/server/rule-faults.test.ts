// The language server over its real stdio transport, started with a rule made
// to throw (CLAIMLINT_FAULT_RULE): every other rule's diagnostics still come,
// through opening, typing, a second draft and a workspace check, and the
// failure is shown exactly once (one error message, one log line) for the
// whole session. Without the switch the rule's diagnostics are there.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { TestClient } from './client.js'
import { CATEGORIES } from '../../server/src/engine/types.js'

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 })

const FAULTY = 'hype/superlative'
const DRAFT = '# Ketamine for PTSD\n\nKetamine is FDA-approved for PTSD. It is a groundbreaking treatment.\n\nKetamine is safe and has minimal side effects.\n'

let client: TestClient | undefined
afterEach(async () => {
  await client?.stop()
  client = undefined
  delete process.env.CLAIMLINT_FAULT_RULE
})

/** The server inherits this process's environment. */
async function start(faultRule: string | undefined, files: Record<string, string> = {}): Promise<TestClient> {
  if (faultRule === undefined) delete process.env.CLAIMLINT_FAULT_RULE
  else process.env.CLAIMLINT_FAULT_RULE = faultRule
  try {
    return await TestClient.start({ files })
  } finally {
    delete process.env.CLAIMLINT_FAULT_RULE
  }
}

// Claim rules only: whole-draft review findings are computed from the claims, so they may change with them.
const isClaim = (code: string): boolean => (CATEGORIES as readonly string[]).includes(code.split('/')[0])
const codes = (p: { diagnostics: Array<{ code?: string | number }> }): string[] =>
  p.diagnostics
    .map((d) => String(d.code))
    .filter(isClaim)
    .sort()

describe('a rule that throws, in the language server', () => {
  it('keeps the other diagnostics and reports the rule once across edits, drafts and a workspace check', async () => {
    const normal = await start(undefined)
    const nuri = normal.open('drafts/a.md', DRAFT)
    const expected = codes(await normal.waitForDiagnostics(nuri, (d) => d.version === 1))
    expect(expected).toContain(FAULTY)
    await normal.stop()

    client = await start(FAULTY, { 'disk/one.md': DRAFT, 'disk/two.md': `${DRAFT}\nA groundbreaking, revolutionary clinic.\n` })
    const uri = client.open('drafts/a.md', DRAFT)
    const first = await client.waitForDiagnostics(uri, (d) => d.version === 1)
    expect(codes(first)).toEqual(expected.filter((c) => c !== FAULTY))

    // Typing: new hype sentences (the rule fails on each), then an unrelated claim.
    let v = client.change(uri, [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: '\nA revolutionary, groundbreaking clinic.\n' }])
    await client.waitForDiagnostics(uri, (d) => d.version === v)
    v = client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'Ketamine cures depression.\n\n' }])
    const later = await client.waitForDiagnostics(uri, (d) => d.version === v)
    expect(codes(later)).toContain('absolute/cure')
    expect(codes(later)).not.toContain(FAULTY)
    expect(codes(later)).toContain('regulatory/ketamine-approved-off-label')

    // A second open draft, and the drafts on disk through the workspace check.
    const other = client.open('drafts/b.txt', 'TMS is a groundbreaking treatment. Ketamine is FDA-approved for PTSD.\n', 'plaintext')
    const p = await client.waitForDiagnostics(other, (d) => d.version === 1)
    expect(codes(p)).toEqual(['regulatory/approval-claim', 'regulatory/ketamine-approved-off-label'])
    const checked = await client.request<{ files: number; findings: number }>('claimlint/checkWorkspace', {})
    expect(checked.files).toBeGreaterThanOrEqual(2)

    const aboutRule = (m: { message: string }): boolean => m.message.includes(FAULTY)
    await client.waitFor('the rule failure message', () => client!.messages.some(aboutRule))
    // One more round trip, so that anything still queued has arrived.
    await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } })
    const shown = client.messages.filter(aboutRule)
    expect(shown).toHaveLength(1)
    expect(shown[0].type).toBe(1) // Error
    expect(shown[0].message).toMatch(/hype\.yaml: rule hype\/superlative failed and was skipped \(injected fault\)/)
    expect(client.logs.filter(aboutRule)).toHaveLength(1)
    // The server is still well.
    expect(client.exitCode).toBeNull()
    expect(client.serverStderr).not.toMatch(/injected fault/)
  })

  it('a rule id that does not exist changes nothing', async () => {
    client = await start('hype/no-such-rule')
    const uri = client.open('a.md', DRAFT)
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 1)
    expect(codes(p)).toContain(FAULTY)
    expect(client.messages).toEqual([])
  })
})
