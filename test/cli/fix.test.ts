// claimlint --fix and --fix-dry-run as a process, and fixes in JSON output.
import { describe, it, expect } from 'vitest'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { claimlint } from './helpers.js'

const draft = '# Ketamine for PTSD\n\nKetamine has minimal side effects. Call us to book.\n'

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'claimlint-fix-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

describe('--fix-dry-run', () => {
  it('prints a unified diff and changes nothing', () => {
    const dir = project({ 'k.md': draft })
    const r = claimlint(['k.md', '--fix-dry-run'], { cwd: dir })
    expect(r.stdout).toMatch(/^--- k\.md/m)
    expect(r.stdout).toMatch(/^\+Ketamine often causes side effects\.\[\^short2018\]/m)
    expect(r.stdout).toMatch(/^\+\[\^short2018\]: Short B/m)
    expect(readFileSync(join(dir, 'k.md'), 'utf8')).toBe(draft)
  })
})

describe('--fix', () => {
  it('rewrites the draft with its reference, and a second run changes nothing', () => {
    const dir = project({ 'k.md': draft })
    const first = claimlint(['k.md', '--fix', '--format', 'json'], { cwd: dir })
    const fixed = readFileSync(join(dir, 'k.md'), 'utf8')
    expect(fixed).toContain('Ketamine often causes side effects.[^short2018]')
    expect(fixed).toContain('Call us to book.')
    expect(JSON.parse(first.stdout)[0].findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('safety/minimal-side-effects')
    claimlint(['k.md', '--fix'], { cwd: dir })
    expect(readFileSync(join(dir, 'k.md'), 'utf8')).toBe(fixed)
  })
  it('writes stdin fixes to stdout', () => {
    const dir = project({})
    const r = claimlint(['-', '--fix', '--stdin-filename', 'k.md'], { cwd: dir, input: draft })
    expect(r.stdout).toContain('Ketamine often causes side effects.[^short2018]')
  })
  it('adds entries to the pandoc bibliography the front matter names', () => {
    const dir = project({ 'k.md': `---\nbibliography: refs.json\n---\n\n${draft.split('\n\n')[1]}\n`, 'refs.json': '[]\n' })
    claimlint(['k.md', '--fix'], { cwd: dir })
    expect(readFileSync(join(dir, 'k.md'), 'utf8')).toContain('[@short2018]')
    const refs = JSON.parse(readFileSync(join(dir, 'refs.json'), 'utf8'))
    expect(refs.map((e: { id: string }) => e.id)).toEqual(['short2018'])
    expect(refs[0].DOI).toBe('10.1016/S2215-0366(17)30272-9')
  })
})

describe('JSON fixes', () => {
  it('lists each finding\'s fixes with their edits as offsets', () => {
    const dir = project({ 'k.md': draft })
    const out = JSON.parse(claimlint(['k.md', '--format', 'json'], { cwd: dir }).stdout)
    const f = out[0].findings.find((x: { ruleId: string }) => x.ruleId === 'safety/minimal-side-effects')
    expect(f.fixes.map((x: { kind: string }) => x.kind)).toEqual(['evidence', 'soften', 'cite'])
    const best = f.fixes[0]
    expect(best.preferred).toBe(true)
    expect(best.sources).toEqual(['short2018'])
    let text = draft
    for (const e of [...best.edits].sort((a: { start: number }, b: { start: number }) => b.start - a.start)) text = text.slice(0, e.start) + e.newText + text.slice(e.end)
    expect(text).toContain('Ketamine often causes side effects.[^short2018]')
  })
})
