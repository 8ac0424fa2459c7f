// Workspaces are data: nothing in a workspace is ever loaded or run as code,
// whether the editor trusts the workspace or not. A hostile workspace holds
// what a careless tool might execute - JavaScript configs, a plugin in
// node_modules, a package.json "claimlint" field, YAML with code tags
// (!!js/function, !!js/eval, !!python/object, !include), packs and sources
// that point at .js/.mjs files, `require:`/`plugin:`/`import:` keys, a git
// config with commands - and each of those would write a sentinel file if it
// ever ran. It also holds YAML built to exhaust the parser (alias "billion
// laughs", nesting tens of thousands deep) and `__proto__`/`constructor` keys
// aimed at Object.prototype.
//
// The engine's loaders run in this process (and Object.prototype is checked
// after), the CLI runs as a process, and the language server runs over stdio
// twice: as a trusted workspace (the workspace's own settings, `claimlint.packs`
// pointing at its code, handed to the server) and as an untrusted one (no
// workspace settings). The client never tells the server about trust (the
// extension declares untrustedWorkspaces.supported with no restricted
// settings, and the server has no trusted mode), so both must behave the same.
// Afterwards no sentinel exists, each bad file was reported as a problem that
// names it (not a crash, not a hang), and linting went on with what is valid.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { bin } from '../cli/helpers.js'
import { TestClient } from '../server/client.js'
import { findConfig, loadConfig, ruleSetFor, evidenceFor, type ConfigProblem } from '../../server/src/engine/config.js'
import { loadRuleSet } from '../../server/src/engine/packs/load.js'
import { loadUserSources, withEntries, builtinEvidence } from '../../server/src/engine/evidence.js'
import { loadReviews, findReviews } from '../../server/src/engine/reviews.js'
import { ruleOffConfigText } from '../../server/src/engine/fixes.js'
import { parseSettings } from '../../server/src/lsp/settings.js'
import { lint } from '../../server/src/engine/lint.js'
import { formatReference } from '../../server/src/engine/rewrite/references.js'

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 })

const sentinels = mkdtempSync(join(tmpdir(), 'claimlint-sentinels-'))
const made: string[] = [sentinels]

afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true })
})

/** JavaScript that leaves `name` in the sentinel folder (and a global) if it is ever run. */
const cjs = (name: string): string =>
  `require('node:fs').writeFileSync(${JSON.stringify(join(sentinels, name))} + '-' + process.pid, 'ran');\nglobalThis.__claimlintPwned = ${JSON.stringify(name)};\nmodule.exports = { plugins: [], rules: {} };\n`
const esm = (name: string): string =>
  `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(join(sentinels, name))} + '-' + process.pid, 'ran');\nglobalThis.__claimlintPwned = ${JSON.stringify(name)};\nexport default { plugins: [] };\n`
const shell = (name: string): string => `touch ${join(sentinels, name)}`

/** A valid pack with one rule, `hype/<id>`, that flags "sparkly". */
const pack = (name: string, extra = '', ruleExtra = '', pattern = 'sparkly'): string =>
  `pack: ${name}\n${extra}rules:\n  - id: hype/${name}\n    category: hype\n    severity: error\n    summary: Calls the clinic sparkly\n    message: Say what the clinic offers.\n${ruleExtra}    patterns:\n      - "${pattern}"\n    examples:\n      flag:\n        - The room is sparkly.\n      pass:\n        - The room is quiet.\n`

/** Each anchor nine times the one before: 9^9 strings if expanded. */
const laughs = (key: string): string => {
  let s = `${key}:\n  l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n`
  for (let i = 1; i <= 8; i++) s += `  l${i}: &l${i} [${Array.from({ length: 9 }, () => `*l${i - 1}`).join(', ')}]\n`
  return s
}
const deep = (key: string, n: number): string => `${key}: ${'['.repeat(n)}${']'.repeat(n)}\n`

const DRAFT = 'Ketamine is FDA-approved for PTSD. The waiting room is sparkly. TMS is a groundbreaking treatment.\n'

