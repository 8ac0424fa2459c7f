// What gets linted: globs, folders, and the files that are skipped.
import { afterAll, describe, expect, it, vi } from 'vitest'
import { claimlint, cleanup, DRAFTS, json, project } from './helpers.js'

vi.setConfig({ testTimeout: 30_000 })
afterAll(cleanup)

const tree = {
  'guide.md': DRAFTS.hype,
  'notes.txt': DRAFTS.clean,
  'site/index.html': '<p>TMS is a groundbreaking treatment.</p>\n',
  'site/faq.markdown': DRAFTS.error,
  'site/sub/more.txt': DRAFTS.hype,
  'site/node_modules/pkg/README.md': DRAFTS.error,
}

describe('globs and folders', () => {
  it('a glob lints the files it matches, named as matched', () => {
    const dir = project(tree)
    const out = json(claimlint(['*.md', '--format', 'json'], { cwd: dir }))
    expect(out.map((o) => o.file)).toEqual(['guide.md'])
  })

  it('a recursive glob reaches subfolders', () => {
    const dir = project(tree)
    const out = json(claimlint(['site/**/*.txt', '--format', 'json'], { cwd: dir }))
    expect(out.map((o) => o.file)).toEqual(['site/sub/more.txt'])
  })

  it('a folder expands to its Markdown and text drafts, skipping node_modules', () => {
    const dir = project(tree)
    const r = claimlint(['site', '--format', 'json'], { cwd: dir })
    expect(r.status).toBe(1)
    const files = json(r).map((o) => o.file.replace(/\\/g, '/'))
    expect(files.sort()).toEqual(['site/faq.markdown', 'site/sub/more.txt'])
  })

  it('a file named twice (directly and by glob) is linted once', () => {
    const dir = project(tree)
    const out = json(claimlint(['guide.md', '*.md', '--format', 'json'], { cwd: dir }))
    expect(out.map((o) => o.file)).toEqual(['guide.md'])
  })

  it('a folder with no drafts is a usage error', () => {
    const dir = project({ 'empty/readme.html': '<p>hi</p>' })
    const r = claimlint(['empty'], { cwd: dir })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('empty')
  })
})

describe('skipped files', () => {
  it('binary files (NUL bytes or invalid UTF-8) are skipped with one message each', () => {
    const dir = project({
      'image.md': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
      'latin1.txt': Buffer.from('Caf\xe9 hours: TMS is a groundbreaking treatment.\n', 'latin1'),
      'ok.md': DRAFTS.clean,
    })
    const r = claimlint(['image.md', 'latin1.txt', 'ok.md', '--format', 'json'], { cwd: dir })
    expect(r.status).toBe(0)
    expect(json(r).map((o) => o.file)).toEqual(['ok.md'])
    const messages = r.stderr.trim().split('\n')
    expect(messages).toHaveLength(2)
    expect(messages[0]).toMatch(/skipped image\.md: binary/)
    expect(messages[1]).toMatch(/skipped latin1\.txt: binary/)
  })

  it('binary stdin is skipped too', () => {
    const r = claimlint(['-', '--format', 'json'], { cwd: project(), input: Buffer.from([0x00, 0x01, 0x02]) })
    expect(r.status).toBe(0)
    expect(r.stderr).toContain('skipped <stdin>: binary')
  })

  it('files over maxFileSize are skipped with a message', () => {
    const big = DRAFTS.error.repeat(20)
    const dir = project({ '.claimlintrc.yaml': 'maxFileSize: 200\n', 'big.md': big, 'small.md': DRAFTS.hype })
    const r = claimlint(['big.md', 'small.md', '--format', 'json'], { cwd: dir })
    expect(r.status).toBe(0)
    expect(r.stderr).toContain(`skipped big.md: ${Buffer.byteLength(big)} bytes is over maxFileSize (200)`)
    expect(json(r).map((o) => o.file)).toEqual(['small.md'])
  })
})
