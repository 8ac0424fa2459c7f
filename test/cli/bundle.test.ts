// The CLI bundle (scripts/bundle-cli.mjs -> dist/cli/), which bin/claimlint.js
// runs while it is current, prints exactly what the compiled modules print,
// and carries the built-in packs, the evidence library's checks and the
// config and pack schema validators prebuilt (scripts/prebuilt.mjs):
//
// - laid out with NO node_modules anywhere above it, so ajv cannot be loaded,
//   it still lints with a config, a team pack and the built-in packs and
//   evidence, with the run-time cache off: all of them were checked by what
//   was prebuilt (fixes, in JSON and SARIF output, need citation-js from
//   node_modules, as do --fix and a changed pack);
// - the rules/ files stay the source of truth: a built-in pack edited after
//   the build is read from its YAML;
// - a broken config or team pack gets the same messages as from the modules.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cleanup, DRAFTS, project, repo, SPARKLE_PACK, type Run } from './helpers.js'
import { generateDraft } from '../../bench/drafts.js'

const { bundleCli } = (await import(pathToFileURL(join(repo, 'scripts', 'bundle-cli.mjs')).href)) as {
  bundleCli: (outdir: string) => Promise<{ errors: unknown[] }>
}

let ext: string

beforeAll(async () => {
  ext = mkdtempSync(join(tmpdir(), 'claimlint-cli-bundle-'))
  const result = await bundleCli(join(ext, 'dist', 'cli'))
  expect(result.errors).toEqual([])
  // As in the repository, minus the sources, the compiled modules and node_modules.
  mkdirSync(join(ext, 'bin'))
  cpSync(join(repo, 'bin', 'claimlint.js'), join(ext, 'bin', 'claimlint.js'))
  cpSync(join(repo, 'rules'), join(ext, 'rules'), { recursive: true })
  cpSync(join(repo, 'docs', 'rules'), join(ext, 'docs', 'rules'), { recursive: true })
  cpSync(join(repo, 'package.json'), join(ext, 'package.json'))
}, 120_000)

afterAll(() => {
  cleanup()
  if (ext) rmSync(ext, { recursive: true, force: true })
})

const ENV = { ...process.env, NO_COLOR: '1', CLAIMLINT_NO_CACHE: '1', CLAIMLINT_JOBS: '1' }

/** The bundle, through the copied bin/claimlint.js. */
function bundled(args: string[], cwd: string, env: NodeJS.ProcessEnv = ENV): Run {
  const r = spawnSync(process.execPath, [join(ext, 'bin', 'claimlint.js'), ...args], { cwd, encoding: 'utf8', env, maxBuffer: 1 << 26 })
  if (r.error) throw r.error
  // Rule pages and packs are found next to whichever CLI runs.
  const local = (s: string): string => s.replaceAll(pathToFileURL(ext).href, pathToFileURL(repo).href).replaceAll(ext, repo)
  return { status: r.status, stdout: local(r.stdout), stderr: local(r.stderr) }
}

/** Run `f` with the repository's node_modules linked in above the bundle. */
function withNodeModules<T>(f: () => T): T {
  symlinkSync(join(repo, 'node_modules'), join(ext, 'node_modules'), 'dir')
  try {
    return f()
  } finally {
    rmSync(join(ext, 'node_modules'), { force: true })
  }
}

