// The workspace's own sources: a BibTeX file named in .claimlintrc.yaml feeds
// "cite a source", and a workspace pack's rewrite can cite it.
import { describe, it, expect } from 'vitest'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { claimlint } from './helpers.js'

const bib = `@article{okafor2024,
  title = {Ketamine infusions in a community clinic: a made-up cohort},
  author = {Okafor, Ada and Lind, Per},
  journal = {Journal of Invented Examples},
  year = {2024},
  doi = {10.5555/invented.2024.1}
}
`

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'claimlint-sources-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

describe('workspace sources', () => {
  it('a .bib file feeds "cite a source"', () => {
    const dir = project({ '.claimlintrc.yaml': 'sources:\n  - refs.bib\n', 'refs.bib': bib, 'k.md': '# Ketamine clinic\n\nKetamine is a groundbreaking treatment.\n' })
    const out = JSON.parse(claimlint(['k.md', '--format', 'json'], { cwd: dir }).stdout)
    const f = out[0].findings.find((x: { ruleId: string }) => x.ruleId === 'hype/superlative')
    const cite = f.fixes.find((x: { kind: string }) => x.kind === 'cite')
    expect(cite.sources).toContain('okafor2024')
    expect(cite.title).toMatch(/Okafor A/)
  })
  it('a workspace pack rewrite cites it, in the configured citation style', () => {
    const pack = [
      'pack: team',
      'topic: ketamine',
      'rules: []',
      'rewrites:',
      '  - id: team-hype',
      '    rules: [hype/superlative]',
      '    text: Our clinic offers ketamine infusions for some adults with depression.',
      '    sources: [okafor2024]',
      '',
    ].join('\n')
    const dir = project({ '.claimlintrc.yaml': 'sources: [refs.bib]\npacks: [team.yaml]\ncitationStyle: numbered\n', 'refs.bib': bib, 'team.yaml': pack, 'k.md': '# Ketamine clinic\n\nKetamine is a groundbreaking treatment.\n' })
    claimlint(['k.md', '--fix'], { cwd: dir })
    const text = readFileSync(join(dir, 'k.md'), 'utf8')
    expect(text).toContain('Our clinic offers ketamine infusions for some adults with depression [1].')
    expect(text).toMatch(/## References\n\n1\. Okafor A, Lind P\. Ketamine infusions in a community clinic/)
  })
  it('a missing sources file is a configuration error naming its line', () => {
    const dir = project({ '.claimlintrc.yaml': 'categories:\n  hype: info\nsources:\n  - nope.bib\n', 'k.md': 'TMS is a groundbreaking treatment.\n' })
    const r = claimlint(['k.md'], { cwd: dir })
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/\.claimlintrc\.yaml:4:\d+.*sources\[0\]/)
  })
})