/** The hostile workspace: path -> contents. */
function hostileFiles(): Record<string, string> {
  const files: Record<string, string> = {
    // Code a tool might pick up by convention.
    '.claimlintrc.js': cjs('claimlintrc-js'),
    '.claimlintrc.cjs': cjs('claimlintrc-cjs'),
    '.claimlintrc.mjs': esm('claimlintrc-mjs'),
    'claimlint.config.js': cjs('config-js'),
    'claimlint.config.mjs': esm('config-mjs'),
    'claimlint.config.ts': cjs('config-ts'),
    'evil.js': cjs('evil-js'),
    'evil.cjs': cjs('evil-cjs'),
    'evil.mjs': esm('evil-mjs'),
    'evil.sh': shell('evil-sh'),
    'package.json': JSON.stringify({
      name: 'hostile-workspace',
      claimlint: { plugins: ['./evil.js'], config: './claimlint.config.js', extends: './evil.mjs' },
      scripts: { preinstall: 'node evil.js', postinstall: 'node evil.js', test: 'node evil.js' },
    }),
    'node_modules/claimlint-plugin-x/package.json': JSON.stringify({ name: 'claimlint-plugin-x', main: 'index.js' }),
    'node_modules/claimlint-plugin-x/index.js': cjs('plugin-x'),
    'node_modules/claimlint-plugin-x/rules.yaml': pack('pluginrules'),

    // No YAML config of its own: the JavaScript configs above are ignored, the built-in rules apply.
    'plain/draft.md': DRAFT,

    // Packs with code tags.
    'tags/.claimlintrc.yaml': 'packs:\n  - ./tagged.yaml\n  - ./python.yaml\n  - ./include.yaml\n',
    'tags/tagged.yaml': pack(
      'tagged',
      '',
      `    rationale: !!js/function "function () { require('fs').writeFileSync('${join(sentinels, 'js-function')}', 'ran') }"\n    sources: [!!js/eval "require('fs').writeFileSync('${join(sentinels, 'js-eval')}', 'ran')"]\n`,
    ),
    'tags/python.yaml': `pack: !!python/object/apply:os.system ["${shell('python')}"]\nrules: []\n`,
    'tags/include.yaml': 'pack: included\nrules: !include ../evil.js\n',
    'tags/draft.md': DRAFT,

    // Packs built to exhaust the parser: moderately deep first (a warm-up), then very deep, then an alias bomb.
    'bombs/.claimlintrc.yaml': 'packs:\n  - ./warm.yaml\n  - ./deep.yaml\n  - ./laughs.yaml\n',
    'bombs/warm.yaml': `pack: warm\n${deep('rules', 1_000)}`,
    'bombs/deep.yaml': `pack: deep\n${deep('rules', 30_000)}`,
    'bombs/laughs.yaml': `pack: laughs\n${laughs('lexicon')}rules: []\n`,
    'bombs/draft.md': DRAFT,

    // Keys asking for code to be loaded.
    'requires/.claimlintrc.yaml': 'packs:\n  - ./requires.yaml\n',
    'requires/requires.yaml': pack('requires', 'require: ../evil.js\nplugin: ../node_modules/claimlint-plugin-x\nimport: ../evil.mjs\n', '    require: ../evil.js\n'),
    'requires/draft.md': DRAFT,

    // Packs and sources that are code files.
    'code-paths/.claimlintrc.yaml':
      'packs:\n  - ../evil.js\n  - ../evil.mjs\n  - ../node_modules/claimlint-plugin-x/index.js\nsources:\n  - ../evil.js\n  - ../evil.cjs\n  - ../evil.mjs\n',
    'code-paths/draft.md': DRAFT,

    // Config keys asking for code.
    'config-keys/.claimlintrc.yaml': 'plugins:\n  - ../evil.js\nrequire: ../evil.js\nextends: ../claimlint.config.js\nimport: ../evil.mjs\n',
    'config-keys/draft.md': DRAFT,

    // Prototype pollution attempts.
    'proto/.claimlintrc.yaml': '__proto__:\n  polluted: yes\nconstructor:\n  prototype:\n    polluted: yes\ncategories:\n  __proto__:\n    polluted: yes\n',
    'proto/draft.md': DRAFT,
    'merge/.claimlintrc.yaml': '%YAML 1.1\n---\nbase: &base\n  __proto__:\n    polluted: yes\n  packs: [../evil.js]\ncategories:\n  <<: *base\n<<: *base\n',
    'merge/draft.md': DRAFT,

    // The config itself: a code tag, an alias bomb, deep nesting.
    'config-tags/.claimlintrc.yaml': `packs: !!js/function "function () { require('fs').writeFileSync('${join(sentinels, 'config-tag')}', 'ran') }"\n`,
    'config-tags/draft.md': DRAFT,
    'config-bomb/.claimlintrc.yaml': laughs('review'),
    'config-bomb/draft.md': DRAFT,
    'config-deep/.claimlintrc.yaml': deep('rules', 50_000),
    'config-deep/draft.md': DRAFT,

    // Reviewers' dismissals: a code tag, an alias bomb, prototype keys.
    'reviews-tags/.claimlint/reviews.yaml': `version: 1\ndismissals:\n  - rule: hype/superlative\n    claim: groundbreaking\n    sentence: 0123456789abcdef\n    reason: !!js/function "function () { require('fs').writeFileSync('${join(sentinels, 'reviews-tag')}', 'ran') }"\n    by: x\n    date: 2026-01-01\n`,
    'reviews-tags/draft.md': DRAFT,
    'reviews-bomb/.claimlint/reviews.yaml': `version: 1\n${laughs('dismissals')}`,
    'reviews-bomb/draft.md': DRAFT,
    'reviews-proto/.claimlint/reviews.yaml':
      'version: 1\n__proto__:\n  polluted: yes\ndismissals:\n  - rule: hype/superlative\n    claim: groundbreaking\n    sentence: 0123456789abcdef\n    reason: r\n    by: x\n    date: 2026-01-01\n    __proto__:\n      polluted: yes\n',
    'reviews-proto/draft.md': DRAFT,

    // Valid data with awkward names: it must work (a lexicon class called "constructor", sources with __proto__ keys).
    'valid-data/.claimlintrc.yaml': 'packs:\n  - ./names.yaml\nsources:\n  - ./refs.json\n  - ./refs.bib\n',
    'valid-data/names.yaml': pack('names', 'lexicon:\n  constructor: [sparkly]\n  prototype: [glossy]\n', '', '@constructor'),
    // Written as text: in a JavaScript object literal, __proto__ would set the prototype instead of being a key.
    'valid-data/refs.json':
      '[{"id": "proto-ref", "type": "article-journal", "title": "Ketamine and other things", "issued": {"date-parts": [[2020]]}, "__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "custom": {"__proto__": {"polluted": "yes"}}}]',
    'valid-data/refs.bib': '@string{__proto__ = "polluted"}\n@article{constructor, title = {Ketamine notes}, author = {Doe, Jane}, year = {2021}, journal = {J}, __proto__ = {polluted}}\n',
    'valid-data/draft.md': DRAFT,
  }
  return files
}

