// Settings, configuration files, reviewers' dismissals and the workspace
// check, over the real protocol.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CancellationTokenSource } from 'vscode-jsonrpc/node.js'
import { parse } from 'yaml'
import { DRAFTS, TestClient, claimDiagnostics } from './client.js'

// Each test starts a real server process; these are ceilings for waiting, not speed checks.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 })

let client: TestClient | undefined
afterEach(async () => {
  await client?.stop()
  client = undefined
})

const DRAFT = `# Ketamine\n\n${DRAFTS.regulatory} ${DRAFTS.hype}\n\n${DRAFTS.clean}\n`

describe('settings', () => {
  it('reads claimlint settings through workspace/configuration and re-lints when they change', async () => {
    client = await TestClient.start({ settings: { severity: { regulatory: 'info' } } })
    const uri = client.open('settings.md', DRAFT)
    const first = await client.waitForDiagnostics(uri, (d) => d.version === 1)
    expect(client.configurationRequests).toBeGreaterThan(0)
    const codes = first.diagnostics.map((d) => d.code)
    expect(codes).toContain('hype/superlative')
    // severity.regulatory = info: the error-level rule is shown as information.
    expect(first.diagnostics.find((d) => d.code === 'regulatory/ketamine-approved-off-label')!.severity).toBe(3)

    const mark = client.mark()
    client.changeSettings({ severity: { hype: 'off' } })
    const after = await client.waitForDiagnostics(uri, () => true, mark)
    expect(after.diagnostics.map((d) => d.code)).not.toContain('hype/superlative')
    expect(after.diagnostics.find((d) => d.code === 'regulatory/ketamine-approved-off-label')!.severity).toBe(1)
  })

  it('lets .claimlintrc.yaml win over settings for its workspace', async () => {
    client = await TestClient.start({
      settings: { severity: { hype: 'off' } },
      files: { '.claimlintrc.yaml': 'categories:\n  hype: error\n' },
    })
    const uri = client.open('sub/dir/draft.md', DRAFT)
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 1)
    expect(p.diagnostics.find((d) => d.code === 'hype/superlative')!.severity).toBe(1)
  })

  it('honours claimlint.enable = false', async () => {
    client = await TestClient.start({ settings: { enable: false } })
    const uri = client.open('off.md', DRAFT)
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 1)
    expect(p.diagnostics).toEqual([])
  })

  it('registers watchers for config files, packs and reviews', async () => {
    client = await TestClient.start({ files: { '.claimlintrc.yaml': 'packs:\n  - ./team-pack.yaml\n' } })
    client.open('w.md', DRAFT)
    await client.waitFor('watched-files registration with the pack', () =>
      client!.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles' && JSON.stringify(r.registerOptions).includes('team-pack.yaml')),
    )
    const last = [...client.registrations].reverse().find((r) => r.method === 'workspace/didChangeWatchedFiles')!
    const globs = JSON.stringify(last.registerOptions)
    expect(globs).toContain('**/.claimlintrc.{yaml,yml}')
    expect(globs).toContain('**/.claimlint/reviews.yaml')
  })
})

describe('configuration problems', () => {
  it('shows a malformed .claimlintrc.yaml once, naming file and line, and keeps linting', async () => {
    client = await TestClient.start({ files: { '.claimlintrc.yaml': 'categories:\n  hype: warning\n  nonsense: error\n' } })
    const a = client.open('a.md', DRAFT)
    const b = client.open('b.md', `${DRAFTS.hype}\n`)
    const pa = await client.waitForDiagnostics(a, (d) => d.version === 1)
    await client.waitForDiagnostics(b, (d) => d.version === 1)
    expect(pa.diagnostics.map((d) => d.code)).toContain('regulatory/ketamine-approved-off-label')
    // Lint again (an edit) and check the message is still shown only once.
    const v2 = client.replaceAll(b, `${DRAFTS.hype} ${DRAFTS.clean}\n`)
    await client.waitForDiagnostics(b, (d) => d.version === v2)
    const errors = client.messages.filter((m) => m.type === 1)
    expect(errors).toHaveLength(1)
    expect(errors[0].message).toContain(client.path('.claimlintrc.yaml'))
    expect(errors[0].message).toContain('line 3')
    expect(errors[0].message).toContain('nonsense')
    // The output names file, line and key too.
    expect(client.logs.some((l) => l.message.includes(`${client!.path('.claimlintrc.yaml')}:3:`) && l.message.includes('nonsense'))).toBe(true)
  })

  it('reports a YAML syntax error with its line, and re-reads the file when it changes', async () => {
    client = await TestClient.start({ files: { '.claimlintrc.yaml': 'rules:\n  hype/superlative: off\ncategories: [unclosed\n' } })
    const uri = client.open('y.md', `${DRAFTS.hype}\n`)
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 1)
    // Broken config: the defaults apply, so hype still flags.
    expect(p.diagnostics.map((d) => d.code)).toContain('hype/superlative')
    await client.waitFor('an error message', () => client!.messages.some((m) => m.type === 1))
    expect(client.messages[0].message).toMatch(/\.claimlintrc\.yaml, line \d+/)

    const mark = client.mark()
    client.write('.claimlintrc.yaml', 'rules:\n  hype/superlative: off\n')
    client.filesChanged([{ rel: '.claimlintrc.yaml', type: 2 }])
    const fixed = await client.waitForDiagnostics(uri, () => true, mark)
    expect(claimDiagnostics(fixed.diagnostics)).toEqual([])
    expect(client.messages.filter((m) => m.type === 1)).toHaveLength(1)
  })
})

