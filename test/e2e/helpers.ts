// Shared by the end-to-end suites (npm run test:e2e): paths, artifacts, and
// checks of a rewritten draft that do not depend on the exact pack wording.
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'

export const repo = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..')
export const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { name: string; publisher: string; version: string }
export const drafts = join(repo, 'test', 'e2e', 'drafts')

/** test-artifacts/<suite>/ (gitignored): screenshots, logs, results. */
export function artifacts(suite: string): string {
  const dir = join(repo, 'test-artifacts', suite)
  rmSync(dir, { recursive: true, force: true }) // only this run's files
  mkdirSync(dir, { recursive: true })
  return dir
}

/** code-server's launcher: $CLAIMLINT_CODE_SERVER, else where .ci/run installs it. */
export const codeServerBin =
  process.env.CLAIMLINT_CODE_SERVER ?? join(homedir(), '.cache', 'claimlint-code-server', 'node_modules', '.bin', 'code-server')
export const chromiumBin = process.env.CLAIMLINT_CHROMIUM ?? '/usr/bin/chromium'
export const nvimBin = process.env.CLAIMLINT_NVIM ?? 'nvim'

export const CLAIM = 'Ketamine has minimal side effects.'
export const RULE = 'safety/minimal-side-effects'

/**
 * The draft after the evidence-backed rewrite of CLAIM, as saved by an editor:
 * the claim is gone, the rewrite the action's title announced is in its place
 * with a footnote reference, and a References section holds the entry; the
 * rest of the draft is untouched.
 */
export function expectEvidenceRewrite(original: string, saved: string, title: string): void {
  expect(title).toMatch(/^Rewrite with evidence: "/)
  // The title quotes the start of the new text, truncated with an ellipsis.
  const announced = title.replace(/^Rewrite with evidence: "/, '').replace(/…?"$/, '')
  expect(announced.length).toBeGreaterThan(10)
  expect(saved).not.toContain(CLAIM)
  // (the title leaves out the citation markers the rewrite carries)
  expect(saved.replace(/\[\^[\w-]+\]/g, '')).toContain(announced)
  const body = saved.split(/^## References$/m)[0]
  expect(body).toMatch(/\[\^short2018\]/)
  expect(saved).toMatch(/^## References$/m)
  expect(saved).toMatch(/^\[\^short2018\]: Short B.*doi:10\.1016\/S2215-0366\(17\)30272-9/m)
  // Every other line of the draft is still there.
  for (const line of original.split('\n')) if (line !== CLAIM) expect(saved).toContain(line)
}