/** Folders whose configuration is broken, and the files and reasons each must report. */
const BAD: Record<string, Array<{ file: string; message: RegExp }>> = {
  tags: [
    { file: 'tags/tagged.yaml', message: /tag !!js\/function is not allowed/ },
    { file: 'tags/tagged.yaml', message: /tag !!js\/eval is not allowed/ },
    { file: 'tags/python.yaml', message: /tag !!python\/object\/apply:os\.system is not allowed/ },
    { file: 'tags/include.yaml', message: /tag !include is not allowed/ },
  ],
  bombs: [
    { file: 'bombs/warm.yaml', message: /nested more than \d+ levels deep/ },
    { file: 'bombs/deep.yaml', message: /nested more than \d+ levels deep/ },
    { file: 'bombs/laughs.yaml', message: /aliases expand too much/ },
  ],
  requires: [
    { file: 'requires/requires.yaml', message: /unknown key "require"/ },
    { file: 'requires/requires.yaml', message: /unknown key "plugin"/ },
    { file: 'requires/requires.yaml', message: /unknown key "import"/ },
  ],
  'code-paths': [
    { file: 'evil.js', message: /evil\.js is code, not a rule pack/ },
    { file: 'evil.mjs', message: /evil\.mjs is code, not a rule pack/ },
    { file: 'node_modules/claimlint-plugin-x/index.js', message: /index\.js is code, not a rule pack/ },
    { file: 'code-paths/.claimlintrc.yaml', message: /sources\[0\]: evil\.js is code, not a reference file/ },
    { file: 'code-paths/.claimlintrc.yaml', message: /sources\[1\]: evil\.cjs is code/ },
    { file: 'code-paths/.claimlintrc.yaml', message: /sources\[2\]: evil\.mjs is code/ },
  ],
  'config-keys': [
    { file: 'config-keys/.claimlintrc.yaml', message: /unknown key "plugins"/ },
    { file: 'config-keys/.claimlintrc.yaml', message: /unknown key "require"/ },
    { file: 'config-keys/.claimlintrc.yaml', message: /unknown key "extends"/ },
  ],
  proto: [
    { file: 'proto/.claimlintrc.yaml', message: /unknown key "__proto__"/ },
    { file: 'proto/.claimlintrc.yaml', message: /unknown key "constructor"/ },
  ],
  merge: [{ file: 'merge/.claimlintrc.yaml', message: /unknown key/ }],
  'config-tags': [{ file: 'config-tags/.claimlintrc.yaml', message: /tag !!js\/function is not allowed/ }],
  'config-bomb': [{ file: 'config-bomb/.claimlintrc.yaml', message: /aliases expand too much/ }],
  'config-deep': [{ file: 'config-deep/.claimlintrc.yaml', message: /nested more than \d+ levels deep/ }],
  'reviews-tags': [{ file: 'reviews-tags/.claimlint/reviews.yaml', message: /tag !!js\/function is not allowed/ }],
  'reviews-bomb': [{ file: 'reviews-bomb/.claimlint/reviews.yaml', message: /aliases expand too much/ }],
  'reviews-proto': [
    { file: 'reviews-proto/.claimlint/reviews.yaml', message: /unknown key "__proto__"/ },
    { file: 'reviews-proto/.claimlint/reviews.yaml', message: /dismissals\[0\]: unknown key "__proto__"/ },
  ],
}
const GOOD = ['plain', 'valid-data']

