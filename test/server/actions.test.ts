// Hover and code actions over the real protocol: actions are listed without
// edits, resolved lazily for the version they were listed for, refused once
// the draft changed; soften, disable-line, rule-off and fix-all edits are
// applied by the test (as an editor would) and the result linted again.
import { existsSync } from 'node:fs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CodeAction, Diagnostic, TextDocumentEdit } from 'vscode-languageserver-protocol'
import { DRAFTS, rangeText, TestClient, claimDiagnostics } from './client.js'

// Each test starts a real server process; these are ceilings for waiting, not speed checks.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 })

let client: TestClient | undefined
afterEach(async () => {
  await client?.stop()
  client = undefined
})

async function openAndLint(c: TestClient, rel: string, text: string, languageId = 'markdown'): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  const uri = c.open(rel, text, languageId)
  const p = await c.waitForDiagnostics(uri, (d) => d.version === 1)
  return { uri, diagnostics: p.diagnostics }
}

const byKind = (actions: CodeAction[], kind: string): CodeAction => {
  const a = actions.find((x) => x.kind === kind)
  if (!a) throw new Error(`no ${kind} action among ${actions.map((x) => x.kind).join(', ')}`)
  return a
}

describe('hover', () => {
  it('explains a flagged span: summary, message, why, and the rule page', async () => {
    client = await TestClient.start()
    const text = `# Treatment options\n\n${DRAFTS.hype}\n`
    const { uri, diagnostics } = await openAndLint(client, 'hover.md', text)
    const d = diagnostics.find((x) => x.code === 'hype/superlative')!
    const inside = { line: d.range.start.line, character: d.range.start.character + 3 }
    const hover = await client.request<{ contents: { kind: string; value: string }; range: Diagnostic['range'] } | null>('textDocument/hover', { textDocument: { uri }, position: inside })
    expect(hover).not.toBeNull()
    expect(hover!.contents.kind).toBe('markdown')
    const md = hover!.contents.value
    expect(md).toContain('`hype/superlative`')
    expect(md).toContain(d.message)
    expect(md).toContain('**Why:**')
    expect(md).toMatch(/\[Rule documentation\]\(file:\/\/.*docs\/rules\/hype\/superlative\.md\)/)
    expect(rangeText(text, hover!.range)).toBe('groundbreaking')
    // Nothing to say over clean text (the blank line: the title carries the whole-draft review's findings).
    const none = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 0 } })
    expect(none).toBeNull()
  })
})

