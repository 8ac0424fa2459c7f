import type { Finding } from '../../server/src/engine/types.js'
// Shared helpers for the CLI tests: run the built CLI as a real process, and
// build throwaway project folders in the OS temp dir (outside the repo, so no
// stray .claimlintrc.yaml is found by walking up).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv } from 'ajv'

export const repo = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..')
export const bin = join(repo, 'bin', 'claimlint.js')

/** Drafts invented for these tests. */
export const DRAFTS = {
  /** An error-level regulatory claim. */
  error: 'Ketamine is FDA-approved for PTSD.\n',
  /** Hype only (warning level by default). */
  hype: 'TMS is a groundbreaking treatment.\n',
  /** No claims, but the whole-draft review finds it lacks a date, an author and sources. */
  clean: 'Our clinic is open on weekdays.\n',
  /** No claims and nothing missing (date, author and reviewer, a cited source): no findings at all, Markdown or plain text. */
  complete:
    'Clinic hours\n\nLast reviewed: 2025-03-01. Written by Dana Reyes, RN; reviewed by Dr. Sam Ortiz, MD.\n\n' +
    'Our clinic is open on weekdays from 8 am to 5 pm.[^hours]\n\n[^hours]: Front desk handbook. Clinic hours and closures. 2025.\n',
} as const

export interface Run {
  status: number | null
  stdout: string
  stderr: string
}

export function claimlint(args: string[], options: { cwd: string; input?: string | Buffer; env?: NodeJS.ProcessEnv }): Run {
  if (!existsSync(join(repo, 'dist', 'server', 'src', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npx tsc -p tsconfig.json` before the CLI tests')
  }
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
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

/**
 * A validator for the official SARIF 2.1.0 schema. The schema is draft-04;
 * Ajv 8 speaks draft-07, which reads it the same once the draft-04
 * `$schema`/`id` headers are dropped (it uses no exclusiveMinimum). One of
 * its patterns is not valid with the `u` flag.
 */
export function sarifValidator() {
  const schemaFile = join(repo, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json')
  const { $schema: _s, id: _id, ...schema } = JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, unknown>
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false })
  ajv.addFormat('uri', (s: string) => URL.canParse(s))
  ajv.addFormat('uri-reference', (s: string) => URL.canParse(s, 'file:///base/') && !/\s/.test(s))
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)))
  return ajv.compile(schema)
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