function writeTree(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true })
    writeFileSync(join(root, rel), text)
  }
}

/** A git repository whose config names commands: `git config --get` (who is dismissing) must run none. */
function hostileGit(root: string): boolean {
  try {
    execFileSync('git', ['init', '-q'], { cwd: root, stdio: 'ignore' })
    for (const [key, value] of [
      ['core.fsmonitor', `sh ${join(root, 'evil.sh')}`],
      ['core.pager', `sh ${join(root, 'evil.sh')}`],
      ['core.sshCommand', `sh ${join(root, 'evil.sh')}`],
      ['core.hooksPath', root],
      ['alias.config', `!sh ${join(root, 'evil.sh')}`],
    ]) {
      execFileSync('git', ['config', key, value], { cwd: root, stdio: 'ignore' })
    }
    return true
  } catch {
    return false // no git here: nothing git could run either
  }
}

const sentinelsLeft = (): string[] => readdirSync(sentinels)

/** Object.prototype as it should stay. */
const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort()
function expectNoPollution(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeys)
  expect((globalThis as Record<string, unknown>).__claimlintPwned).toBeUndefined()
}

function expectReported(problems: readonly ConfigProblem[], root: string, folder: string): void {
  for (const want of BAD[folder]) {
    const file = join(root, want.file)
    const hit = problems.find((p) => p.file === file && want.message.test(p.message))
    expect(hit, `${folder}: ${want.file} ${want.message} in ${JSON.stringify(problems.map((p) => `${p.file}: ${p.message}`), null, 1)}`).toBeDefined()
  }
}

