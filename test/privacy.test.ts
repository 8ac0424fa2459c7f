// Privacy: the CLI and the language server do their whole job with every
// network entry point of Node made to throw. The CLI and server suites are
// run again in a child process whose Node processes (the test runner, each
// CLI run and each server) all preload test/privacy/no-network.cjs.
import { describe, it, expect } from 'vitest'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

const preload = join(process.cwd(), 'test', 'privacy', 'no-network.cjs')
const nested = process.env.CLAIMLINT_NETWORK_REFUSED === '1'

describe.runIf(!nested)('privacy', () => {
  it('the preload really refuses the network', () => {
    const r = spawnSync(process.execPath, ['--require', preload, '-e', "require('node:net').connect(80, '127.0.0.1')"], { encoding: 'utf8' })
    expect(r.status).not.toBe(0)
    expect(r.stderr).toContain('network call net.connect refused')
    const f = spawnSync(process.execPath, ['--require', preload, '-e', "fetch('http://127.0.0.1/').catch(() => {})"], { encoding: 'utf8' })
    expect(f.stderr).toContain('network call fetch refused')
  })

  it('the CLI, server and engine suites pass with the network refused', () => {
    const r = spawnSync(process.execPath, [join('node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/cli/', 'test/server/', 'test/engine/reviews.test.ts', 'test/rewrites.test.ts'], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${preload}`.trim(), CLAIMLINT_NETWORK_REFUSED: '1' },
      timeout: 600_000,
    })
    const summary = (r.stdout + r.stderr).split('\n').filter((l) => /Test Files|Tests\s/.test(l)).join('\n')
    expect(r.status, `${summary}\n${r.stderr.slice(-3000)}`).toBe(0)
    expect(summary).toMatch(/passed/)
    expect(r.stdout + r.stderr).not.toMatch(/network call .* refused/)
  }, 600_000)
})