describe('dismissals', () => {
  it('dismisses a finding through the command: reviews.yaml is written and the diagnostic goes away', async () => {
    client = await TestClient.start()
    const uri = client.open('drafts/dismiss.md', DRAFT)
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 1)
    const d = p.diagnostics.find((x) => x.code === 'hype/superlative')!
    const actions = await client.codeActions(uri, d.range, [d])
    const action = actions.find((a) => a.kind === 'quickfix.claimlint.dismiss')!
    const resolved = await client.resolve(action)
    expect(resolved.edit).toBeUndefined()
    expect(resolved.command?.command).toBe('claimlint.dismiss')

    const mark = client.mark()
    const result = await client.request<{ dismissed: boolean; path: string }>('workspace/executeCommand', resolved.command)
    expect(result.dismissed).toBe(true)
    expect(result.path).toBe(client.path('.claimlint/reviews.yaml'))
    const after = await client.waitForDiagnostics(uri, () => true, mark)
    expect(after.diagnostics.map((x) => x.code)).not.toContain('hype/superlative')
    expect(after.diagnostics.map((x) => x.code)).toContain('regulatory/ketamine-approved-off-label')

    const reviews = parse(client.read('.claimlint/reviews.yaml')) as { version: number; dismissals: Array<Record<string, string>> }
    expect(reviews.dismissals).toHaveLength(1)
    const entry = reviews.dismissals[0]
    expect(entry).toMatchObject({ rule: 'hype/superlative', file: 'drafts/dismiss.md', claim: 'groundbreaking', reason: 'Reviewed: reason not given' })
    expect(entry.sentence).toMatch(/^[0-9a-f]{16}$/)
    expect(entry.by).not.toBe('')
    expect(entry.date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })

  it('takes a reason from the command arguments, and refuses a dismissal for a changed draft', async () => {
    client = await TestClient.start()
    const uri = client.open('reason.md', DRAFT)
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 1)
    const d = p.diagnostics.find((x) => x.code === 'regulatory/ketamine-approved-off-label')!
    const action = (await client.codeActions(uri, d.range, [d])).find((a) => a.kind === 'quickfix.claimlint.dismiss' && (a.data as { ruleId: string }).ruleId === d.code)!
    const args = action.command!.arguments![0] as Record<string, unknown>

    client.replaceAll(uri, `${DRAFT}\nMore text.\n`)
    await expect(client.request('workspace/executeCommand', { command: 'claimlint.dismiss', arguments: [args] })).rejects.toThrow(/changed/)

    const v = client.version(uri)
    await client.waitForDiagnostics(uri, (x) => x.version === v)
    await client.request('workspace/executeCommand', { command: 'claimlint.dismiss', arguments: [{ ...args, version: v, reason: 'Quoted from the FDA label in a box.' }] })
    const reviews = parse(client.read('.claimlint/reviews.yaml')) as { dismissals: Array<Record<string, string>> }
    expect(reviews.dismissals[0]).toMatchObject({ rule: 'regulatory/ketamine-approved-off-label', reason: 'Quoted from the FDA label in a box.' })
  })

  it('re-lints when reviews.yaml changes on disk', async () => {
    client = await TestClient.start()
    const uri = client.open('r.md', `${DRAFTS.hype}\n`)
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 1)
    expect(claimDiagnostics(p.diagnostics)).toHaveLength(1)
    // Another window dismissed it (any draft: no file key).
    const { sentenceHash } = await import('../../server/src/engine/reviews.js')
    client.write('.claimlint/reviews.yaml', `version: 1\ndismissals:\n  - rule: hype/superlative\n    claim: groundbreaking\n    sentence: ${sentenceHash(DRAFTS.hype)}\n    reason: checked\n    by: someone\n    date: 2026-01-01\n`)
    const mark = client.mark()
    client.filesChanged([{ rel: '.claimlint/reviews.yaml', type: 1 }])
    const after = await client.waitForDiagnostics(uri, () => true, mark)
    expect(claimDiagnostics(after.diagnostics)).toEqual([])
  })
})

