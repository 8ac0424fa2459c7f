// The HTML report in a real browser: headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core; no browser is downloaded).
// It renders with no request beyond the file itself and no script error, the
// chart's bars and counts agree with the findings, and the overview sorts on
// click. Saves a screenshot to test-artifacts/report/report.png, and to
// docs/images/report.png (the README's) when that is missing or when
// CLAIMLINT_UPDATE_SCREENSHOTS=1 (`npm run report:screenshot`).
//
// Skipped, and says so, when /usr/bin/chromium is not installed
// (apt-get install -y chromium).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { formatFor } from '../../server/src/engine/lint.js'
import { buildDraftReport, type DraftReport } from '../../server/src/report/model.js'
import { claimlint, cleanup, project, repo } from '../cli/helpers.js'
import { NOW, draft } from './helpers.js'

const CHROMIUM = '/usr/bin/chromium'
const hasChromium = existsSync(CHROMIUM)
if (!hasChromium) console.warn(`report.browser.test.ts: skipped, ${CHROMIUM} is not installed (apt-get install -y chromium)`)

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
const FILES = ['drafts/promo.md', 'drafts/clinic.txt', 'drafts/good.md']

describe.runIf(hasChromium)('the HTML report in headless Chromium', { timeout: 120_000 }, () => {
  let browser: Browser
  let page: Page
  let reportUrl: string
  let models: DraftReport[]
  const requests: string[] = []
  const errors: string[] = []

  beforeAll(async () => {
    const dir = project({ 'drafts/promo.md': draft('promo.md'), 'drafts/clinic.txt': draft('clinic.txt'), 'drafts/good.md': draft('good.md') })
    const r = claimlint(['report', ...FILES, '--out', 'report.html', '--date', '2026-11-23'], { cwd: dir })
    expect(r.status, r.stderr).toBe(0)
    reportUrl = pathToFileURL(join(dir, 'report.html')).href
    models = FILES.map((f) => buildDraftReport(f, draft(f.replace('drafts/', '')), { format: formatFor(f), now: NOW }))
    const { chromium } = await import('playwright-core')
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS })
    page = await browser.newPage({ viewport: { width: 1200, height: 1060 }, deviceScaleFactor: 1 })
    page.on('request', (req) => requests.push(req.url()))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(reportUrl)
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    cleanup()
  })

  it('renders every draft, loading nothing but the file, with no script error', async () => {
    expect(await page.title()).toBe('claimlint review report')
    expect(await page.locator('section.draft').count()).toBe(3)
    expect(await page.locator('#overview-table tbody tr').count()).toBe(3)
    expect(await page.locator('section.draft h2').allTextContents()).toEqual(FILES)
    expect(requests).toEqual([reportUrl])
    expect(errors).toEqual([])
  })

  it('draws a chart whose bars and counts agree with the findings', async () => {
    for (const [i, model] of models.entries()) {
      const section = page.locator(`#draft-${i + 1}`)
      const findings = [...model.claims.map((c) => c.finding), ...model.document.map((d) => d.finding)]
      if (findings.length === 0) {
        expect(await section.locator('.chart-empty').textContent()).toBe('No findings.')
        continue
      }
      await expect.poll(() => section.locator('svg.chart').isVisible()).toBe(true)
      const bars = await section.locator('svg.chart g.bar').evaluateAll((gs) =>
        gs.map((g) => ({
          category: g.getAttribute('data-category')!,
          total: Number(g.getAttribute('data-total')),
          label: g.querySelector('text.count')!.textContent,
          segs: [...g.querySelectorAll('rect.seg')].map((r) => ({
            severity: r.getAttribute('data-severity')!,
            count: Number(r.getAttribute('data-count')),
            width: (r as SVGRectElement).getBBox().width,
            x: (r as SVGRectElement).getBBox().x,
          })),
        })),
      )
      const categories = [...new Set(findings.map((f) => f.category))]
      expect(bars.map((b) => b.category).sort()).toEqual(categories.sort())
      const perUnit: number[] = []
      for (const b of bars) {
        const mine = findings.filter((f) => f.category === b.category)
        expect(b.total, b.category).toBe(mine.length)
        expect(b.label).toBe(String(mine.length))
        expect(b.segs.reduce((n, s) => n + s.count, 0)).toBe(mine.length)
        for (const s of b.segs) {
          expect(s.count, `${b.category} ${s.severity}`).toBe(mine.filter((f) => f.severity === s.severity).length)
          perUnit.push(s.width / s.count)
        }
        // Segments are stacked: each starts where the last ended.
        for (let k = 1; k < b.segs.length; k++) expect(b.segs[k].x).toBeCloseTo(b.segs[k - 1].x + b.segs[k - 1].width, 0)
      }
      // Bar length is proportional to the count.
      for (const w of perUnit) expect(w).toBeCloseTo(perUnit[0], 0)
      // The summary agrees too.
      expect(Number(await section.getAttribute('data-score'))).toBe(model.score)
    }
  })

  it('sorts the overview when a column header is clicked', async () => {
    const column = async (n: number): Promise<string[]> => page.locator(`#overview-table tbody tr td:nth-child(${n})`).allTextContents()
    const scores = models.map((m) => m.score)
    const score = page.locator('#overview-table thead th', { hasText: 'Score' })
    await score.click()
    expect(await score.getAttribute('aria-sort')).toBe('ascending')
    expect((await column(2)).map(Number)).toEqual([...scores].sort((a, b) => a - b))
    await score.click()
    expect(await score.getAttribute('aria-sort')).toBe('descending')
    expect((await column(2)).map(Number)).toEqual([...scores].sort((a, b) => b - a))
    const name = page.locator('#overview-table thead th', { hasText: 'Draft' })
    await name.click()
    expect(await score.getAttribute('aria-sort')).toBeNull()
    expect(await column(1)).toEqual([...FILES].sort())
    // A row still links to its draft.
    await page.locator('#overview-table a', { hasText: 'drafts/good.md' }).click()
    expect(page.url()).toBe(`${reportUrl}#draft-3`)
  })

  it('follows a dark colour scheme, and VS Code`s dark theme, with readable text', async () => {
    /** WCAG contrast ratio of two computed rgb() colours. */
    const rgb = (c: string): number[] => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number)
    const lum = (c: string): number => {
      const [r, g, b] = rgb(c).map((v) => {
        const x = v / 255
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4
      })
      return 0.2126 * r + 0.7152 * g + 0.0722 * b
    }
    const contrast = (a: string, b: string): number => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05)
    const colours = (p: Page) =>
      p.evaluate(() => {
        const style = (sel: string) => getComputedStyle(document.querySelector(sel)!)
        return {
          body: style('body').backgroundColor,
          fg: style('body').color,
          card: style('section.card').backgroundColor,
          muted: style('.muted, .facts dt').color,
          th: style('th').backgroundColor,
          thText: style('th').color,
        }
      })
    const check = (c: Awaited<ReturnType<typeof colours>>, dark: boolean): void => {
      expect(lum(c.body) < 0.05, `body ${c.body}`).toBe(dark)
      expect(contrast(c.fg, c.card)).toBeGreaterThanOrEqual(7)
      expect(contrast(c.muted, c.card)).toBeGreaterThanOrEqual(4.5)
      expect(contrast(c.thText, c.th)).toBeGreaterThanOrEqual(4.5)
    }
    check(await colours(page), false)
    const dark = await browser.newPage({ colorScheme: 'dark' })
    try {
      await dark.goto(reportUrl)
      check(await colours(dark), true)
    } finally {
      await dark.close()
    }
    // In VS Code the webview's body carries the theme's class, whatever the scheme says.
    const webview = await browser.newPage({ colorScheme: 'light' })
    try {
      await webview.goto(reportUrl)
      await webview.evaluate(() => document.body.classList.add('vscode-dark'))
      check(await colours(webview), true)
    } finally {
      await webview.close()
    }
  })

  it('saves a screenshot', async () => {
    await page.goto(reportUrl)
    await page.evaluate(() => window.scrollTo(0, 0))
    const out = join(repo, 'test-artifacts', 'report')
    mkdirSync(out, { recursive: true })
    const shot = await page.screenshot({ path: join(out, 'report.png') })
    expect(shot.subarray(1, 4).toString()).toBe('PNG')
    const docs = join(repo, 'docs', 'images', 'report.png')
    if (!existsSync(docs) || process.env.CLAIMLINT_UPDATE_SCREENSHOTS === '1') {
      mkdirSync(join(repo, 'docs', 'images'), { recursive: true })
      await page.screenshot({ path: docs })
    }
    expect(readFileSync(docs).subarray(1, 4).toString()).toBe('PNG')
    expect(statSync(docs).size).toBeLessThan(400_000)
  })
})
