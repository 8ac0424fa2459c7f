// The stdio writer (lsp/wire.ts) and the diagnostics that write their own
// JSON (lsp/diagnostics.ts): byte for byte what vscode-jsonrpc's
// StreamMessageWriter sends for the same messages, on real lint results.
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { StreamMessageWriter, type Message } from 'vscode-jsonrpc/node.js'
import { lint } from '../../server/src/engine/lint.js'
import type { DocFinding, Finding } from '../../server/src/engine/types.js'
import { lintDiagnostics, LintDiagnostics } from '../../server/src/lsp/diagnostics.js'
import { JsonOut, StreamWriter, writeMessage } from '../../server/src/lsp/wire.js'
import { BALANCE, NO_RISKS, review } from '../review/helpers.js'
import { DRAFTS } from './client.js'

const DRAFT = `# Ketamine “for” PTSD\n\n${DRAFTS.regulatory} ${DRAFTS.hype}\n\n${DRAFTS.efficacy}\n\nTMS is a groundbreaking — “miracle” — treatment.\n`

/** Every byte written to it, copied (as the OS does with a pipe's). */
function sink(): { stream: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk))
      done()
    },
  })
  return { stream, bytes: () => Buffer.concat(chunks) }
}

async function stock(messages: Message[]): Promise<Buffer> {
  const s = sink()
  const w = new StreamMessageWriter(s.stream)
  for (const m of messages) await w.write(JSON.parse(JSON.stringify(m)) as Message)
  return s.bytes()
}

async function ours(messages: Message[]): Promise<Buffer> {
  const s = sink()
  const w = new StreamWriter(s.stream)
  await Promise.all(messages.map((m) => w.write(m)))
  return s.bytes()
}

const publish = (uri: string, version: number | undefined, diagnostics: unknown): Message =>
  ({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri, version, diagnostics } }) as Message

describe('diagnostics written as JSON', () => {
  const findings = lint(DRAFT, { format: 'markdown' })
  const docFindings = review(NO_RISKS)

  it('match JSON.stringify of the diagnostic objects, claims and review', () => {
    expect(findings.length).toBeGreaterThan(2)
    expect(docFindings.map((f) => f.ruleId)).toContain(BALANCE)
    for (const list of [new LintDiagnostics(findings, [], 3), new LintDiagnostics(findings, docFindings, 7), new LintDiagnostics([], docFindings, undefined), new LintDiagnostics([], [], 1)]) {
      const out = new JsonOut(16)
      list.writeJson(out)
      expect(out.buf.subarray(0, out.pos).toString('utf8')).toBe(JSON.stringify(list))
      expect(JSON.parse(JSON.stringify(list))).toEqual(list.toJSON())
    }
  })

  it('write numbers and text JSON.stringify writes them, even unusual ones', () => {
    const odd: Finding = { ...findings[0], line: 0, column: 1e10, endLine: 1.5, endColumn: Number.NaN, start: 0, end: 2 ** 31, message: 'quote \\ "this" \u0000 \u2028 ✓', url: 'file:///a b/ü.md' }
    const list = new LintDiagnostics([odd, findings[0]], [], 1)
    const out = new JsonOut()
    list.writeJson(out)
    expect(out.buf.subarray(0, out.pos).toString('utf8')).toBe(JSON.stringify(list))
  })

  it('lintDiagnostics keeps claims first, then the review with its version', () => {
    const fake = { findings, review: { findings: docFindings } as { findings: DocFinding[] }, version: 4 }
    const json = lintDiagnostics(fake as never).toJSON()
    expect(json.map((d) => d.source)).toEqual([...findings.map(() => 'claimlint'), ...docFindings.map(() => 'claimlint review')])
    expect(json.at(-1)!.data).toMatchObject({ review: true, version: 4 })
  })
})

describe('StreamWriter', () => {
  const findings = lint(DRAFT, { format: 'markdown' })

  it('sends what StreamMessageWriter sends, in order, for every kind of message', async () => {
    const list = new LintDiagnostics(findings, review(NO_RISKS), 2)
    const messages: Message[] = [
      { jsonrpc: '2.0', id: 1, result: { capabilities: { hoverProvider: true } } } as Message,
      publish('file:///tmp/dräft.md', 2, list),
      { jsonrpc: '2.0', id: 2, result: { kind: 'full', items: list } } as Message,
      { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: 'claimlint: ✓ “quoted” \u2028' } } as Message,
      publish('file:///tmp/b.md', undefined, []),
      publish('file:///tmp/c.md', 1, new LintDiagnostics([], [], 1)),
    ]
    expect((await ours(messages)).toString('utf8')).toBe((await stock(messages)).toString('utf8'))
    // The message objects are left as they were.
    expect((messages[1] as { params: { diagnostics: unknown } }).params.diagnostics).toBe(list)
  })

  it('grows its buffer for a big message and still sends the small ones after it intact', async () => {
    const many = Array.from({ length: 40 }, (_, i) => findings.map((f) => ({ ...f, start: f.start + i * 1000, end: f.end + i * 1000 }))).flat()
    const messages = [publish('file:///big.md', 1, new LintDiagnostics(many, [], 1)), publish('file:///small.md', 1, new LintDiagnostics(findings.slice(0, 1), [], 1))]
    const got = await ours(messages)
    expect(got.length).toBeGreaterThan(64 * 1024)
    expect(got.toString('utf8')).toBe((await stock(messages)).toString('utf8'))
  })

  it('reports a failed write and rejects it', async () => {
    const stream = new Writable({
      write(_chunk, _encoding, done) {
        done(new Error('pipe closed'))
      },
    })
    stream.on('error', () => undefined)
    const w = new StreamWriter(stream)
    const errors: Error[] = []
    w.onError(([err]) => errors.push(err))
    await expect(w.write(publish('file:///a.md', 1, []))).rejects.toThrow('pipe closed')
    expect(errors.map((e) => e.message)).toContain('pipe closed')
  })

  it('writeMessage leaves other messages to JSON.stringify', () => {
    const out = new JsonOut(8)
    const msg = { jsonrpc: '2.0', id: 5, result: [{ title: 'Fix “it”' }] } as Message
    writeMessage(out, msg)
    expect(out.buf.subarray(0, out.pos).toString('utf8')).toBe(JSON.stringify(msg))
  })
})
