// Neovim end to end: Debian's neovim (0.7), headless, with its built-in LSP
// client configured by test/e2e/nvim/init.lua to start the real server
// (bin/claimlint-server.js --stdio, the bin other editors use) for Markdown.
// test/e2e/nvim/drive.lua waits for the diagnostics, applies "Rewrite with
// evidence" through vim.lsp.buf.code_action() (Neovim resolves the action and
// applies the workspace edit itself) and writes the buffer; this test checks
// what it wrote. Nothing is mocked.
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { artifacts, CLAIM, drafts, expectEvidenceRewrite, nvimBin, repo, RULE } from './helpers.js'

const out = artifacts('neovim')
const tmp = mkdtempSync(join(tmpdir(), 'claimlint-nvim-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

interface Report {
  ok?: boolean
  failed?: string
  steps: Array<{ name: string; ok: boolean; ms: number; error?: string }>
  nvim: { major: number; minor: number; patch: number }
  filetype: string
  diagnostics?: Array<{ code: string; lnum: number; message: string }>
  menu?: string[]
  chosen?: string
  after?: string[]
}

describe('Neovim built-in LSP client', () => {
  it('shows claimlint diagnostics for a Markdown draft and applies the evidence-backed rewrite', () => {
    const version = spawnSync(nvimBin, ['--version'], { encoding: 'utf8' })
    if (version.error) throw new Error(`cannot run ${nvimBin} (${version.error.message}): apt-get install -y neovim, or set CLAIMLINT_NVIM`)
    const server = join(repo, 'bin', 'claimlint-server.js')
    expect(existsSync(join(repo, 'dist', 'server', 'src', 'server.js')), 'dist/ is missing: run npm run build').toBe(true)

    const draft = join(tmp, 'ketamine-ptsd.md')
    copyFileSync(join(drafts, 'ketamine-ptsd.md'), draft)
    const original = readFileSync(draft, 'utf8')
    const saved = join(tmp, 'rewritten.md')
    const reportFile = join(tmp, 'report.json')

    const t0 = Date.now()
    const run = spawnSync(
      nvimBin,
      ['--headless', '-n', '-i', 'NONE', '-u', join(repo, 'test/e2e/nvim/init.lua'), draft, '-c', `luafile ${join(repo, 'test/e2e/nvim/drive.lua')}`],
      {
        cwd: tmp,
        encoding: 'utf8',
        timeout: 120_000,
        env: {
          ...process.env,
          // a throw-away home: no user config, shada or logs of the machine's user
          HOME: tmp,
          XDG_CONFIG_HOME: join(tmp, 'config'),
          XDG_DATA_HOME: join(tmp, 'data'),
          XDG_STATE_HOME: join(tmp, 'state'),
          XDG_CACHE_HOME: join(tmp, 'cache'),
          CLAIMLINT_SERVER: server,
          CLAIMLINT_NODE: process.execPath,
          CLAIMLINT_E2E_OUT: saved,
          CLAIMLINT_E2E_REPORT: reportFile,
        },
      },
    )
    const seconds = ((Date.now() - t0) / 1000).toFixed(1)
    const log = `nvim ${version.stdout.split('\n')[0]}\nexit ${run.status} ${run.signal ?? ''} after ${seconds}s\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}\n`
    writeFileSync(join(out, 'nvim.log'), log)
    const report: Report | undefined = existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, 'utf8')) : undefined
    if (report) copyFileSync(reportFile, join(out, 'report.json'))
    if (existsSync(saved)) copyFileSync(saved, join(out, 'rewritten.md'))
    const failed = report?.steps.find((s) => !s.ok)
    if (run.status !== 0 || !report?.ok) {
      throw new Error(
        `Neovim step failed: ${failed ? `"${failed.name}": ${failed.error}` : `no report (exit ${run.status}, ${run.error?.message ?? run.signal ?? ''})`}; ` +
          `log: ${join(out, 'nvim.log')}`,
      )
    }
    console.log(`neovim e2e: ${report.steps.map((s) => `${s.name} ${s.ms} ms`).join('; ')}; total ${seconds}s`)

    expect(report.nvim.major * 100 + report.nvim.minor).toBeGreaterThanOrEqual(7)
    expect(report.filetype).toBe('markdown')
    const d = report.diagnostics!.find((x) => x.code === RULE)!
    expect(original.split('\n')[d.lnum]).toBe(CLAIM)
    expect(report.menu![0], 'the preferred action comes first').toMatch(/^Rewrite with evidence/)
    expect(report.after).not.toContain(RULE)
    expectEvidenceRewrite(original, readFileSync(saved, 'utf8'), report.chosen!)
  }, 180_000)
})
