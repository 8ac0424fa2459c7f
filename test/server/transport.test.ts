// How the server is started (--stdio through the bin shim, --node-ipc as the
// VS Code client does, the same diagnostics over both, nothing = usage) and
// rule packs named by config and settings, reloaded when they change.
import { fork, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node.js'
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol'
import { BALANCE, NO_RISKS } from '../review/helpers.js'
import { DRAFTS, repo, serverJs, TestClient, claimDiagnostics } from './client.js'

// Each test starts a real server process; these are ceilings for waiting, not speed checks.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 })

let client: TestClient | undefined
afterEach(async () => {
  await client?.stop()
  client = undefined
})

const pack = (word: string): string => `pack: team
description: Words the team avoids.
rules:
  - id: hype/team-buzzword
    category: hype
    severity: info
    summary: Uses a word the team avoids
    message: Say what the treatment does instead.
    rationale: The team style guide bans it.
    patterns:
      - ${word}
    examples:
      flag:
        - Our ${word} approach helps.
      pass:
        - Our approach helps.
`

describe('starting the server', () => {
  it('prints usage and exits 2 without a transport', () => {
    const r = spawnSync(process.execPath, [serverJs], { encoding: 'utf8', timeout: 20_000 })
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/--stdio/)
  })

  it('speaks LSP over --node-ipc', async () => {
    const child = fork(serverJs, ['--node-ipc'], { silent: true })
    const conn = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child))
    conn.listen()
    try {
      const result = (await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} })) as { capabilities: Record<string, unknown>; serverInfo: { name: string } }
      expect(result.serverInfo.name).toBe('claimlint')
      expect(result.capabilities.hoverProvider).toBe(true)
      expect(result.capabilities.codeActionProvider).toMatchObject({ resolveProvider: true })
      await conn.sendRequest('shutdown')
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
      void conn.sendNotification('exit')
      expect(await exited).toBe(0)
    } finally {
      conn.dispose()
      if (child.exitCode === null) child.kill()
    }
  })

  it('publishes the same diagnostics over --node-ipc as over --stdio, claims and review', async () => {
    // Over stdio the server writes diagnostics' JSON itself (lsp/wire.ts); over node-ipc Node stringifies them.
    const text = `${NO_RISKS}\n${DRAFTS.regulatory} ${DRAFTS.hype}\n`
    client = await TestClient.start()
    const overStdio = await client.waitForDiagnostics(client.open('same.md', text), (d) => d.version === 1)
    const child = fork(serverJs, ['--node-ipc'], { silent: true, cwd: client.root })
    const conn = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child))
    const uri = pathToFileURL(join(client.root, 'same.md')).href
    const published = new Promise<PublishDiagnosticsParams>((resolve) => conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => p.uri === uri && resolve(p)))
    conn.listen()
    try {
      const root = pathToFileURL(client.root).href
      await conn.sendRequest('initialize', { processId: process.pid, rootUri: root, workspaceFolders: [{ uri: root, name: 'drafts' }], initializationOptions: { debounceMs: 0 }, capabilities: {} })
      await conn.sendNotification('initialized', {})
      await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } })
      const overIpc = await published
      expect(overIpc.version).toBe(1)
      expect(overIpc.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['regulatory/ketamine-approved-off-label', 'hype/superlative', BALANCE]))
      expect(overIpc.diagnostics).toEqual(overStdio.diagnostics)
    } finally {
      conn.dispose()
      child.kill()
    }
  })

  it('starts through bin/claimlint-server.js --stdio', async () => {
    client = await TestClient.start({ argv: [join(repo, 'bin', 'claimlint-server.js'), '--stdio'] })
    expect(client.initializeResult.serverInfo?.name).toBe('claimlint')
    const uri = client.open('bin.md', `${DRAFTS.hype}\n`)
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 1)
    expect(claimDiagnostics(p.diagnostics).map((d) => d.code)).toEqual(['hype/superlative'])
  })
})

describe('rule packs', () => {
  it('uses packs named in .claimlintrc.yaml and reloads them when they change', async () => {
    client = await TestClient.start({ files: { '.claimlintrc.yaml': 'packs:\n  - ./packs/team.yaml\n', 'packs/team.yaml': pack('synergistic') } })
    const uri = client.open('p.md', 'Our synergistic approach is new. Our holistic approach is new.\n')
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 1)
    const team = p.diagnostics.filter((d) => d.code === 'hype/team-buzzword')
    expect(team).toHaveLength(1)
    expect(team[0].severity).toBe(3)

    client.write('packs/team.yaml', pack('holistic'))
    const mark = client.mark()
    client.filesChanged([{ rel: 'packs/team.yaml', type: 2 }])
    const after = await client.waitForDiagnostics(uri, () => true, mark)
    const hit = after.diagnostics.find((d) => d.code === 'hype/team-buzzword')!
    expect(hit.range.start.character).toBe('Our synergistic approach is new. Our '.length)
  })

  it('uses packs from claimlint.packs and reports a missing one once', async () => {
    client = await TestClient.start({ settings: { packs: ['team.yaml', 'missing.yaml'] }, files: { 'team.yaml': pack('synergistic') } })
    const uri = client.open('s.md', 'Our synergistic approach is new.\n')
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 1)
    expect(p.diagnostics.map((d) => d.code)).toContain('hype/team-buzzword')
    await client.waitFor('a message about the missing pack', () => client!.messages.some((m) => m.message.includes('missing.yaml')))
    expect(client.messages.filter((m) => m.type === 1)).toHaveLength(1)
    expect(client.messages[0].message).toContain('claimlint.packs[1]')
  })

  it('reports a broken pack with file and line and keeps the other rules', async () => {
    client = await TestClient.start({ files: { '.claimlintrc.yaml': 'packs:\n  - ./bad.yaml\n', 'bad.yaml': 'pack: bad\nrules:\n  - id: hype/x\n    category: nonsense\n' } })
    const uri = client.open('b.md', `${DRAFTS.regulatory}\n`)
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 1)
    expect(p.diagnostics.map((d) => d.code)).toContain('regulatory/ketamine-approved-off-label')
    await client.waitFor('an error message', () => client!.messages.some((m) => m.type === 1))
    expect(client.messages[0].message).toContain(client.path('bad.yaml'))
    expect(client.messages[0].message).toMatch(/line \d+/)
  })
})
