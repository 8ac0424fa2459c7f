// `claimlint report`: one self-contained HTML file (or Markdown) with a
// summary per draft, a chart that matches the findings, the checklist, every
// claim with its rewrite and sources, and a sortable overview.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { builtinEvidence, evidenceLink } from '../../server/src/engine/evidence.js'
import { buildDraftReport, scoreOf } from '../../server/src/report/model.js'
import { renderHtml, esc } from '../../server/src/report/html.js'
import { SEVERITIES } from '../../server/src/engine/types.js'
import { claimlint, cleanup, project } from '../cli/helpers.js'
import { NOW, draft } from './helpers.js'

vi.setConfig({ testTimeout: 60_000 })
afterAll(cleanup)

/** Every value of an attribute in the HTML. */
const attrs = (html: string, name: string): string[] => [...html.matchAll(new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`, 'gi'))].map((m) => m[1])

describe('claimlint report (HTML)', () => {
  let dir: string
  let html: string
  let stderr: string
  beforeAll(() => {
    dir = project({ 'drafts/promo.md': draft('promo.md'), 'drafts/good.md': draft('good.md'), 'drafts/clinic.txt': draft('clinic.txt') })
    const r = claimlint(['report', 'drafts/promo.md', 'drafts/*.{md,txt}', '--out', 'out/../report.html', '--date', '2026-11-23'], { cwd: dir })
    expect(r.status, r.stderr).toBe(0)
    stderr = r.stderr
    html = readFileSync(join(dir, 'report.html'), 'utf8')
  })

  it('writes one file and says so', () => {
    expect(stderr).toMatch(/^claimlint: wrote report\.html \(3 drafts, \d+ findings\)\n$/)
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html.match(/<section class="card draft"/g)).toHaveLength(3)
  })

  it('loads nothing: no script, stylesheet, image or font from anywhere, and a policy that forbids it', () => {
    expect(html).not.toMatch(/<script[^>]*\ssrc\s*=/i)
    expect(html).not.toMatch(/<link\b/i)
    expect(html).not.toMatch(/<img\b/i)
    expect(html).not.toMatch(/<iframe|<object|<embed|@import|url\(/i)
    expect(attrs(html, 'src')).toEqual([])
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`)
  })

  it('links out only to sources (DOI, PubMed, the official page of a library entry)', () => {
    const allowed = new Set([...builtinEvidence().entries.values()].map((e) => evidenceLink(e)).filter(Boolean))
    const hrefs = attrs(html, 'href').map((h) => h.replace(/&amp;/g, '&'))
    const external = hrefs.filter((h) => !h.startsWith('#'))
    expect(external.length).toBeGreaterThan(0)
    for (const h of external) expect(allowed.has(h), h).toBe(true)
    expect(external.some((h) => h.startsWith('https://doi.org/'))).toBe(true)
    // Internal links go to a draft's section.
    for (const h of hrefs.filter((x) => x.startsWith('#'))) expect(html).toContain(`id="${h.slice(1)}"`)
  })

  it('has an overview row per draft, sortable, with the numbers of each draft', () => {
    const table = html.slice(html.indexOf('<table class="sortable" id="overview-table">'), html.indexOf('</table>', html.indexOf('overview-table')))
    expect(table.match(/<tr data-file=/g)).toHaveLength(3)
    for (const f of ['drafts/promo.md', 'drafts/good.md', 'drafts/clinic.txt']) expect(table).toContain(`<tr data-file="${f}">`)
    expect(table).toContain('<th class="num" data-type="number">Score</th>')
    expect(html).toContain("addEventListener('click',sort)")
  })

  it('draws the chart from the same counts as the findings', () => {
    const promo = buildDraftReport('drafts/promo.md', draft('promo.md'), { format: 'markdown', now: NOW })
    const section = html.slice(html.indexOf('<section class="card draft" id="draft-1"'), html.indexOf('</section>', html.indexOf('id="draft-1"')))
    expect(section).toContain(`data-score="${promo.score}"`)
    const findings = [...promo.claims.map((c) => c.finding), ...promo.document.map((d) => d.finding)]
    const byCategory = new Map<string, number>()
    for (const f of findings) byCategory.set(f.category, (byCategory.get(f.category) ?? 0) + 1)
    const bars = [...section.matchAll(/<g class="bar" data-category="([^"]+)" data-total="(\d+)">(.*?)<\/g>/g)]
    expect(new Map(bars.map((b) => [b[1], Number(b[2])]))).toEqual(byCategory)
    for (const b of bars) {
      const segs = [...b[3].matchAll(/data-severity="(\w+)" data-count="(\d+)"/g)]
      for (const s of segs) expect(Number(s[2])).toBe(findings.filter((f) => f.category === b[1] && f.severity === s[1]).length)
    }
    expect(promo.score).toBe(scoreOf(promo.totals))
    expect(promo.score).toBe(Math.max(0, 100 - 10 * promo.totals.error - 4 * promo.totals.warning - promo.totals.info))
  })

  it('lists every claim with its message, suggested rewrite and sources', () => {
    const promo = buildDraftReport('drafts/promo.md', draft('promo.md'), { format: 'markdown', now: NOW })
    expect(promo.claims.length).toBeGreaterThan(3)
    for (const c of promo.claims) {
      expect(html).toContain(esc(c.finding.message))
      if (c.suggestion) expect(html).toContain(esc(c.suggestion))
    }
    const minimal = promo.claims.find((c) => c.finding.ruleId === 'safety/minimal-side-effects')!
    expect(minimal.suggestion).toBe('Ketamine often causes side effects. They can include feeling detached from your surroundings, feeling dizzy, and a rise in blood pressure.')
    expect(minimal.sources.map((s) => s.id)).toEqual(['short2018'])
    expect(html).toContain('href="https://doi.org/10.1016/S2215-0366(17)30272-9"')
  })

  it('shows the checklist, the reading level and the document checks', () => {
    const promo = buildDraftReport('drafts/promo.md', draft('promo.md'), { format: 'markdown', now: NOW })
    expect(promo.checklist.map((c) => [c.id, c.status])).toEqual([
      ['sources', 'fail'],
      ['date', 'fail'],
      ['risks', 'fail'],
      ['options', 'fail'],
      ['balance', 'fail'],
      ['uncertainty', 'fail'],
    ])
    const good = buildDraftReport('drafts/good.md', draft('good.md'), { format: 'markdown', now: NOW })
    expect(good.checklist.every((c) => c.status === 'pass'), JSON.stringify(good.checklist)).toBe(true)
    expect(good.document).toEqual([])
    expect(html).toContain('data-check="sources" data-status="fail"')
    expect(html).toContain('Flesch-Kincaid grade')
    expect(html).toContain(`data-grade="${promo.reading.grade}"`)
    expect(html).toContain('off-label/not-disclosed')
    expect(html).toContain('Add a &quot;Risks and side effects&quot; section')
  })

  it('escapes whatever the draft says', () => {
    const d = project({ 'x.txt': 'Ketamine is a miracle cure <script>alert(1)</script> for "PTSD" & pain.\n' })
    const r = claimlint(['report', 'x.txt'], { cwd: d })
    expect(r.status).toBe(0)
    expect(r.stdout).not.toContain('<script>alert(1)</script>')
    expect(r.stdout).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(r.stdout.match(/<script>/g)).toHaveLength(1)
  })
})