describe('claimlint/checkWorkspace', () => {
  it('lints every draft in the workspace with progress, publishing for files not open', async () => {
    client = await TestClient.start({
      files: {
        'a.md': `${DRAFTS.regulatory}\n`,
        'notes/b.txt': `${DRAFTS.hype}\n${DRAFTS.clean}\n`,
        'notes/c.markdown': `${DRAFTS.clean}\n`,
        'node_modules/pkg/readme.md': `${DRAFTS.hype}\n`,
        'binary.md': 'TMS\u0000 is a groundbreaking treatment.',
        'image.png': 'not a draft',
      },
    })
    const open = client.open('open.md', `${DRAFTS.hype}\n`)
    await client.waitForDiagnostics(open, (d) => d.version === 1)
    const token = 'check-1'
    const result = await client.request<{ files: number; findings: number; skipped: number; cancelled: boolean }>('claimlint/checkWorkspace', { workDoneToken: token })
    // a.md, notes/b.txt, notes/c.markdown, open.md; binary.md skipped; node_modules ignored.
    expect(result).toMatchObject({ files: 4, skipped: 1, cancelled: false })
    expect(result.findings).toBeGreaterThanOrEqual(3)
    const events = client.progress.filter((p) => p.token === token).map((p) => p.value.kind)
    expect(events[0]).toBe('begin')
    expect(events).toContain('report')
    await client.waitFor('progress end', () => client!.progress.some((p) => p.token === token && p.value.kind === 'end'))
    const a = await client.waitForDiagnostics(client.uri('a.md'))
    expect(a.diagnostics.map((d) => d.code)).toContain('regulatory/ketamine-approved-off-label')
    const b = await client.waitForDiagnostics(client.uri('notes/b.txt'))
    expect(b.diagnostics.map((d) => d.code)).toEqual(['hype/superlative'])
    expect(client.diagnostics.some((d) => d.uri.includes('node_modules'))).toBe(false)
  })

  it('is also a command, with server-created progress', async () => {
    client = await TestClient.start({ files: { 'x.md': `${DRAFTS.hype}\n` } })
    const result = await client.request<{ files: number; findings: number }>('workspace/executeCommand', { command: 'claimlint.checkWorkspace', arguments: [] })
    expect(result).toMatchObject({ files: 1, findings: 1 })
    await client.waitFor('progress end', () => client!.progress.some((p) => p.value.kind === 'end'))
    expect(client.progress.map((p) => p.value.kind)[0]).toBe('begin')
  })

  it('stops when cancelled and says so', async () => {
    const files: Record<string, string> = {}
    for (let i = 0; i < 500; i++) files[`many/d${i}.md`] = `${DRAFTS.hype}\n`
    client = await TestClient.start({ files })
    const source = new CancellationTokenSource()
    // Cancel as soon as the server says it started (a cancel sent before the request is ignored).
    const started = client.waitFor('progress begin', () => client!.progress.some((p) => p.token === 'c' && p.value.kind === 'begin')).then(() => source.cancel())
    const result = (await client.conn.sendRequest('claimlint/checkWorkspace', { workDoneToken: 'c' }, source.token)) as { files: number; cancelled: boolean }
    await started
    expect(result.cancelled).toBe(true)
    expect(result.files).toBeLessThan(500)
    await client.waitFor('progress end', () => client!.progress.some((p) => p.token === 'c' && p.value.kind === 'end'))
  })
})

describe("the workspace's own sources", () => {
  const bib = (author: string, key: string): string =>
    `@article{${key},\n  title = {Ketamine infusions in a community clinic: a made-up cohort},\n  author = {${author}, Ada},\n  journal = {Journal of Invented Examples},\n  year = {2024}\n}\n`
  const citeTitles = async (c: TestClient, uri: string): Promise<string[]> => {
    const p = await c.waitForDiagnostics(uri, (d) => d.version === c.version(uri))
    const hype = p.diagnostics.find((d) => d.code === 'hype/superlative')!
    const actions = await c.codeActions(uri, hype.range, [hype], ['quickfix.claimlint.cite'])
    return actions.map((a) => a.title)
  }

  it('reads a .bib file named in .claimlintrc.yaml once, and again as soon as it changes', async () => {
    // Kept between keystrokes (parsing BibTeX on every lint is milliseconds), but a changed file is used at the next lint, watched or not.
    client = await TestClient.start({ files: { '.claimlintrc.yaml': 'sources:\n  - refs.bib\n', 'refs.bib': bib('Okafor', 'okafor2024') } })
    const uri = client.open('k.md', `# Ketamine clinic\n\n${DRAFTS.hype}\n`)
    expect((await citeTitles(client, uri)).join('\n')).toMatch(/Okafor A/)
    client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }])
    expect((await citeTitles(client, uri)).join('\n')).toMatch(/Okafor A/)
    writeFileSync(join(client.root, 'refs.bib'), bib('Mensah-Lindqvist', 'mensah2024'))
    client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: '' }])
    const titles = (await citeTitles(client, uri)).join('\n')
    expect(titles).toMatch(/Mensah-Lindqvist A/)
    expect(titles).not.toMatch(/Okafor/)
  })
})