describe('the sentinels work', () => {
  it('each kind of hostile file does write its sentinel when something runs it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'claimlint-control-'))
    made.push(dir)
    writeFileSync(join(dir, 'a.cjs'), cjs('control-cjs'))
    writeFileSync(join(dir, 'a.mjs'), esm('control-mjs'))
    execFileSync(process.execPath, [join(dir, 'a.cjs')])
    execFileSync(process.execPath, [join(dir, 'a.mjs')])
    expect(sentinelsLeft().filter((f) => f.startsWith('control-')).length).toBe(2)
    for (const f of sentinelsLeft()) rmSync(join(sentinels, f))
  })
})

describe('the engine loads a hostile workspace as data (in this process)', () => {
  const root = mkdtempSync(join(tmpdir(), 'claimlint-hostile-'))
  made.push(root)
  beforeAll(() => writeTree(root, hostileFiles()))

  it('ignores JavaScript configs, package.json and node_modules: the built-in rules apply', () => {
    expect(findConfig(join(root, 'plain'))).toBeUndefined()
    const { ruleSet, problems } = ruleSetFor(undefined)
    expect(problems).toEqual([])
    expect(ruleSet.rules.some((r) => r.pack.includes('plugin'))).toBe(false)
    expect(lint(DRAFT, { ruleSet }).map((f) => f.ruleId)).toContain('regulatory/ketamine-approved-off-label')
    expect(sentinelsLeft()).toEqual([])
    expectNoPollution()
  })

  it('reports every bad config, pack, source and reviews file by name, quickly, without running or polluting anything', () => {
    for (const folder of Object.keys(BAD)) {
      const started = performance.now()
      const dir = join(root, folder)
      const problems: ConfigProblem[] = []
      const file = findConfig(dir)
      if (file) {
        const loaded = loadConfig(file)
        problems.push(...loaded.problems)
        if (loaded.config) {
          problems.push(...ruleSetFor(loaded.config).problems)
          problems.push(...evidenceFor(loaded.config).problems)
        }
      }
      const reviews = findReviews(dir)
      if (reviews && reviews.root === dir) problems.push(...loadReviews(reviews.path).problems)
      expectReported(problems, root, folder)
      // Refused, not expanded: a bomb costs about as much as reading the file.
      expect(performance.now() - started, folder).toBeLessThan(10_000)
      expect(sentinelsLeft(), folder).toEqual([])
      expectNoPollution()
    }
  })

  it('a deep file after a moderately deep one does not bring the process down', () => {
    // The YAML parser recurses per level; handed these, Node can die outright (not an exception).
    const set = loadRuleSet([join(root, 'bombs/warm.yaml'), join(root, 'bombs/deep.yaml'), join(root, 'bombs/deep.yaml')], { builtin: false })
    expect(set.problems.filter((p) => /nested more than/.test(p.message))).toHaveLength(3)
    const config = join(root, 'config-deep/.claimlintrc.yaml')
    expect(() => ruleOffConfigText(readFileSync(config, 'utf8'), 'hype/superlative')).toThrow(/nests more than/)
  })

  it('sources that are code are refused unread; valid data with __proto__ and constructor keys loads without polluting', () => {
    for (const f of ['evil.js', 'evil.cjs', 'evil.mjs', 'claimlint.config.ts', 'node_modules/claimlint-plugin-x/index.js']) {
      expect(() => loadUserSources(join(root, f))).toThrow(/is code, not a reference file/)
    }
    const loaded = loadConfig(join(root, 'valid-data/.claimlintrc.yaml'))
    expect(loaded.problems).toEqual([])
    const rules = ruleSetFor(loaded.config)
    expect(rules.problems).toEqual([])
    const sources = evidenceFor(loaded.config)
    expect(sources.problems).toEqual([])
    const ids = [...sources.evidence.entries.keys()]
    expect(ids).toEqual(expect.arrayContaining(['proto-ref', 'constructor']))
    // Formatting the workspace's references runs them through citation-js: still data.
    const lib = withEntries(builtinEvidence(), [...loadUserSources(join(root, 'valid-data/refs.json')), ...loadUserSources(join(root, 'valid-data/refs.bib'))])
    expect(formatReference(lib.entries.get('proto-ref')!)).toMatch(/Ketamine/)
    // citeproc keys its registry by id, so an entry with the id "constructor" formats to nothing: odd, but no code runs.
    formatReference(lib.entries.get('constructor')!)
    const findings = lint(DRAFT, { ruleSet: rules.ruleSet, evidence: sources.evidence })
    expect(findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['hype/names', 'regulatory/ketamine-approved-off-label']))
    expect(sentinelsLeft()).toEqual([])
    expectNoPollution()
  })

  it('editor settings with __proto__ keys are problems, not pollution', () => {
    for (const raw of [{ '__proto__.polluted': 'yes' }, { 'severity.__proto__.polluted': 'yes' }, { 'constructor.prototype.polluted': 'yes' }, JSON.parse('{"__proto__": {"polluted": "yes"}, "severity": {"__proto__": {"polluted": "yes"}}}')]) {
      const { problems } = parseSettings(raw)
      expect(problems.length).toBeGreaterThan(0)
      expectNoPollution()
    }
  })
})

