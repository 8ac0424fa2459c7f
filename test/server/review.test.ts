// The whole-draft review in the editor, over the real protocol: document
// findings are diagnostics at the place their fix belongs, with hover text and
// code actions that apply docFixes' edits for the version they were listed
// for; after an edit the review runs again once the draft is idle, and until
// then its findings are carried past the edit; `review:` in .claimlintrc.yaml
// turns checks off, also while the draft is open.
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CodeAction, Diagnostic, PublishDiagnosticsParams, TextDocumentEdit } from 'vscode-languageserver-protocol'
import { claimDiagnostics, DRAFTS, rangeText, TestClient } from './client.js'
import { BALANCE, NO_RISKS } from '../review/helpers.js'
import { parse } from 'yaml'

// Each test starts a real server process; these are ceilings for waiting, not speed checks.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 })

let client: TestClient | undefined
afterEach(async () => {
  await client?.stop()
  client = undefined
})

const REVIEW_KIND = 'quickfix.claimlint.review'

const codes = (p: { diagnostics: Diagnostic[] }): string[] => p.diagnostics.map((d) => String(d.code))
const reviewDiagnostics = (ds: Diagnostic[]): Diagnostic[] => ds.filter((d) => (d.data as { review?: boolean } | undefined)?.review === true)

async function openAndLint(c: TestClient, rel: string, text: string): Promise<{ uri: string; p: PublishDiagnosticsParams }> {
  const uri = c.open(rel, text)
  return { uri, p: await c.waitForDiagnostics(uri, (d) => d.version === 1) }
}

describe('review diagnostics', () => {
  it('flags benefits without risks at the benefits heading; the code action inserts a risks section; the next review no longer flags it', async () => {
    client = await TestClient.start()
    const { uri, p } = await openAndLint(client, 'drafts/ketamine.md', NO_RISKS)
    // A small draft is reviewed with its first lint: one publication has both.
    const d = p.diagnostics.find((x) => x.code === BALANCE)!
    expect(d).toBeDefined()
    expect(rangeText(NO_RISKS, d.range)).toBe('## How ketamine can help')
    expect(d.severity).toBe(2) // Warning
    expect(d.source).toBe('claimlint review')
    expect(d.codeDescription?.href).toMatch(/docs\/rules\/review\.md#balance-benefits-without-risks$/)
    expect(d.data).toMatchObject({ review: true, ruleId: BALANCE, category: 'balance', version: 1 })
    const data = d.data as { start: number; end: number }
    expect(NO_RISKS.slice(data.start, data.end)).toBe('## How ketamine can help')
    expect(claimDiagnostics(p.diagnostics).length).toBeGreaterThan(0)

    // Hover over the heading: the check, the message, the fix on offer.
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: d.range.start.line, character: 4 } })
    expect(hover!.contents.value).toContain(`\`${BALANCE}\``)
    expect(hover!.contents.value).toContain(d.message)
    expect(hover!.contents.value).toContain('**Quick fix:** Add a "Risks and side effects" section')

    const actions = await client.codeActions(uri, d.range, [d])
    const action = actions.find((a) => a.kind === REVIEW_KIND && a.title.includes('Risks and side effects'))!
    expect(action).toBeDefined()
    expect(action.edit).toBeUndefined()
    expect(action.data).toMatchObject({ action: 'review', uri, version: 1, ruleId: BALANCE, fix: 'risks-section' })
    expect(action.diagnostics?.[0].code).toBe(BALANCE)

    const resolved = await client.resolve(action)
    expect(resolved.disabled).toBeUndefined()
    expect((resolved.edit!.documentChanges![0] as TextDocumentEdit).textDocument).toEqual({ uri, version: 1 })
    const mark = client.mark()
    const after = client.applyEdit(resolved.edit!).get(uri)!
    expect(after).toContain('## Risks and side effects')
    expect(after).toMatch(/^\[\^short2018\]: Short B/m)
    // The first publication for the edit carries the heading's finding over (it is before the edit)...
    const carried = await client.waitForDiagnostics(uri, (x) => x.version === 2, mark)
    expect(codes(carried)).toContain(BALANCE)
    expect(rangeText(after, carried.diagnostics.find((x) => x.code === BALANCE)!.range)).toBe('## How ketamine can help')
    // ...until the draft has been idle and is reviewed again.
    const reviewed = await client.waitForDiagnostics(uri, (x) => x.version === 2 && !codes(x).includes(BALANCE), mark)
    expect(claimDiagnostics(reviewed.diagnostics).length).toBeGreaterThan(0)

    // The action listed for version 1 is refused now.
    const stale = await client.resolve(action)
    expect(stale.edit).toBeUndefined()
    expect(stale.disabled?.reason).toBe('The draft changed; ask for fixes again.')
  })

  it('offers "Last reviewed" for an undated draft, and carries findings past an edit above them', async () => {
    client = await TestClient.start()
    const text = `# Clinic hours\n\n${DRAFTS.clean}\n`
    const { uri, p } = await openAndLint(client, 'hours.md', text)
    const d = p.diagnostics.find((x) => x.code === 'currency/no-date')!
    expect(rangeText(text, d.range)).toBe('# Clinic hours')
    // Only review actions: the claim quick fixes are asked for elsewhere.
    const actions: CodeAction[] = await client.codeActions(uri, d.range, [d], [REVIEW_KIND])
    expect(actions.map((a) => a.kind)).toEqual(actions.map(() => REVIEW_KIND))
    const date = actions.find((a) => (a.data as { fix?: string }).fix === 'review-date')!
    expect(date.title).toMatch(/^Add "Last reviewed: \d{4}-\d{2}-\d{2}"$/)
    const resolved = await client.resolve(date)
    const mark = client.mark()
    const after = client.applyEdit(resolved.edit!).get(uri)!
    expect(after).toMatch(/^# Clinic hours\n\nLast reviewed: \d{4}-\d{2}-\d{2}\n/)
    await client.waitForDiagnostics(uri, (x) => x.version === 2 && !codes(x).includes('currency/no-date') && codes(x).includes('sources/none'), mark)

    // A line typed above the title: the carried-over findings move down with it.
    const mark3 = client.mark()
    const v3 = client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'Draft for the front desk\n\n' }])
    const carried = await client.waitForDiagnostics(uri, (x) => x.version === v3, mark3)
    const author = carried.diagnostics.find((x) => x.code === 'currency/no-author')!
    expect(author.range.start.line).toBe(2)
    expect(rangeText(client.text(uri), author.range)).toBe('# Clinic hours')
  })
})

