// VS Code end to end: the packaged claimlint-<version>.vsix installed into a real
// VS Code (code-server 4.100.3 = VS Code 1.100.3, the oldest version
// engines.vscode accepts), the workbench driven from headless Chromium with
// playwright-core. Nothing is mocked: the extension host loads the bundled
// client, which starts the bundled server from the installed extension.
//
// Needs (installed by .ci/run): code-server from ../shared/tools/install-code-server.sh
// (PREFIX $HOME/.cache/claimlint-code-server, or $CLAIMLINT_CODE_SERVER = its
// launcher) and Debian's chromium (/usr/bin/chromium, or $CLAIMLINT_CHROMIUM).
// Screenshots of every step: test-artifacts/vscode/.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { copyFileSync, cpSync, createWriteStream, type Dirent, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { chromium, type Browser, type Frame, type Locator, type Page } from 'playwright-core'
import { parse } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { artifacts, chromiumBin, CLAIM, codeServerBin, drafts, expectEvidenceRewrite, pkg, repo, RULE } from './helpers.js'

const out = artifacts('vscode')
const vsix = join(repo, `${pkg.name}-${pkg.version}.vsix`)
const WAIT = 30_000

const tmp = mkdtempSync(join(tmpdir(), 'claimlint-vscode-'))
const home = join(tmp, 'home')
const userData = join(tmp, 'user-data')
const extensions = join(tmp, 'extensions')
const workspace = join(tmp, 'drafts')
const config = join(tmp, 'config.yaml')
// code-server writes under ~ and the XDG folders unless told otherwise.
const env = {
  ...process.env,
  HOME: home,
  XDG_CONFIG_HOME: join(home, '.config'),
  XDG_DATA_HOME: join(home, '.local', 'share'),
  XDG_CACHE_HOME: join(home, '.cache'),
  XDG_STATE_HOME: join(home, '.local', 'state'),
}
const dirs = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions]

let server: ChildProcess | undefined
let browser: Browser | undefined
let page: Page
let port = 0
const timings: Array<[string, number]> = []
let shot = 0

/** Runs one step; on failure saves a screenshot and says which step broke. */
async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now()
  try {
    const result = await fn()
    timings.push([name, Date.now() - t0])
    return result
  } catch (err) {
    const file = join(out, `FAILED-${slug(name)}.png`)
    const saved = page ? await page.screenshot({ path: file }).then(() => true, () => false) : false
    throw new Error(`VS Code step "${name}" failed: ${(err as Error).message}${saved ? `\nscreenshot: ${file}` : ''}\ncode-server log: ${join(out, 'code-server.log')}`, { cause: err })
  }
}

