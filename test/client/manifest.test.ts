// The VS Code extension manifest (package.json) and the client source agree:
// commands, settings, entry point, workspace-trust declaration; and the client
// bundles with esbuild. VS Code itself is not launched here.
import { describe, expect, it } from 'vitest'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createRequire, isBuiltin } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { execFileSync } from 'node:child_process'

const root = fileURLToPath(new URL('../..', import.meta.url))
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const source = readFileSync(join(root, 'client/src/extension.ts'), 'utf8')
const CATEGORIES = ['efficacy', 'safety', 'regulatory', 'comparative', 'absolute', 'statistic', 'anecdote', 'hype', 'fact']

// Ids passed to registerCommand, directly or through a constant declared in the file.
function registeredCommands(): string[] {
  const constants = new Map<string, string>()
  for (const m of source.matchAll(/const\s+(\w+)\s*=\s*'([^']+)'/g)) constants.set(m[1], m[2])
  const ids: string[] = []
  for (const m of source.matchAll(/registerCommand\(\s*(?:'([^']+)'|(\w+))/g)) {
    const id = m[1] ?? constants.get(m[2])
    expect(id, `registerCommand(${m[2]}) uses a constant declared in extension.ts`).toBeDefined()
    ids.push(id!)
  }
  return ids
}

describe('extension manifest', () => {
  it('contributes exactly the commands the client registers, in the claimlint category', () => {
    const registered = registeredCommands()
    const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command)
    expect(registered.length).toBeGreaterThan(0)
    expect([...registered].sort()).toEqual([...contributed].sort())
    expect(contributed).toEqual(expect.arrayContaining(['claimlint.checkWorkspace', 'claimlint.restartServer', 'claimlint.showOutput', 'claimlint.openReviewReport']))
    for (const c of pkg.contributes.commands) {
      expect(c.category, c.command).toBe('claimlint')
      expect(c.title, c.command).toBeTruthy()
    }
  })

  it('offers "claimlint: Open review report" in the palette and the title bar of Markdown and plain-text drafts', () => {
    const command = pkg.contributes.commands.find((c: { command: string }) => c.command === 'claimlint.openReviewReport')
    // The palette shows "<category>: <title>".
    expect(`${command.category}: ${command.title}`).toBe('claimlint: Open review report')
    // An editor-title entry needs an icon, else it shows as text.
    expect(command.icon).toMatch(/^\$\([a-z-]+\)$/)
    const menus = pkg.contributes.menus as Record<string, Array<{ command: string; when?: string; group?: string }>>
    const contributed = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command))
    for (const [menu, items] of Object.entries(menus)) for (const item of items) expect(contributed.has(item.command), `${menu}: ${item.command}`).toBe(true)
    for (const menu of ['editor/title', 'commandPalette']) {
      const item = menus[menu]?.find((i) => i.command === 'claimlint.openReviewReport')
      expect(item, menu).toBeDefined()
      expect(item!.when, menu).toContain('editorLangId == markdown')
      expect(item!.when, menu).toContain('editorLangId == plaintext')
    }
    expect(menus['editor/title'].find((i) => i.command === 'claimlint.openReviewReport')!.group).toMatch(/^navigation/)
    // The webview the command opens lives beside the client, and the client registers the command.
    expect(source).toContain("from './reviewReport'")
  })

  it('has a severity setting for each of the nine categories', () => {
    const props = pkg.contributes.configuration.properties
    const severity = Object.keys(props).filter((k) => k.startsWith('claimlint.severity.'))
    expect(severity.sort()).toEqual(CATEGORIES.map((c) => `claimlint.severity.${c}`).sort())
    for (const c of CATEGORIES) {
      const p = props[`claimlint.severity.${c}`]
      expect(p.type).toBe('string')
      expect(p.enum).toEqual(['default', 'error', 'warning', 'info', 'off'])
      expect(p.default).toBe('default')
      expect(p.markdownDescription).toContain(c)
    }
  })

  it('declares the other settings with types, defaults and descriptions', () => {
    const props = pkg.contributes.configuration.properties
    expect(props['claimlint.enable']).toMatchObject({ type: 'boolean', default: true })
    expect(props['claimlint.languages']).toMatchObject({ type: 'array', items: { type: 'string' }, default: ['markdown', 'plaintext'] })
    expect(props['claimlint.packs']).toMatchObject({ type: 'array', items: { type: 'string' } })
    expect(props['claimlint.trace.server']).toMatchObject({ type: 'string', enum: ['off', 'messages', 'verbose'], default: 'off' })
    for (const [key, p] of Object.entries<{ markdownDescription?: string }>(props)) {
      expect(key.startsWith('claimlint.'), key).toBe(true)
      expect(p.markdownDescription, key).toBeTruthy()
    }
    // The settings the client reads itself exist in the manifest.
    for (const m of source.matchAll(/affectsConfiguration\('([^']+)'\)/g)) expect(props[m[1]], m[1]).toBeDefined()
  })

  it('points main at the bundle that build:client writes', () => {
    expect(pkg.main).toBe('./dist/client/extension.cjs')
    expect(pkg.scripts['build:client']).toContain('--outfile=dist/client/extension.cjs')
    expect(pkg.scripts['build:client']).toContain('--external:vscode')
    // The server module the client starts is the bundle `npm run build:server`
    // writes (test/client/bundle.test.ts checks it runs on its own), and the
    // .vsix is built from both bundles.
    expect(source).toContain("asAbsolutePath('dist/server.bundle.mjs')")
    expect(pkg.scripts['build:server']).toBe('node scripts/bundle-server.mjs')
    expect(readFileSync(join(root, 'scripts/bundle-server.mjs'), 'utf8')).toContain("SERVER_BUNDLE = 'dist/server.bundle.mjs'")
    expect(pkg.scripts['vscode:prepublish']).toBe('npm run build:client && npm run build:server')
  })

  it('is a VS Code extension that activates on drafts and is safe in untrusted workspaces', () => {
    expect(pkg.publisher).toBeTruthy()
    expect(pkg.engines.vscode).toMatch(/^\^1\.\d+\.\d+$/)
    // The oldest VS Code it accepts is the one the end-to-end test runs it in
    // (code-server 4.100.3 = VS Code 1.100.3, test/e2e/vscode.e2e.test.ts).
    expect(pkg.engines.vscode).toBe('^1.100.0')
    expect(pkg.engines.node).toBeTruthy()
    expect(pkg.activationEvents).toEqual(expect.arrayContaining(['onLanguage:markdown', 'onLanguage:plaintext']))
    expect(pkg.categories).toContain('Linters')
    expect(pkg.capabilities.untrustedWorkspaces.supported).toBe(true)
    expect(pkg.capabilities.untrustedWorkspaces.description).toMatch(/never runs code/)
    expect(pkg.capabilities.virtualWorkspaces).toBe(false)
    // @types/vscode must not be newer than the lowest VS Code the manifest accepts.
    const min = (range: string) => range.replace(/^[\^~]/, '').split('.').map(Number)
    const [tMaj, tMin] = min(pkg.devDependencies['@types/vscode'])
    const [eMaj, eMin] = min(pkg.engines.vscode)
    expect(tMaj * 1000 + tMin).toBeLessThanOrEqual(eMaj * 1000 + eMin)
  })

  it('has what vsce and the Marketplace need, and packages only bundles and data', () => {
    // vsce 4 needs node 22; this project runs on node 20.
    expect(pkg.devDependencies['@vscode/vsce']).toMatch(/^3\./)
    // No repository is published yet, so none is named (rather than a made-up
    // URL); vsce is told so, and leaves the README's relative links alone.
    expect(pkg.repository).toBeUndefined()
    expect(pkg.scripts.package).toBe('vsce package --no-dependencies --allow-missing-repository --no-rewrite-relative-links')
    expect(pkg.license).toBe('MIT')
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License/)
    expect(readFileSync(join(root, 'CHANGELOG.md'), 'utf8')).toContain(`## [${pkg.version}]`)
    const icon = readFileSync(join(root, pkg.icon))
    expect(icon.subarray(1, 4).toString()).toBe('PNG')
    expect(icon.readUInt32BE(16)).toBeGreaterThanOrEqual(128) // width: the Marketplace wants at least 128 px
    // .vscodeignore is an allowlist: everything is left out, then the bundles
    // (the extension runs nothing else: no node_modules ship) and the data the
    // server reads or links to are let back in. test/e2e/vscode.e2e.test.ts
    // checks the installed extension holds exactly these.
    const patterns = readFileSync(join(root, '.vscodeignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
    expect(patterns[0]).toBe('**')
    expect(patterns.slice(1).every((p) => p.startsWith('!'))).toBe(true)
    expect(patterns).toEqual(
      expect.arrayContaining([`!${pkg.main.replace(/^\.\//, '')}`, '!dist/server.bundle.mjs', `!${pkg.icon}`, '!LICENSE', '!CHANGELOG.md', '!README.md', '!rules/**/*.yaml', '!rules/**/*.json', '!docs/rules/**/*.md']),
    )
  })

  it('type-checks against the VS Code API it declares (tsc -p client/tsconfig.json)', () => {
    const tsc = join(root, 'node_modules/typescript/bin/tsc')
    // Throws with tsc's diagnostics in the message when the client does not type-check.
    execFileSync(process.execPath, [tsc, '-p', join(root, 'client/tsconfig.json')], { cwd: root, encoding: 'utf8', stdio: 'pipe' })
  }, 120_000)

  it('bundles the client with esbuild into one CommonJS file that leaves vscode external', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'claimlint-client-'))
    try {
      const outfile = join(dir, 'extension.cjs')
      const result = await build({
        absWorkingDir: root,
        entryPoints: ['client/src/extension.ts'],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        external: ['vscode'],
        outfile,
        sourcemap: true,
        logLevel: 'silent',
      })
      expect(result.errors).toEqual([])
      expect(existsSync(outfile)).toBe(true)
      expect(statSync(outfile).size).toBeGreaterThan(1000)
      // Load the bundle as VS Code would, with a stand-in for the 'vscode' module
      // (every export a constructible no-op): it must export activate/deactivate
      // and require nothing but Node built-ins and 'vscode'.
      const requested: string[] = []
      const stub = new Proxy({}, { get: () => function Stub() {} })
      const nodeRequire = createRequire(outfile)
      const fakeRequire = (id: string) => {
        requested.push(id)
        return id === 'vscode' ? stub : nodeRequire(id)
      }
      const module = { exports: {} as Record<string, unknown> }
      new Function('require', 'module', 'exports', readFileSync(outfile, 'utf8'))(fakeRequire, module, module.exports)
      expect(typeof module.exports.activate).toBe('function')
      expect(typeof module.exports.deactivate).toBe('function')
      expect(requested).toContain('vscode')
      for (const id of requested) expect(id === 'vscode' || isBuiltin(id), id).toBe(true)
      expect(existsSync(`${outfile}.map`)).toBe(true)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