describe('code actions', () => {
  it('prefers the evidence-backed rewrite, which lands with its reference in the same edit', async () => {
    client = await TestClient.start()
    const text = `# Ketamine\n\n${DRAFTS.efficacy}\n`
    const { uri, diagnostics } = await openAndLint(client, 'rewrite.md', text)
    const d = diagnostics.find((x) => x.code === 'efficacy/works-claim')!
    const actions = await client.codeActions(uri, d.range, [d])
    const rewrite = byKind(actions, 'quickfix.claimlint.rewrite')
    expect(rewrite.isPreferred).toBe(true)
    expect(actions.filter((a) => a.isPreferred)).toHaveLength(1)
    const resolved = await client.resolve(rewrite)
    const after = client.applyEdit(resolved.edit!).get(uri)!
    expect(after).toContain('In a small trial of 30 adults with long-lasting PTSD')
    expect(after).toMatch(/\[\^feder2021\]\[\^abdallah2022\]/)
    expect(after).toContain('## References')
    expect(after).toMatch(/^\[\^feder2021\]: Feder A\..*doi:10\.1176\/appi\.ajp\.2020\.20050596/m)
    const p = await client.waitForDiagnostics(uri, (x) => x.version === 2)
    expect(p.diagnostics.map((x) => x.code)).not.toContain('efficacy/works-claim')
  })

  it('hover shows what the evidence says, with its sources as links', async () => {
    client = await TestClient.start()
    const { uri, diagnostics } = await openAndLint(client, 'hover-evidence.md', `# Ketamine\n\n${DRAFTS.efficacy}\n`)
    const d = diagnostics.find((x) => x.code === 'efficacy/works-claim')!
    const h = await client.request<{ contents: { kind: string; value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: d.range.start })
    const value = h!.contents.value
    expect(value).toContain('What the evidence says')
    expect(value).toContain('https://doi.org/10.1038/s41386-022-01266-9')
  })

  it('lists the quick fixes without edits and resolves soften to an edit for the listed version', async () => {
    client = await TestClient.start()
    const text = `# Ketamine\n\n${DRAFTS.efficacy}\n`
    const { uri, diagnostics } = await openAndLint(client, 'soften.md', text)
    const d = diagnostics.find((x) => x.code === 'efficacy/works-claim')!
    const actions = await client.codeActions(uri, d.range, [d])
    const kinds = actions.map((a) => a.kind)
    expect(kinds).toEqual(expect.arrayContaining(['quickfix.claimlint.rewrite', 'quickfix.claimlint.soften', 'quickfix.claimlint.cite', 'quickfix.claimlint.disableLine', 'quickfix.claimlint.dismiss', 'quickfix.claimlint.ruleOff']))
    for (const a of actions) expect(a.edit).toBeUndefined()
    const soften = byKind(actions, 'quickfix.claimlint.soften')
    expect(soften.isPreferred).toBe(false)
    expect(soften.data).toMatchObject({ uri, version: 1, ruleId: 'efficacy/works-claim' })

    const resolved = await client.resolve(soften)
    expect(resolved.disabled).toBeUndefined()
    const change = resolved.edit!.documentChanges![0] as TextDocumentEdit
    expect(change.textDocument).toEqual({ uri, version: 1 })
    const after = client.applyEdit(resolved.edit!).get(uri)!
    expect(after).toContain('Ketamine may relieve PTSD symptoms within hours for some people.')
    expect(after).not.toContain(DRAFTS.efficacy)
    const p = await client.waitForDiagnostics(uri, (x) => x.version === 2)
    expect(p.diagnostics.map((x) => x.code)).not.toContain('efficacy/works-claim')
  })

  it('resolves disableLine to a suppression comment above the line that silences the finding', async () => {
    client = await TestClient.start()
    const text = `# Options\n\n${DRAFTS.hype}\n\n${DRAFTS.clean}\n`
    const { uri, diagnostics } = await openAndLint(client, 'disable.md', text)
    const d = diagnostics.find((x) => x.code === 'hype/superlative')!
    const actions = await client.codeActions(uri, d.range, [d], ['quickfix'])
    const resolved = await client.resolve(byKind(actions, 'quickfix.claimlint.disableLine'))
    expect((resolved.edit!.documentChanges![0] as TextDocumentEdit).textDocument.version).toBe(1)
    const after = client.applyEdit(resolved.edit!).get(uri)!
    expect(after).toContain(`<!-- claimlint-disable-next-line hype/superlative -- reason: TODO -->\n${DRAFTS.hype}`)
    const p = await client.waitForDiagnostics(uri, (x) => x.version === 2)
    expect(p.diagnostics.map((x) => x.code)).not.toContain('hype/superlative')
  })

  it('uses the plain-text suppression form in a plain-text draft', async () => {
    client = await TestClient.start()
    const text = `${DRAFTS.clean}\n\n${DRAFTS.hype}\n`
    const { uri, diagnostics } = await openAndLint(client, 'disable.txt', text, 'plaintext')
    const d = diagnostics.find((x) => x.code === 'hype/superlative')!
    const actions = await client.codeActions(uri, d.range, [d])
    const resolved = await client.resolve(byKind(actions, 'quickfix.claimlint.disableLine'))
    const after = client.applyEdit(resolved.edit!).get(uri)!
    expect(after).toContain(`claimlint-disable-next-line hype/superlative -- reason: TODO\n${DRAFTS.hype}`)
    expect(after).not.toContain('<!--')
    const p = await client.waitForDiagnostics(uri, (x) => x.version === 2)
    expect(claimDiagnostics(p.diagnostics)).toEqual([])
  })

  it('refuses to resolve a fix listed for an older version of the draft', async () => {
    client = await TestClient.start()
    const text = `# Options\n\n${DRAFTS.hype}\n`
    const { uri, diagnostics } = await openAndLint(client, 'stale.md', text)
    const d = diagnostics.find((x) => x.code === 'hype/superlative')!
    const actions = await client.codeActions(uri, d.range, [d])
    // The writer types before picking a fix.
    client.change(uri, [{ range: { start: { line: 0, character: 9 }, end: { line: 0, character: 9 } }, text: ' and more' }])
    for (const kind of ['quickfix.claimlint.soften', 'quickfix.claimlint.disableLine', 'quickfix.claimlint.ruleOff']) {
      const resolved = await client.resolve(byKind(actions, kind))
      expect(resolved.edit).toBeUndefined()
      expect(resolved.disabled?.reason).toBe('The draft changed; ask for fixes again.')
    }
    // Asking again gives actions for the new version.
    const fresh = await client.codeActions(uri, { start: { line: 2, character: 9 }, end: { line: 2, character: 9 } })
    expect(byKind(fresh, 'quickfix.claimlint.soften').data).toMatchObject({ version: 2 })
    const ok = await client.resolve(byKind(fresh, 'quickfix.claimlint.soften'))
    expect(ok.edit).toBeDefined()
  })

  it('turns a rule off by creating .claimlintrc.yaml, and re-lints when the file appears', async () => {
    client = await TestClient.start()
    const text = `${DRAFTS.hype}\n`
    const { uri, diagnostics } = await openAndLint(client, 'docs/off.md', text)
    const d = diagnostics.find((x) => x.code === 'hype/superlative')!
    const actions = await client.codeActions(uri, d.range, [d])
    const resolved = await client.resolve(byKind(actions, 'quickfix.claimlint.ruleOff'))
    const changes = resolved.edit!.documentChanges!
    expect(changes[0]).toMatchObject({ kind: 'create', uri: client.uri('.claimlintrc.yaml') })
    expect(existsSync(client.path('.claimlintrc.yaml'))).toBe(false)
    const mark = client.mark()
    client.applyEdit(resolved.edit!)
    expect(client.read('.claimlintrc.yaml')).toMatch(/rules:\n {2}hype\/superlative: off\n/)
    client.filesChanged([{ rel: '.claimlintrc.yaml', type: 1 }])
    const p = await client.waitForDiagnostics(uri, (x) => x.version === 1, mark)
    expect(p.diagnostics.map((x) => x.code)).not.toContain('hype/superlative')

    // With the file there, the next rule-off replaces its content and keeps what it said.
    const text2 = `${DRAFTS.regulatory}\n`
    const other = client.open('other.md', text2)
    const p2 = await client.waitForDiagnostics(other, (x) => x.version === 1)
    const reg = p2.diagnostics.find((x) => x.code === 'regulatory/approval-claim')!
    const offers = (await client.codeActions(other, reg.range, [reg])).filter((a) => a.kind === 'quickfix.claimlint.ruleOff')
    const off2 = await client.resolve(offers.find((a) => (a.data as { ruleId: string }).ruleId === 'regulatory/approval-claim')!)
    const edit2 = off2.edit!.documentChanges![0] as TextDocumentEdit
    expect(edit2.textDocument).toEqual({ uri: client.uri('.claimlintrc.yaml'), version: null })
    client.applyEdit(off2.edit!)
    const config = client.read('.claimlintrc.yaml')
    expect(config).toContain('hype/superlative: off')
    expect(config).toContain('regulatory/approval-claim: off')
  })

  it('offers source.fixAll when safe fixes exist and resolves it', async () => {
    client = await TestClient.start()
    const text = 'TMS is a remarkably effective treatment.\n'
    const { uri } = await openAndLint(client, 'fixall.md', text)
    const actions = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll'])
    expect(actions.map((a) => a.kind)).toEqual(['source.fixAll.claimlint'])
    const resolved = await client.resolve(actions[0])
    const after = client.applyEdit(resolved.edit!).get(uri)!
    // safeFixes drops the promotional adverb (and only that).
    expect(after).toBe('TMS is an effective treatment.\n')
    const p = await client.waitForDiagnostics(uri, (x) => x.version === 2)
    expect(p.diagnostics.map((x) => x.code)).not.toContain('hype/promotional-tone')
  })

  it('survives bad requests: unknown commands, unknown documents and malformed actions', async () => {
    client = await TestClient.start()
    await expect(client.request('workspace/executeCommand', { command: 'claimlint.nope', arguments: [] })).rejects.toThrow(/unknown command/)
    await expect(client.request('workspace/executeCommand', { command: 'claimlint.dismiss', arguments: [{ uri: 42 }] })).rejects.toThrow()
    expect(await client.codeActions(client.uri('missing.md'), { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } })).toEqual([])
    const odd = await client.resolve({ title: 'x', data: { nonsense: true } })
    expect(odd.title).toBe('x')
    // Still serving.
    const uri = client.open('alive.md', `${DRAFTS.hype}\n`)
    const p = await client.waitForDiagnostics(uri, (x) => x.version === 1)
    expect(claimDiagnostics(p.diagnostics).length).toBe(1)
    expect(client.exitCode).toBeNull()
  })
})