/** The compiled modules (dist/server/src), whatever bin/claimlint.js would pick. */
function modules(args: string[], cwd: string, env: NodeJS.ProcessEnv = ENV): Run {
  const main = pathToFileURL(join(repo, 'dist', 'server', 'src', 'cli', 'main.js')).href
  const code = `const { main } = await import(${JSON.stringify(main)}); process.exitCode = await main(process.argv.slice(1))`
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code, '--', ...args], { cwd, encoding: 'utf8', env, maxBuffer: 1 << 26 })
  if (r.error) throw r.error
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('CLI bundle', () => {
  it('needs no node_modules for a plain lint: packs, evidence and config were checked when it was built', () => {
    const files: Record<string, string> = {
      '.claimlintrc.yaml': 'categories:\n  hype: error\npacks:\n  - team.yaml\n',
      'team.yaml': SPARKLE_PACK,
      'error.txt': DRAFTS.error,
      'sparkly.md': 'The waiting room is sparkly.\n',
    }
    for (let i = 0; i < 12; i++) files[`draft-${i}.${i % 2 ? 'md' : 'txt'}`] = generateDraft({ words: 300, format: i % 2 ? 'markdown' : 'plaintext', seed: i + 7 })
    const dir = project(files)
    const names = Object.keys(files).filter((f) => /\.(md|txt)$/.test(f))
    const plain = bundled(names, dir)
    expect(plain.stderr).toBe('')
    expect(plain.stdout).toContain('hype/sparkle')
    expect(plain).toEqual(modules(names, dir))
    expect(bundled(['--check-packs'], dir)).toEqual(modules(['--check-packs'], dir))
    withNodeModules(() => {
      for (const format of ['json', 'sarif']) expect(bundled(['--format', format, ...names], dir)).toEqual(modules(['--format', format, ...names], dir))
    })
  }, 120_000)

  it('in worker threads: the same bytes as in one thread', () => {
    const files: Record<string, string> = {}
    for (let i = 0; i < 40; i++) files[`d/draft-${String(i).padStart(2, '0')}.txt`] = generateDraft({ words: 200, format: 'plaintext', seed: i + 100 })
    const dir = project(files)
    const names = Object.keys(files)
    withNodeModules(() => {
      const many = bundled(['--format', 'json', ...names], dir, { ...ENV, CLAIMLINT_JOBS: '3', CLAIMLINT_PARALLEL_MIN: '2', CLAIMLINT_PARALLEL_MIN_BYTES: '1' })
      expect(many).toEqual(bundled(['--format', 'json', ...names], dir))
      expect(many.stdout.length).toBeGreaterThan(1000)
    })
  }, 120_000)

  it('reports a broken config or team pack as the modules do, line and column included', () => {
    const dir = project({
      '.claimlintrc.yaml': 'categories:\n  hype: loud\nrules:\n  nonsense: error\npacks:\n  - team.yaml\n',
      'team.yaml': SPARKLE_PACK.replace('severity: error', 'severity: severe').replace('summary: Calls the clinic sparkly\n', ''),
      'draft.txt': DRAFTS.hype,
    })
    const broken = bundled(['draft.txt'], dir)
    expect(broken.status).toBe(2)
    expect(broken.stderr).toMatch(/\.claimlintrc\.yaml:2:\d+: categories\.hype: must be one of/)
    expect(broken).toEqual(modules(['draft.txt'], dir))
    const pack = project({ '.claimlintrc.yaml': 'packs:\n  - team.yaml\n', 'team.yaml': SPARKLE_PACK.replace('severity: error', 'severity: severe'), 'draft.txt': DRAFTS.hype })
    const r = bundled(['draft.txt'], pack)
    expect(r.stderr).toMatch(/team\.yaml:\d+:\d+: \/rules\/0\/severity: must be one of/)
    expect(r).toEqual(modules(['draft.txt'], pack))
  }, 120_000)

  it('reads a built-in pack edited after the build from its YAML', () => {
    const hype = join(ext, 'rules', 'packs', 'hype.yaml')
    const before = readFileSync(hype, 'utf8')
    const said = 'Promotional words like this sell rather than inform.'
    const dir = project({ 'draft.txt': DRAFTS.hype })
    expect(bundled(['draft.txt'], dir).stdout).toContain(said)
    try {
      writeFileSync(hype, before.replace(said, 'Edited after the build.'))
      // Checking a changed pack needs ajv, from node_modules.
      const edited = withNodeModules(() => bundled(['draft.txt'], dir))
      expect(edited.stdout).toContain('Edited after the build.')
      expect(edited.stdout).not.toContain(said)
    } finally {
      writeFileSync(hype, before)
    }
  }, 120_000)
})

describe('bin/claimlint.js', () => {
  /** A copy of the shim next to two stand-in CLIs that say which one ran. */
  function layout(): string {
    const root = project({
      'dist/cli/main.js': 'export const main = async () => { process.stdout.write("bundle\\n"); return 0 }\n',
      'dist/server/src/cli/main.js': 'export const main = async () => { process.stdout.write("modules\\n"); return 0 }\n',
      'server/src/cli/main.ts': '// the source\n',
      'package.json': '{ "type": "module" }\n',
    })
    mkdirSync(join(root, 'bin'))
    cpSync(join(repo, 'bin', 'claimlint.js'), join(root, 'bin', 'claimlint.js'))
    return root
  }
  const which = (root: string): string => spawnSync(process.execPath, [join(root, 'bin', 'claimlint.js')], { encoding: 'utf8' }).stdout.trim()
  const listing = (root: string, built: number, sources: string[]): void =>
    writeFileSync(join(root, 'dist', 'cli', 'sources.json'), JSON.stringify({ built, sources }))

  it('runs the bundle while no source it was built from has changed since', () => {
    const root = layout()
    const source = join(root, 'server', 'src', 'cli', 'main.ts')
    const t = Date.now()
    utimesSync(source, new Date(t - 60_000), new Date(t - 60_000))
    listing(root, t, ['server/src/cli/main.ts', 'server/src/not-shipped.ts'])
    expect(which(root)).toBe('bundle')
    utimesSync(source, new Date(t + 1000), new Date(t + 1000))
    expect(which(root)).toBe('modules')
  })

  it('runs the compiled modules when there is no bundle', () => {
    const root = layout()
    expect(which(root)).toBe('modules')
  })
})
