// What depends only on the contents of claimlint's own data files - a rule
// pack parsed from YAML and checked against its schema, an evidence file
// checked against its schema - kept between runs in the OS temp folder, keyed
// by a hash of the contents (and of the schema and claimlint's version). A
// cold start then reads a small JSON file instead of parsing YAML and
// compiling JSON schemas, which is most of what starting takes.
//
// Only results that passed every check are kept, so problems are always found
// and reported afresh. Any failure to read or write the cache just means
// computing the result. CLAIMLINT_NO_CACHE=1 turns it off.
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'

const VERSION = 1

let dir: string | undefined
function cacheDir(): string {
  if (dir === undefined) {
    let user = 'user'
    try {
      user = String(userInfo().uid >= 0 ? userInfo().uid : userInfo().username)
    } catch {
      // No user database: one cache for all.
    }
    dir = join(tmpdir(), `claimlint-cache-${user}`)
  }
  return dir
}

const enabled = (): boolean => !process.env.CLAIMLINT_NO_CACHE

function fileFor(kind: string, parts: readonly string[]): string {
  const h = createHash('sha256')
  h.update(`${kind}\0${VERSION}\0`)
  for (const p of parts) h.update(p).update('\0')
  return join(cacheDir(), `${kind}-${h.digest('hex').slice(0, 32)}.json`)
}

/** The value kept for these contents, if any. */
export function cacheGet<T>(kind: string, parts: readonly string[]): T | undefined {
  if (!enabled()) return undefined
  try {
    return (JSON.parse(readFileSync(fileFor(kind, parts), 'utf8')) as { value: T }).value
  } catch {
    return undefined
  }
}

/** Keep a value for these contents (written to a temporary file, then renamed: readers never see half of it). */
export function cachePut(kind: string, parts: readonly string[], value: unknown): void {
  if (!enabled()) return
  try {
    const file = fileFor(kind, parts)
    mkdirSync(cacheDir(), { recursive: true })
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
    writeFileSync(tmp, JSON.stringify({ value }))
    renameSync(tmp, file)
  } catch {
    // A read-only or full temp folder: no cache.
  }
}