async function screenshot(name: string, clip?: Locator): Promise<string> {
  const file = join(out, `${String(++shot).padStart(2, '0')}-${name}.png`)
  if (clip) await clip.screenshot({ path: file })
  else await page.screenshot({ path: file })
  return file
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
/** Editor text as rendered: non-breaking spaces back to spaces. */
const rendered = (s: string) => s.replace(/\u00a0/g, ' ')

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

async function healthy(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms
  for (;;) {
    try {
      const res = await fetch(url)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    if (server?.exitCode !== null && server?.exitCode !== undefined) throw new Error(`code-server exited (${server.exitCode})`)
    if (Date.now() > end) throw new Error(`${url} did not answer within ${ms} ms`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

// The active editor: the one whose tab is selected, not one kept in the background.
const editor = () => page.locator('.editor-instance .monaco-editor').first()
// The client's status bar item (its text always contains "claimlint").
const statusItem = () => page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: 'claimlint' }).first()
const squiggle = () => editor().locator('.squiggly-warning, .squiggly-error, .squiggly-info').first()

/**
 * The squiggles on the lines from the one showing `from` up to (not
 * including) the one showing `to` (to the end when omitted): the whole-draft
 * review squiggles the title too, so a claim's squiggle is found by its line.
 */
async function squigglesBetween(from: string, to?: string): Promise<Locator[]> {
  const top = await editor().locator('.view-line', { hasText: from }).first().boundingBox()
  if (!top) return []
  const bottom = to ? await editor().locator('.view-line', { hasText: to }).first().boundingBox() : null
  const end = bottom ? bottom.y : Infinity
  const out: Locator[] = []
  for (const s of await editor().locator('.squiggly-warning, .squiggly-error, .squiggly-info').all()) {
    const b = await s.boundingBox()
    if (b && b.y + b.height > top.y && b.y < end) out.push(s)
  }
  return out
}

/** The squiggle under the claim the Markdown test rewrites. */
async function claimSquiggle(): Promise<Locator> {
  const found = await squigglesBetween(CLAIM_LINE, '## Next steps')
  if (!found.length) throw new Error('no squiggle on the claim line')
  return found[0]
}
const CLAIM_LINE = 'minimal side effects'

// The review report's draft: one hype claim; the edit typed later adds a cure claim.
const REPORT_DRAFT = 'tms-report.md'
const REPORT_TEXT = '# TMS for depression\n\nTMS is a groundbreaking treatment.\n'
const REPORT_EDIT = 'TMS cures depression.'

/**
 * The review report inside the webview, if one is showing: webviews are
 * nested iframes (replaced on each update), so every frame is searched.
 */
async function reportInWebview(): Promise<{ frame: Frame; file: string; score: number; rules: string[]; text: string } | undefined> {
  for (const frame of page.frames()) {
    try {
      const found = await frame.evaluate(() => {
        const section = document.querySelector('section.card.draft')
        if (!section) return undefined
        return {
          file: section.getAttribute('data-file') ?? '',
          score: Number(section.getAttribute('data-score')),
          rules: [...section.querySelectorAll('table.claims tr[data-rule]')].map((r) => r.getAttribute('data-rule') ?? ''),
          text: section.textContent ?? '',
        }
      })
      if (found) return { frame, ...found }
    } catch {
      // A frame detached while being replaced by the next update.
    }
  }
  return undefined
}

async function openFile(name: string): Promise<void> {
  // Quick Open, as a user would.
  await page.keyboard.press('Control+p')
  const input = page.locator('.quick-input-widget input')
  await input.waitFor({ state: 'visible', timeout: WAIT })
  await input.fill(name)
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: WAIT })
  await page.keyboard.press('Enter')
  await page.locator(`.tab.active[aria-label^="${name}"]`).waitFor({ timeout: WAIT })
}

beforeAll(async () => {
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run "npm run package" (npm run test:e2e does)`)
  if (!existsSync(codeServerBin)) {
    throw new Error(`code-server not found at ${codeServerBin}: run ../shared/tools/install-code-server.sh "$HOME/.cache/claimlint-code-server" --with-chromium, or set CLAIMLINT_CODE_SERVER`)
  }
  if (!existsSync(chromiumBin)) throw new Error(`${chromiumBin} not found: apt-get install -y chromium (or install-code-server.sh --with-chromium)`)

  for (const d of [home, userData, extensions, workspace, join(userData, 'User')]) mkdirSync(d, { recursive: true })
  writeFileSync(config, 'auth: none\ncert: false\n')
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'security.workspace.trust.enabled': false,
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'update.mode': 'none',
        'chat.commandCenter.enabled': false,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'editor.minimap.enabled': false,
        'editor.fontSize': 15,
        'editor.hover.delay': 200,
        '[markdown]': { 'editor.wordWrap': 'on' },
        'files.autoSave': 'off',
        // less work for the 2-core CI machine: no git scanning of the throw-away folder
        'git.enabled': false,
        'git.autoRepositoryDetection': false,
        'workbench.colorTheme': 'Default Light Modern',
      },
      null,
      2,
    ),
  )
  for (const f of ['ketamine-ptsd.md', 'ketamine-ptsd.txt']) copyFileSync(join(drafts, f), join(workspace, f))
  writeFileSync(join(workspace, REPORT_DRAFT), REPORT_TEXT)

  const log = createWriteStream(join(out, 'code-server.log'))
  const install = spawnSync(codeServerBin, [...dirs, '--install-extension', vsix, '--force'], { env, encoding: 'utf8', timeout: 120_000 })
  log.write(`$ code-server --install-extension ${vsix}\n${install.stdout}${install.stderr}\n`)
  if (install.status !== 0) throw new Error(`code-server --install-extension failed (${install.status}): ${install.stderr || install.stdout}`)
  expect(install.stdout).toContain('successfully installed')
  // The installed extension is what the .vsix holds: the two bundles, the data
  // the server reads, the pages findings link to; no dependencies, sources or tests.
  const installed = join(extensions, `${pkg.publisher}.${pkg.name}-${pkg.version}`)
  const files = (readdirSync(installed, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((e) => e.isFile())
    .map((e) => relative(installed, join(e.parentPath, e.name)).split(sep).join('/'))
  writeFileSync(join(out, 'installed-files.txt'), `${files.sort().join('\n')}\n`)
  for (const f of ['package.json', 'readme.md', 'changelog.md', 'LICENSE.txt', 'media/icon.png', 'dist/client/extension.cjs', 'dist/server.bundle.mjs',
    'rules/schema/pack.schema.json', 'rules/packs/lexicon.yaml', 'rules/packs/safety.yaml', 'rules/evidence/ketamine.json', 'docs/rules/safety/minimal-side-effects.md']) {
    expect(files, `${f} in the installed extension`).toContain(f)
  }
  for (const f of files) {
    expect(f, 'only bundles and data ship').toMatch(/^(package\.json|readme\.md|changelog\.md|LICENSE\.txt|media\/icon\.png|\.vsixmanifest|dist\/client\/extension\.cjs|dist\/server\.bundle\.mjs|rules\/.+\.(yaml|json)|docs\/rules\/.+\.md)$/)
  }
  console.log(`${vsix}: ${(statSync(vsix).size / 1024).toFixed(0)} KiB, ${files.length} files installed`)

  port = await freePort()
  server = spawn(
    codeServerBin,
    [
      ...dirs,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      workspace,
    ],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  server.stdout!.pipe(log, { end: false })
  server.stderr!.pipe(log, { end: false })
  await healthy(`http://127.0.0.1:${port}/healthz`, 60_000)

  browser = await chromium.launch({
    executablePath: chromiumBin,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  page = await browser.newPage({ viewport: { width: 1200, height: 720 } })
  const console_ = createWriteStream(join(out, 'browser-console.log'))
  page.on('console', (m) => console_.write(`[${m.type()}] ${m.text()}\n`))
  page.on('pageerror', (e) => console_.write(`[pageerror] ${e.message}\n`))
}, 180_000)

afterAll(async () => {
  await browser?.close().catch(() => undefined)
  if (server?.pid) {
    try {
      process.kill(-server.pid, 'SIGTERM') // code-server and its extension host / language server children
    } catch {
      // already gone
    }
  }
  if (timings.length) {
    const lines = timings.map(([n, ms]) => `${(ms / 1000).toFixed(1).padStart(5)} s  ${n}`)
    writeFileSync(join(out, 'timings.txt'), `${lines.join('\n')}\n`)
    console.log(`VS Code e2e steps:\n${lines.join('\n')}`)
  }
  // Copy the extension host's logs (the claimlint output channel included) for failures.
  const logs = join(userData, 'logs')
  if (existsSync(logs)) cpSync(logs, join(out, 'vscode-logs'), { recursive: true })
  rmSync(tmp, { recursive: true, force: true })
})

describe('claimlint in VS Code (code-server)', () => {
  it('flags the claim, explains it on hover, applies the evidence-backed rewrite, and checks plain text', async () => {
    const draftPath = join(workspace, 'ketamine-ptsd.md')
    const original = readFileSync(draftPath, 'utf8')
    const safety = parse(readFileSync(join(repo, 'rules', 'packs', 'safety.yaml'), 'utf8')) as { rules: Array<{ id: string; message: string }> }
    const message = safety.rules.find((r) => r.id === RULE)!.message.replace(/\s+/g, ' ').trim()

    await step('open the workbench', async () => {
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`)
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 })
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'ketamine-ptsd.md' }).waitFor({ timeout: 60_000 })
      await screenshot('workbench')
    })

    await step('open the Markdown draft and wait for the claim squiggle', async () => {
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'ketamine-ptsd.md' }).click()
      await page.locator('.tab.active[aria-label^="ketamine-ptsd.md"]').waitFor({ timeout: WAIT })
      // First start: the extension activates and starts the bundled server.
      await expect.poll(async () => (await squigglesBetween(CLAIM_LINE, '## Next steps')).length, { timeout: 60_000 }).toBeGreaterThan(0)
      await screenshot('squiggle')
    })

    await step('hover the squiggle and read the explanation', async () => {
      const hover = page.locator('.monaco-hover:visible', { hasText: RULE })
      for (let attempt = 0; ; attempt++) {
        const box = (await (await claimSquiggle()).boundingBox())!
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 6)
        await page.mouse.move(box.x + box.width / 2 + 2, box.y + box.height / 2 - 6)
        try {
          await hover.first().waitFor({ state: 'visible', timeout: 5_000 })
          break
        } catch (err) {
          if (attempt === 3) throw err
          await page.mouse.move(0, 0)
        }
      }
      // The diagnostic part shows first; the server's hover (rule, why, evidence) follows.
      const text = () => hover.first().innerText().then((t) => t.replace(/\s+/g, ' '), () => '')
      await expect.poll(text, { timeout: 15_000 }).toContain('What the evidence says')
      expect(await text()).toContain(message)
      await page.waitForTimeout(300) // let the fade-in finish for the screenshot
      await screenshot('hover')
    })

    const title = await step('open the quick-fix menu with Control+. and find the rewrite focused', async () => {
      await page.keyboard.press('Escape')
      await page.mouse.move(0, 0)
      // Put the caret inside the flagged words, then ask for the quick fixes.
      const box = (await (await claimSquiggle()).boundingBox())!
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2 - 6)
      await page.keyboard.press('Escape') // a hover the click may have opened
      await page.keyboard.press('Control+.')
      const focused = page.locator('.action-widget .monaco-list-row.focused')
      await focused.waitFor({ state: 'visible', timeout: WAIT })
      const label = (await focused.getAttribute('aria-label')) ?? ''
      expect(label).toMatch(/^Rewrite with evidence/)
      await screenshot('quickfix-menu')
      return label
    })

    await step('apply the rewrite with Enter and save with Control+s', async () => {
      await page.keyboard.press('Enter')
      await expect.poll(async () => rendered(await editor().locator('.view-lines').innerText()), { timeout: WAIT }).toContain('[^short2018]:')
      await page.keyboard.press('Control+s')
      await expect.poll(() => readFileSync(draftPath, 'utf8'), { timeout: WAIT }).toContain('[^short2018]:')
      // The server lints the rewritten draft: the claim's squiggle goes (the
      // review's squiggles on the title stay), and the status bar, which counts
      // claims, has nothing left to count.
      await expect.poll(async () => (await squigglesBetween('## Side effects', '## Next steps')).length, { timeout: WAIT }).toBe(0)
      await expect.poll(async () => rendered(await statusItem().innerText()).trim(), { timeout: WAIT }).toBe('claimlint')
      await screenshot('rewritten')
    })

    await step('check the saved Markdown draft on disk', async () => {
      const saved = readFileSync(draftPath, 'utf8')
      writeFileSync(join(out, 'ketamine-ptsd.saved.md'), saved)
      expectEvidenceRewrite(original, saved, title)
      expect(saved).not.toContain(CLAIM)
    })

    await step('open the plain-text draft and wait for its squiggle', async () => {
      await openFile('ketamine-ptsd.txt')
      await expect.poll(() => page.locator('.statusbar-item[id$="status.editor.mode"]').innerText(), { timeout: WAIT }).toMatch(/Plain Text/)
      await squiggle().waitFor({ state: 'attached', timeout: WAIT })
    })

    await step('the status bar shows the claim count', async () => {
      // What the CLI finds in the same file: the status bar must say the same.
      // Claims only: the status bar does not count the whole-draft review (it is in the Problems view).
      const cli = spawnSync(process.execPath, [join(repo, 'bin', 'claimlint.js'), '--no-review', '--format', 'json', join(workspace, 'ketamine-ptsd.txt')], { encoding: 'utf8' })
      const findings = (JSON.parse(cli.stdout) as Array<{ findings: Array<{ severity: string }> }>)[0].findings
      expect(findings.length).toBeGreaterThan(0)
      const n = (s: string) => findings.filter((f) => f.severity === s).length
      const plural = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`
      const expected = `claimlint: ${[n('error') && plural(n('error'), 'error'), n('warning') && plural(n('warning'), 'warning'), n('info') && plural(n('info'), 'note')].filter(Boolean).join(', ')}`
      await expect.poll(async () => rendered(await statusItem().innerText()).trim(), { timeout: WAIT }).toBe(expected)
      await screenshot('plaintext-status')
    })
  }, 300_000)

  it('opens the review report from the command palette and updates it as the draft is edited', async () => {
    const draftPath = join(workspace, REPORT_DRAFT)

    await step('open a draft and run "claimlint: Open review report" from the command palette', async () => {
      if ((await page.locator('.monaco-workbench').count()) === 0) {
        await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`)
        await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 })
      }
      await openFile(REPORT_DRAFT)
      await squiggle().waitFor({ state: 'attached', timeout: 60_000 })
      await page.keyboard.press('Control+Shift+p')
      const input = page.locator('.quick-input-widget input')
      await input.waitFor({ state: 'visible', timeout: WAIT })
      await input.fill('>claimlint: Open review report')
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'claimlint: Open review report' }).first().waitFor({ timeout: WAIT })
      await page.keyboard.press('Enter')
    })

    const first = await step('the webview shows the draft\'s report: score, chart and the claim', async () => {
      await page.locator(`.tab[aria-label^="Review: ${REPORT_DRAFT}"]`).waitFor({ timeout: WAIT })
      await expect.poll(async () => (await reportInWebview())?.file, { timeout: WAIT }).toBe(REPORT_DRAFT)
      const report = (await reportInWebview())!
      expect(report.rules).toEqual(['hype/superlative'])
      expect(report.score).toBeGreaterThan(0)
      expect(report.score).toBeLessThan(100)
      expect(await report.frame.locator('svg.chart g.bar[data-category="hype"]').count()).toBe(1)
      // The report's own script runs under the webview's nonce CSP: the overview sorts on click.
      const scoreHeader = report.frame.locator('#overview-table thead th').nth(1)
      await scoreHeader.click()
      await expect.poll(() => scoreHeader.getAttribute('aria-sort'), { timeout: WAIT }).toBe('ascending')
      await screenshot('review-report')
      return report
    })

    await step('type a new claim in the draft and see the report change without saving', async () => {
      // The report opened beside the draft and left the caret there; click to be sure.
      await editor().locator('.view-lines').click()
      await page.keyboard.press('Control+End')
      await page.keyboard.type(REPORT_EDIT)
      await expect.poll(async () => rendered(await editor().locator('.view-lines').innerText()), { timeout: WAIT }).toContain(REPORT_EDIT)
      await expect.poll(async () => (await reportInWebview())?.rules ?? [], { timeout: WAIT }).toContain('absolute/cure')
      const after = (await reportInWebview())!
      expect(after.rules).toContain('hype/superlative')
      expect(after.text).toContain(REPORT_EDIT)
      expect(after.score).toBeLessThan(first.score)
      // Not saved: the report follows the editor, not the file.
      expect(readFileSync(draftPath, 'utf8')).toBe(REPORT_TEXT)
      await screenshot('review-report-updated')
    })
  }, 120_000)
})
