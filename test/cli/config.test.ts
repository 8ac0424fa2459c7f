// Unit tests for server/src/engine/config.ts: discovery, validation with
// positions, pack resolution and the checks that need the loaded rules.
import { afterAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { findConfig, loadConfig, ruleSetFor, severityConfig, DEFAULT_MAX_FILE_SIZE } from '../../server/src/engine/config.js'
import { cleanup, project, SPARKLE_PACK } from './helpers.js'

afterAll(cleanup)

describe('findConfig', () => {
  it('walks up from the start folder to the nearest config', () => {
    const dir = project({ '.claimlintrc.yaml': '', 'a/.claimlintrc.yml': '', 'a/b/c/draft.md': '' })
    expect(findConfig(join(dir, 'a', 'b', 'c'))).toBe(join(dir, 'a', '.claimlintrc.yml'))
    expect(findConfig(join(dir, 'a'))).toBe(join(dir, 'a', '.claimlintrc.yml'))
    expect(findConfig(dir)).toBe(join(dir, '.claimlintrc.yaml'))
  })

  it('prefers .yaml over .yml in the same folder', () => {
    const dir = project({ '.claimlintrc.yml': '', '.claimlintrc.yaml': '' })
    expect(findConfig(dir)).toBe(join(dir, '.claimlintrc.yaml'))
  })

  it('ignores a folder that happens to be named like a config', () => {
    const dir = project({ 'x/.claimlintrc.yaml/keep': '', 'x/y/draft.md': '' })
    expect(findConfig(join(dir, 'x', 'y'))).not.toBe(join(dir, 'x', '.claimlintrc.yaml'))
  })

  it('stops at the filesystem root when there is none', () => {
    const dir = project({ 'a/b/draft.md': '' })
    // Nothing in the temp tree; anything found must be above it (normally nothing).
    const found = findConfig(join(dir, 'a', 'b'))
    expect(found === undefined || !found.startsWith(dir)).toBe(true)
  })
})

describe('loadConfig', () => {
  it('reads every key and resolves packs relative to the config file', () => {
    const dir = project({
      'proj/.claimlintrc.yaml': [
        'categories:',
        '  hype: "off"',
        '  safety: error',
        'rules:',
        '  efficacy/works-claim: info',
        'packs:',
        '  - packs/one.yaml',
        '  - ../shared-packs',
        'languages: [markdown, plaintext]',
        'maxFileSize: 1000',
        '',
      ].join('\n'),
    })
    const { config, problems } = loadConfig(join(dir, 'proj', '.claimlintrc.yaml'))
    expect(problems).toEqual([])
    expect(config).toMatchObject({
      file: join(dir, 'proj', '.claimlintrc.yaml'),
      categories: { hype: 'off', safety: 'error' },
      rules: { 'efficacy/works-claim': 'info' },
      packs: [join(dir, 'proj', 'packs', 'one.yaml'), join(dir, 'shared-packs')],
      languages: ['markdown', 'plaintext'],
      maxFileSize: 1000,
    })
    expect(severityConfig(config)).toEqual({ categories: { hype: 'off', safety: 'error' }, rules: { 'efficacy/works-claim': 'info' } })
  })

  it('treats an empty file as an empty config', () => {
    const dir = project({ '.claimlintrc.yaml': '# nothing yet\n' })
    const { config, problems } = loadConfig(join(dir, '.claimlintrc.yaml'))
    expect(problems).toEqual([])
    expect(config).toMatchObject({ categories: {}, rules: {}, packs: [] })
    expect(config?.maxFileSize ?? DEFAULT_MAX_FILE_SIZE).toBeGreaterThanOrEqual(10 * 1000 * 1000)
  })

  it('reports unknown keys and bad values with their line and column', () => {
    const file = join(project({ '.claimlintrc.yaml': 'categories:\n  hype: loud\nrules:\n  NotAnId: off\npacks: notalist\nmaxFileSize: 10MB\ncolour: red\n' }), '.claimlintrc.yaml')
    const { config, problems } = loadConfig(file)
    expect(config).toBeUndefined()
    const byLine = Object.fromEntries(problems.map((p) => [p.line, p]))
    expect(problems.every((p) => p.file === file)).toBe(true)
    expect(byLine[2]).toMatchObject({ column: 9, message: expect.stringContaining('categories.hype: must be one of') })
    expect(byLine[4]).toMatchObject({ column: 3, message: expect.stringContaining('"NotAnId" is not a rule id') })
    expect(byLine[5].message).toMatch(/^packs: must be array/)
    expect(byLine[6].message).toMatch(/^maxFileSize: must be integer/)
    expect(byLine[7]).toMatchObject({ column: 1, message: 'unknown key "colour"' })
  })

  it('reports YAML syntax errors and duplicate keys with positions', () => {
    const dir = project({ 'a.yaml': 'rules:\n  hype/superlative: [error\n', 'b.yaml': 'categories:\n  hype: off\n  hype: error\n' })
    const a = loadConfig(join(dir, 'a.yaml'))
    expect(a.config).toBeUndefined()
    expect(a.problems[0].message).toMatch(/^YAML: /)
    expect(a.problems[0].line).toBeGreaterThanOrEqual(2)
    const b = loadConfig(join(dir, 'b.yaml'))
    expect(b.problems).toEqual([expect.objectContaining({ line: 3, column: 3, message: expect.stringMatching(/unique/) })])
  })

  it('reports a file it cannot read', () => {
    const { config, problems } = loadConfig(join(project(), 'missing.yaml'))
    expect(config).toBeUndefined()
    expect(problems[0].message).toMatch(/cannot read config/)
  })
})

describe('ruleSetFor', () => {
  it('is the built-in rule set without a config', () => {
    const { ruleSet, problems } = ruleSetFor(undefined)
    expect(problems).toEqual([])
    expect(ruleSet.rules.length).toBeGreaterThan(0)
  })

  it('adds packs found relative to the config', () => {
    const dir = project({ 'cfg/.claimlintrc.yaml': 'packs: [../packs]\n', 'packs/sparkle.yaml': SPARKLE_PACK })
    const { config } = loadConfig(join(dir, 'cfg', '.claimlintrc.yaml'))
    const { ruleSet, problems } = ruleSetFor(config)
    expect(problems).toEqual([])
    expect(ruleSet.rules.map((r) => r.id)).toContain('hype/sparkle')
    expect(ruleSet.packs.map((p) => p.name)).toContain('sparkle-test')
  })

  it('accepts rule ids from its extra packs, and names unknown ones at their line', () => {
    const dir = project({ '.claimlintrc.yaml': 'packs: [sparkle.yaml]\nrules:\n  hype/sparkle: off\n  hype/glitter: off\n', 'sparkle.yaml': SPARKLE_PACK })
    const { config } = loadConfig(join(dir, '.claimlintrc.yaml'))
    const { problems } = ruleSetFor(config)
    expect(problems).toEqual([{ file: join(dir, '.claimlintrc.yaml'), line: 4, column: 3, message: 'rules: unknown rule "hype/glitter"' }])
  })

  it('points a missing pack at its config line, and passes on broken packs with their own positions', () => {
    const dir = project({
      '.claimlintrc.yaml': 'packs:\n  - gone.yaml\n  - broken.yaml\n',
      'broken.yaml': SPARKLE_PACK.replace('    category: hype', '    category: sparkle'),
    })
    const { config } = loadConfig(join(dir, '.claimlintrc.yaml'))
    const { problems } = ruleSetFor(config)
    expect(problems).toContainEqual(expect.objectContaining({ file: join(dir, '.claimlintrc.yaml'), line: 2, column: 5 }))
    expect(problems).toContainEqual(expect.objectContaining({ file: join(dir, 'broken.yaml'), line: 5, message: expect.stringContaining('category') }))
  })
})