describe('decisions on review findings', () => {
  it('dismisses a review finding with a reason through the command: reviews.yaml is written, the finding goes, the claims stay', async () => {
    client = await TestClient.start()
    const { uri, p } = await openAndLint(client, 'drafts/ketamine.md', NO_RISKS)
    const d = p.diagnostics.find((x) => x.code === BALANCE)!
    const actions = await client.codeActions(uri, d.range, [d], ['quickfix.claimlint.dismiss'])
    const action = actions.find((a) => (a.data as { ruleId?: string }).ruleId === BALANCE)!
    expect(action.title).toBe(`Dismiss ${BALANCE} as reviewed`)
    const resolved = await client.resolve(action)
    expect(resolved.disabled).toBeUndefined()
    expect(resolved.command?.command).toBe('claimlint.dismiss')

    const mark = client.mark()
    const args = resolved.command!.arguments![0] as Record<string, unknown>
    const result = await client.request<{ dismissed: boolean; path: string }>('workspace/executeCommand', { command: 'claimlint.dismiss', arguments: [{ ...args, reason: 'Risks are on the consent form' }] })
    expect(result.dismissed).toBe(true)
    const after = await client.waitForDiagnostics(uri, (x) => !codes(x).includes(BALANCE), mark)
    expect(claimDiagnostics(after.diagnostics)).toEqual(claimDiagnostics(p.diagnostics))
    const entry = (parse(client.read('.claimlint/reviews.yaml')) as { dismissals: Array<Record<string, string>> }).dismissals[0]
    expect(entry).toMatchObject({ rule: BALANCE, file: 'drafts/ketamine.md', claim: '## How ketamine can help', reason: 'Risks are on the consent form' })

    // Another draft with the same text is not covered by it.
    const other = await openAndLint(client, 'drafts/other.md', NO_RISKS)
    expect(codes(other.p)).toContain(BALANCE)
  })

  it('a suppression comment typed into the draft removes a review finding once the draft is reviewed again', async () => {
    client = await TestClient.start()
    const { uri, p } = await openAndLint(client, 'k.md', NO_RISKS)
    expect(codes(p)).toContain(BALANCE)
    const mark = client.mark()
    client.replaceAll(uri, NO_RISKS.replace('## How ketamine can help', '<!-- claimlint-disable-next-line balance -- risks are on the consent form -->\n## How ketamine can help'))
    const quiet = await client.waitForDiagnostics(uri, (x) => x.version === 2 && !codes(x).includes(BALANCE), mark)
    expect(claimDiagnostics(quiet.diagnostics).length).toBeGreaterThan(0)
  })
})

describe('review settings', () => {
  it('a check turned off in .claimlintrc.yaml gives nothing; the others still run', async () => {
    client = await TestClient.start({ files: { '.claimlintrc.yaml': 'review:\n  checks:\n    balance: false\n' } })
    const { p } = await openAndLint(client, 'k.md', NO_RISKS)
    expect(codes(p)).not.toContain(BALANCE)
    expect(claimDiagnostics(p.diagnostics).length).toBeGreaterThan(0)
    const { p: bare } = await openAndLint(client, 'bare.md', `${DRAFTS.clean}\n`)
    expect(codes(bare)).toContain('currency/no-date')
  })

  it('turning the review off while a draft is open removes its findings at the next lint', async () => {
    client = await TestClient.start()
    const { uri, p } = await openAndLint(client, 'k.md', NO_RISKS)
    expect(reviewDiagnostics(p.diagnostics).map((d) => d.code)).toContain(BALANCE)
    const claims = codes({ diagnostics: claimDiagnostics(p.diagnostics) })
    const mark = client.mark()
    const off = ['balance', 'off-label', 'options', 'sources', 'currency', 'readability'].map((c) => `    ${c}: off`).join('\n')
    client.write('.claimlintrc.yaml', `review:\n  checks:\n${off}\n`)
    client.filesChanged([{ rel: '.claimlintrc.yaml', type: 1 }])
    const after = await client.waitForDiagnostics(uri, () => true, mark)
    expect(reviewDiagnostics(after.diagnostics)).toEqual([])
    expect(codes(after)).toEqual(claims)
  })
})

describe('pull diagnostics', () => {
  it('include the review findings', async () => {
    client = await TestClient.start({ pull: true })
    const uri = client.open('k.md', NO_RISKS)
    const report = await client.pull(uri)
    const d = report.items.find((x) => x.code === BALANCE)!
    expect(rangeText(NO_RISKS, d.range)).toBe('## How ketamine can help')
    expect(d.data).toMatchObject({ review: true, version: 1 })
  })
})
