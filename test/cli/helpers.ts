import type { Finding } from '../../server/src/engine/types.js'
// Shared helpers for the CLI tests: run the built CLI as a real process, and
// build throwaway project folders in the OS temp dir (outside the repo, so no
// stray .claimlintrc.yaml is found by walking up).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repo = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..')
export const bin = join(repo, 'bin', 'claimlint.js')

/** Drafts invented for these tests. */
export const DRAFTS = {
  /** An error-level regulatory claim. */
  error: 'Ketamine is FDA-approved for PTSD.\n',
  /** Hype only (warning level by default). */
  hype: 'TMS is a groundbreaking treatment.\n',
  clean: 'Our clinic is open on weekdays.\n',
} as const

export interface Run {
  status: number | null
  stdout: string
  stderr: string
}

export function claimlint(args: string[], options: { cwd: string; input?: string | Buffer }): Run {
  if (!existsSync(join(repo, 'dist', 'server', 'src', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npx tsc -p tsconfig.json` before the CLI tests')
  }
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  })
  if (r.error) throw r.error
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

const made: string[] = []

/** A fresh temp folder holding `files` (path -> contents); removed by `cleanup`. */
export function project(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'claimlint-test-'))
  made.push(dir)
  for (const [path, contents] of Object.entries(files)) {
    const abs = join(dir, path)
    mkdirSync(dirname(abs), { recursive: true })
    writeFileSync(abs, contents)
  }
  return dir
}

export function cleanup(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
}

/** A finding as the JSON formatter prints it: the engine's Finding (more fields are allowed). */
export type JsonFinding = Finding & { [other: string]: unknown }

export type JsonOutput = Array<{ file: string; findings: JsonFinding[] }>

export function json(r: Run): JsonOutput {
  return JSON.parse(r.stdout) as JsonOutput
}

/** A minimal valid extra pack with one rule, `hype/sparkle`. */
export const SPARKLE_PACK = `pack: sparkle-test
description: Invented for the CLI tests.
rules:
  - id: hype/sparkle
    category: hype
    severity: error
    summary: Calls the clinic sparkly
    message: Say what the clinic offers instead of how it sparkles.
    patterns:
      - "sparkly|sparkling"
    examples:
      flag:
        - The waiting room is sparkly.
      pass:
        - The waiting room is quiet.
`
