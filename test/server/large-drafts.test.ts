// Huge and odd drafts in the editor, over the real protocol: a 10 MB draft is
// linted in slices, so the server answers other drafts and requests while it
// works and gives a stale run up for a newer edit; a draft over maxFileSize
// or with NUL characters is skipped with one message, not an error storm.
// Assertions are about order and content, never about speed.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DRAFTS, TestClient } from './client.js'

vi.setConfig({ testTimeout: 300_000, hookTimeout: 60_000 })

let client: TestClient | undefined
afterEach(async () => {
  await client?.stop()
  client = undefined
})

const SMALL = `# Ketamine\n\n${DRAFTS.hype}\n\n${DRAFTS.clean}\n`

/** About `mb` megabytes of our own draft text: paragraphs with and without claims. */
function hugeDraft(mb: number): string {
  const block = `## Section\n\n${DRAFTS.efficacy} ${DRAFTS.clean}\n\n${DRAFTS.hype}\n\n${DRAFTS.clean} ${DRAFTS.clean}\n\n`
  return `# Ketamine for PTSD\n\n${block.repeat(Math.ceil((mb * 1024 * 1024) / block.length))}`
}

// 2 MB here (tens of seconds on a loaded CI machine); `npm run bench:inputs` times 10 MB drafts.
describe('a huge draft', () => {
  it('keeps the server answering other drafts and requests while it is linted', async () => {
    client = await TestClient.start()
    const big = hugeDraft(2)
    const bigUri = client.open('huge.md', big)
    // Opened after the huge draft, so its lint is queued behind the huge one's.
    const smallUri = client.open('small.md', SMALL)
    const small = await client.waitForDiagnostics(smallUri, (d) => d.version === 1)
    expect(small.diagnostics.map((d) => d.code)).toContain('hype/superlative')
    const hover = await client.request<{ contents: unknown } | null>('textDocument/hover', {
      textDocument: { uri: smallUri },
      position: small.diagnostics.find((d) => d.code === 'hype/superlative')!.range.start,
    })
    expect(JSON.stringify(hover)).toContain('hype/superlative')
    // Both answers came while the huge draft was still being linted.
    expect(client.diagnostics.some((d) => d.uri === bigUri)).toBe(false)

    const done = await client.waitForDiagnostics(bigUri, (d) => d.version === 1, 0, 150_000)
    const blocks = big.split('## Section').length - 1
    // Every repeated block's claims are found, nothing skipped or lost.
    expect(done.diagnostics.filter((d) => d.code === 'hype/superlative').length).toBe(blocks)
    expect(client.messages.filter((m) => m.message.includes('huge.md'))).toEqual([])
  })

  it('gives a run up when the draft changes, and publishes only the newest version', async () => {
    client = await TestClient.start({ settings: { trace: 'verbose' } })
    const big = hugeDraft(2)
    const uri = client.open('edited.md', big)
    // Edit while the first lint runs (it takes seconds; this lets it start): the
    // hype sentence in the first block loses its hype word.
    await new Promise((r) => setTimeout(r, 500))
    const at = big.indexOf(DRAFTS.hype)
    const word = 'groundbreaking'
    const offset = at + DRAFTS.hype.indexOf(word)
    expect(DRAFTS.hype).toContain(word)
    const line = big.slice(0, offset).split('\n').length - 1
    const character = offset - big.lastIndexOf('\n', offset - 1) - 1
    const v2 = client.change(uri, [{ range: { start: { line, character }, end: { line, character: character + word.length } }, text: 'new' }])
    const p = await client.waitForDiagnostics(uri, (d) => d.version === v2, 0, 150_000)
    const published = client.diagnostics.filter((d) => d.uri === uri)
    // The first version's run was given up: nothing was published for it.
    expect(published.map((d) => d.version)).toEqual([v2])
    expect(client.logs.some((l) => l.message.includes(`gave up the lint of ${uri} v1`))).toBe(true)
    const blocks = big.split('## Section').length - 1
    expect(p.diagnostics.filter((d) => d.code === 'hype/superlative').length).toBe(blocks - 1)
    // Giving a run up is not an error.
    expect(client.logs.filter((l) => l.type === 1)).toEqual([])
  })
})

describe('skipped drafts', () => {
  it('skips a draft over maxFileSize with one message naming the file and the limit', async () => {
    client = await TestClient.start({ files: { '.claimlintrc.yaml': 'maxFileSize: 2000\n' } })
    const text = `# Ketamine\n\n${`${DRAFTS.hype}\n\n`.repeat(100)}`
    expect(Buffer.byteLength(text)).toBeGreaterThan(2000)
    const uri = client.open('toolarge.md', text)
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 1)
    expect(p.diagnostics).toEqual([])
    await client.waitFor('the skip message', () => client!.messages.some((m) => m.message.includes('toolarge.md')))
    const msg = client.messages.find((m) => m.message.includes('toolarge.md'))!
    expect(msg.message).toContain('maxFileSize (2000)')
    expect(msg.type).toBe(2) // Warning

    // Typing on does not repeat it.
    const v2 = client.replaceAll(uri, `${text}More text.\n`)
    await client.waitForDiagnostics(uri, (d) => d.version === v2)
    expect(client.messages.filter((m) => m.message.includes('toolarge.md')).length).toBe(1)

    // Cut under the limit, it is checked again.
    const v3 = client.replaceAll(uri, SMALL)
    const checked = await client.waitForDiagnostics(uri, (d) => d.version === v3)
    expect(checked.diagnostics.map((d) => d.code)).toContain('hype/superlative')
  })

  it('skips a binary file opened as text with one message and no diagnostics', async () => {
    client = await TestClient.start()
    const binary = `PK\u0003\u0004\u0000\u0000${DRAFTS.hype}\u0000\u0000\u0007`
    const uri = client.open('image.md', binary)
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 1)
    expect(p.diagnostics).toEqual([])
    await client.waitFor('the skip message', () => client!.messages.some((m) => m.message.includes('image.md')))
    expect(client.messages.find((m) => m.message.includes('image.md'))!.message).toContain('NUL')
    const v2 = client.replaceAll(uri, `${binary}x`)
    await client.waitForDiagnostics(uri, (d) => d.version === v2)
    expect(client.messages.filter((m) => m.message.includes('image.md')).length).toBe(1)
  })
})