describe('the CLI on a hostile workspace', () => {
  const root = mkdtempSync(join(tmpdir(), 'claimlint-hostile-cli-'))
  made.push(root)
  beforeAll(() => writeTree(root, hostileFiles()))

  const run = (args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } => {
    const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } })
    if (r.error) throw r.error
    return { status: r.status, stdout: r.stdout, stderr: r.stderr }
  }

  it('each broken folder: exit 2 and every bad file named on stderr; nothing run', () => {
    for (const folder of Object.keys(BAD)) {
      const r = run(['draft.md'], join(root, folder))
      expect(r.status, `${folder}: ${r.stderr}`).toBe(2)
      for (const want of BAD[folder]) {
        const name = want.file.startsWith(`${folder}/`) ? want.file.slice(folder.length + 1) : join(root, want.file)
        const line = r.stderr.split('\n').find((l) => l.includes(name) && want.message.test(l))
        expect(line, `${folder}: ${want.file} ${want.message} in\n${r.stderr}`).toBeDefined()
      }
      expect(r.stderr).not.toMatch(/\n\s+at /) // a problem, not a stack trace
      expect(sentinelsLeft(), folder).toEqual([])
    }
  })

  it('folders with only valid data lint as usual; JavaScript configs are never looked at', () => {
    const clean = mkdtempSync(join(tmpdir(), 'claimlint-clean-'))
    made.push(clean)
    writeFileSync(join(clean, 'draft.md'), DRAFT)
    const expected = run(['--format', 'json', 'draft.md'], clean)
    const plain = run(['--format', 'json', 'draft.md'], join(root, 'plain'))
    expect(plain.stderr).toBe('')
    expect(plain.status).toBe(expected.status)
    expect(JSON.parse(plain.stdout)[0].findings).toEqual(JSON.parse(expected.stdout)[0].findings)
    const valid = run(['--format', 'json', 'draft.md'], join(root, 'valid-data'))
    expect(valid.stderr).toBe('')
    expect(valid.status).toBe(1)
    expect((JSON.parse(valid.stdout)[0].findings as Array<{ ruleId: string }>).map((f) => f.ruleId)).toContain('hype/names')
    expect(sentinelsLeft()).toEqual([])
  })

  it('--config naming a JavaScript or TypeScript file is refused unread', () => {
    for (const config of ['.claimlintrc.js', '.claimlintrc.cjs', '.claimlintrc.mjs', 'claimlint.config.mjs', 'claimlint.config.ts']) {
      const r = run(['--config', join('..', config), 'draft.md'], join(root, 'plain'))
      expect(r.status).toBe(2)
      expect(r.stderr).toContain(`${config} is code, not a configuration`)
    }
    expect(sentinelsLeft()).toEqual([])
  })
})