describe('claimlint report (Markdown)', () => {
  it('writes Markdown for --format markdown or an --out ending in .md', () => {
    const dir = project({ 'promo.md': draft('promo.md'), 'good.md': draft('good.md') })
    const r = claimlint(['report', 'promo.md', 'good.md', '--out', 'review.md', '--date', '2026-11-23'], { cwd: dir })
    expect(r.status, r.stderr).toBe(0)
    const md = readFileSync(join(dir, 'review.md'), 'utf8')
    expect(md).toMatch(/^# claimlint review report\n\n2 drafts · 2026-11-23 · claimlint \d+\.\d+\.\d+\n/)
    expect(md).toMatch(/\| promo\.md \| \d+ \| \d+ \| \d+ \| \d+ \| \d+ \| \d+ \| [\d.]+ \| [\d.]+ \| 0\/6 \|/)
    expect(md).toMatch(/\| good\.md \| 100 \| 0 \| 0 \| 0 \| 0 \| 0 \| [\d.]+ \| [\d.]+ \| 6\/6 \|/)
    expect(md).toContain('- [ ] **Sources named** (DISCERN 4): No references, citations or links to studies.')
    expect(md).toContain('- [x] **Risks described** (DISCERN 11)')
    expect(md).toMatch(/\| \d+ \| warning \| `safety\/minimal-side-effects` \| .* \| Ketamine often causes side effects\. .* \| \[Short 2018\]\(https:\/\/doi\.org\/10\.1016\/S2215-0366\(17\)30272-9\) \|/)
    expect(md).toContain('| `off-label/not-disclosed` |')
    expect(md).not.toMatch(/<(?!!--)[a-z]/i)
    const same = claimlint(['report', 'promo.md', 'good.md', '--format', 'markdown', '--date', '2026-11-23'], { cwd: dir })
    expect(same.stdout).toBe(md)
  })
})

describe('claimlint report: usage', () => {
  it('is listed in the help, and has its own', () => {
    const dir = project()
    expect(claimlint(['--help'], { cwd: dir }).stdout).toContain('claimlint report [files|globs|folders] --out report.html [--format html|markdown]')
    const help = claimlint(['report', '--help'], { cwd: dir })
    expect(help.status).toBe(0)
    expect(help.stdout).toMatch(/^Usage: claimlint report/)
  })
  it('exits 2 on a bad flag, format, date or a missing draft, and writes nothing', () => {
    const dir = project({ 'a.md': 'Ketamine.\n' })
    for (const args of [['a.md', '--bogus'], ['a.md', '--format', 'pdf'], ['a.md', '--date', 'yesterday'], ['missing.md']]) {
      const r = claimlint(['report', ...args, '--out', 'r.html'], { cwd: dir })
      expect(r.status, args.join(' ')).toBe(2)
      expect(r.stderr).toMatch(/^claimlint report: /)
      expect(existsSync(join(dir, 'r.html'))).toBe(false)
    }
  })
  it('exits 0 whatever it finds', () => {
    const dir = project({ 'a.md': 'Ketamine is FDA-approved for PTSD.\n' })
    const r = claimlint(['report', 'a.md', '--out', 'r.html'], { cwd: dir })
    expect(r.status).toBe(0)
    expect(readFileSync(join(dir, 'r.html'), 'utf8')).toContain('regulatory/ketamine-approved-off-label')
  })
  it('reads a draft from stdin', () => {
    const r = claimlint(['report', '-', '--stdin-filename', 'draft.txt', '--format', 'markdown'], { cwd: project(), input: 'Ketamine relieves PTSD within hours.\n' })
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('## draft.txt')
    expect(r.stdout).toContain('`efficacy/works-claim`')
  })
  it('renders a report with no drafts and no findings', () => {
    const out = renderHtml([], { version: '0.0.0', date: NOW })
    expect(out).toContain('0 drafts')
    const clean = buildDraftReport('clean.md', 'Our clinic is open on weekdays.\n', { format: 'markdown', now: NOW })
    expect(SEVERITIES.every((s) => clean.totals[s] === clean.document.filter((d) => d.finding.severity === s).length)).toBe(true)
    expect(renderHtml([clean], { version: '0.0.0', date: NOW })).toContain('No claims flagged.')
  })
})
