// Which drafts to lint, and reading them. Paths keep the form the user gave
// (so output matches the command line); binary and oversized files are
// skipped with one message each instead of a storm of nonsense findings.
import { readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fastGlob } from '../engine/lazy.js'

export type Input =
  | { kind: 'file'; name: string; abs: string }
  | { kind: 'stdin'; name: string; abs?: string }

export const DRAFT_GLOB = '**/*.{md,markdown,txt}'
const IGNORE = ['**/node_modules/**', '**/.git/**']

/** Expand files, folders and globs; throws a message for anything that names no draft. */
export function expandInputs(args: readonly string[], cwd: string, stdinFilename: string | undefined): Input[] {
  const out: Input[] = []
  const seen = new Set<string>()
  const add = (input: Input): void => {
    const key = input.abs ?? `stdin:${input.name}`
    if (seen.has(key)) return
    seen.add(key)
    out.push(input)
  }
  for (const arg of args) {
    if (arg === '-') {
      add(stdinInput(cwd, stdinFilename))
      continue
    }
    const abs = resolve(cwd, arg)
    const stat = statOrUndefined(abs)
    if (stat?.isFile()) {
      add({ kind: 'file', name: arg, abs })
    } else if (stat?.isDirectory()) {
      const found = fastGlob().sync(DRAFT_GLOB, { cwd: abs, onlyFiles: true, ignore: IGNORE }).sort()
      if (found.length === 0) throw new Error(`no drafts (*.md, *.markdown, *.txt) in folder "${arg}"`)
      for (const rel of found) add({ kind: 'file', name: join(arg, rel), abs: resolve(abs, rel) })
    } else if (fastGlob().isDynamicPattern(arg)) {
      const found = fastGlob().sync(arg, { cwd, onlyFiles: true, ignore: IGNORE }).sort()
      if (found.length === 0) throw new Error(`no files match "${arg}"`)
      for (const name of found) add({ kind: 'file', name, abs: resolve(cwd, name) })
    } else {
      throw new Error(`no such file or folder: ${arg}`)
    }
  }
  return out
}

export function stdinInput(cwd: string, stdinFilename: string | undefined): Input {
  return stdinFilename ? { kind: 'stdin', name: stdinFilename, abs: resolve(cwd, stdinFilename) } : { kind: 'stdin', name: '<stdin>' }
}

function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path)
  } catch {
    return undefined
  }
}

export type Draft = { text: string } | { skipped: string }

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Text of a draft, or why it is skipped. NUL bytes or invalid UTF-8 mean binary. */
export function decodeDraft(bytes: Uint8Array, maxFileSize: number): Draft {
  if (bytes.length > maxFileSize) return { skipped: `${bytes.length} bytes is over maxFileSize (${maxFileSize})` }
  if (bytes.includes(0)) return { skipped: 'binary file (contains NUL bytes)' }
  try {
    return { text: utf8.decode(bytes) }
  } catch {
    return { skipped: 'binary file (not valid UTF-8)' }
  }
}

/** Read a file draft; the size is checked before reading so huge files cost nothing. */
export function readDraft(abs: string, maxFileSize: number): Draft {
  const size = statSync(abs).size
  if (size > maxFileSize) return { skipped: `${size} bytes is over maxFileSize (${maxFileSize})` }
  return decodeDraft(readFileSync(abs), maxFileSize)
}

export async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}