describe('the language server on a hostile workspace', () => {
  for (const mode of ['trusted', 'untrusted'] as const) {
    it(`${mode}: reports each bad file, keeps linting with what is valid, runs nothing`, async () => {
      // Trusted: VS Code hands the server the workspace's own settings, which here point at its code.
      const settings: Record<string, unknown> =
        mode === 'trusted'
          ? { packs: ['evil.js', 'node_modules/claimlint-plugin-x/index.js', 'node_modules/claimlint-plugin-x', 'tags/python.yaml', 'bombs/laughs.yaml'], '__proto__.polluted': 'yes', 'severity.__proto__.polluted': 'yes' }
          : {}
      const client = await TestClient.start({ files: hostileFiles(), settings })
      try {
        const git = hostileGit(client.root)
        const folders = [...GOOD, ...Object.keys(BAD)]
        const uris = new Map(folders.map((f) => [f, client.open(`${f}/draft.md`, DRAFT)]))
        for (const [folder, uri] of uris) {
          const p = await client.waitForDiagnostics(uri, (d) => d.version === 1)
          // The built-in rules (and any valid pack) still flag the draft, whatever else is broken.
          expect(p.diagnostics.map((d) => d.code), folder).toContain('regulatory/ketamine-approved-off-label')
          if (folder === 'valid-data') expect(p.diagnostics.map((d) => d.code)).toContain('hype/names')
        }
        const checked = await client.request<{ files: number }>('claimlint/checkWorkspace', {})
        expect(checked.files).toBeGreaterThanOrEqual(folders.length)

        // Every bad file is named in the output (one log line per problem; one notification per batch).
        const logged = client.logs.map((l) => l.message).join('\n')
        for (const folder of Object.keys(BAD)) {
          for (const want of BAD[folder]) {
            const line = logged.split('\n').find((l) => l.includes(client.path(want.file)) && want.message.test(l))
            expect(line, `${mode} ${folder}: ${want.file} ${want.message}`).toBeDefined()
          }
        }
        if (mode === 'trusted') {
          expect(logged).toMatch(/evil\.js is code, not a rule pack/)
          expect(logged).toMatch(/claimlint\.__proto__\.polluted: is not a setting/)
        }
        expect(client.messages.filter((m) => m.type === 1).length).toBeGreaterThan(0)

        // A config made deeper while the server runs (the parser would have recursed on it): still fine.
        client.write('bombs/warm.yaml', `pack: warm\n${deep('rules', 100_000)}`)
        client.write('config-deep/.claimlintrc.yaml', deep('rules', 200_000))
        client.filesChanged([
          { rel: 'bombs/warm.yaml', type: 2 },
          { rel: 'config-deep/.claimlintrc.yaml', type: 2 },
        ])
        const mark = client.mark()
        const v = client.replaceAll(uris.get('config-deep')!, `${DRAFT}\nKetamine cures depression.\n`)
        const again = await client.waitForDiagnostics(uris.get('config-deep')!, (d) => d.version === v, mark)
        expect(again.diagnostics.map((d) => d.code)).toContain('absolute/cure')

        // Turning a rule off edits the deep config: refused with a reason, not a crash.
        const reg = again.diagnostics.find((d) => d.code === 'regulatory/ketamine-approved-off-label')!
        const actions = await client.codeActions(uris.get('config-deep')!, reg.range, [reg])
        const off = actions.find((a) => a.kind === 'quickfix.claimlint.ruleOff')!
        const resolved = await client.resolve(off)
        expect(resolved.disabled?.reason).toMatch(/nests more than/)

        // Dismissing asks git who is reviewing, in a repository whose config names commands.
        const plain = uris.get('plain')!
        const pd = (await client.waitForDiagnostics(plain, (d) => d.version === 1)).diagnostics.find((d) => d.code === 'hype/superlative')!
        const dismiss = (await client.codeActions(plain, pd.range, [pd])).find((a) => a.kind === 'quickfix.claimlint.dismiss')!
        await client.request('workspace/executeCommand', dismiss.command)
        expect(existsSync(client.path('.claimlint/reviews.yaml'))).toBe(true)
        if (!git) console.warn('git is not installed: the hostile git config was not tried')

        expect(client.exitCode).toBeNull()
        expect(client.serverStderr).not.toMatch(/FATAL|out of memory|Maximum call stack/)
        expect(sentinelsLeft()).toEqual([])
      } finally {
        await client.stop()
      }
      expect(sentinelsLeft()).toEqual([])
    })
  }
})
