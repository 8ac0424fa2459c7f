// The server bundle the .vsix ships (scripts/bundle-server.mjs -> dist/server.bundle.mjs)
// works on its own: laid out as in an installed extension - the bundle in dist/,
// rules/, docs/rules and package.json beside it, and NO node_modules anywhere
// above it - it finds the rule packs and the evidence library by walking up from
// its own file, lints a draft over stdio, links findings to the shipped rule
// pages and resolves the evidence-backed rewrite with its reference.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repo, TestClient } from '../server/client.js'

// The same options `npm run build:server` uses.
const { bundleServer } = (await import(pathToFileURL(join(repo, 'scripts', 'bundle-server.mjs')).href)) as {
  bundleServer: (outfile: string) => Promise<{ errors: unknown[]; metafile: { outputs: Record<string, { imports: Array<{ path: string; external?: boolean }> }> } }>
}

const DRAFT = [
  '# Ketamine for PTSD',
  '',
  'Ketamine is being studied as a treatment for post-traumatic stress disorder (PTSD).',
  '',
  'Ketamine has minimal side effects.',
  '',
].join('\n')

let ext: string
let bundle: string
let client: TestClient | undefined

beforeAll(async () => {
  ext = mkdtempSync(join(tmpdir(), 'claimlint-ext-'))
  bundle = join(ext, 'dist', 'server.bundle.mjs')
  const result = await bundleServer(bundle)
  expect(result.errors).toEqual([])
  // Everything but Node built-ins is inside the one file.
  const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports)
  for (const i of imports) expect(i.path.startsWith('node:') || i.external, i.path).toBe(true)
  mkdirSync(join(ext, 'docs'), { recursive: true })
  cpSync(join(repo, 'rules'), join(ext, 'rules'), { recursive: true })
  cpSync(join(repo, 'docs', 'rules'), join(ext, 'docs', 'rules'), { recursive: true })
  cpSync(join(repo, 'package.json'), join(ext, 'package.json'))
}, 120_000)

afterAll(async () => {
  await client?.stop()
  if (ext) rmSync(ext, { recursive: true, force: true })
})

describe('server bundle', () => {
  it('starts from <extension>/dist, finds rules/ and the evidence library, and rewrites with a source', { timeout: 60_000 }, async () => {
    client = await TestClient.start({ argv: [bundle, '--stdio'] })
    const version = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version
    expect(client.initializeResult.serverInfo).toEqual({ name: 'claimlint', version })

    const uri = client.open('ketamine-ptsd.md', DRAFT)
    const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.version === 1)
    const d = diagnostics.find((x) => x.code === 'safety/minimal-side-effects')
    expect(d, JSON.stringify(diagnostics)).toBeDefined()
    // The finding links to the rule page shipped inside the extension.
    expect(d!.codeDescription?.href).toBe(pathToFileURL(join(ext, 'docs', 'rules', 'safety', 'minimal-side-effects.md')).href)

    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: d!.range.start })
    expect(hover!.contents.value).toContain(d!.message)

    const actions = await client.codeActions(uri, d!.range, [d!])
    const rewrite = actions.find((a) => a.isPreferred)
    expect(rewrite?.title).toMatch(/^Rewrite with evidence/)
    const resolved = await client.resolve(rewrite!)
    const after = client.applyEdit(resolved.edit!).get(uri)!
    expect(after).not.toContain('Ketamine has minimal side effects.')
    expect(after).toMatch(/\[\^short2018\]/)
    expect(after).toMatch(/^\[\^short2018\]: Short B/m)
    expect(fileURLToPath(d!.codeDescription!.href)).toContain(ext)
  })
})
