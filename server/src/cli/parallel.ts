// Many drafts on every core: the file list is cut into small batches that
// worker threads and the main thread take in turn. Results are put back in
// the order of the file list, so the output and exit code are those of a
// single-process run. Fewer drafts stay in one process (see workerCount).
import { statSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { FileJob, FileOutcome } from './lintFile.js'

const BATCH = 8

/**
 * How many worker threads to start for `files` drafts of `bytes` bytes in
 * all (0: lint in this process). A worker costs about half a second of a
 * core to start (it loads the engine and warms up its own JIT), and one
 * Node process already keeps part of a second core busy (V8 collects
 * garbage and compiles on background threads), so workers only pay off for
 * a lot of text: on a 2-core machine, about 4,000 typical drafts (11 MB)
 * ran 1.2-1.4x faster, 1,000 (3 MB) 0.97-1.00x (npm run bench). CLAIMLINT_JOBS sets the number of
 * threads in all (1: no workers); CLAIMLINT_PARALLEL_MIN the smallest file
 * count (64) and CLAIMLINT_PARALLEL_MIN_BYTES the smallest total size (8 MB)
 * worth it.
 */
export function workerCount(files: number, env: NodeJS.ProcessEnv = process.env, bytes = Infinity): number {
  const jobs = env.CLAIMLINT_JOBS ? Number(env.CLAIMLINT_JOBS) : availableParallelism()
  const min = env.CLAIMLINT_PARALLEL_MIN ? Number(env.CLAIMLINT_PARALLEL_MIN) : 64
  const minBytes = env.CLAIMLINT_PARALLEL_MIN_BYTES ? Number(env.CLAIMLINT_PARALLEL_MIN_BYTES) : 8 * 1024 * 1024
  if (!Number.isFinite(jobs) || jobs < 2 || files < Math.max(min, 2) || bytes < minBytes) return 0
  // The main thread lints too.
  return Math.min(jobs - 1, Math.ceil(files / BATCH) - 1)
}

/** Total size of the files (one that cannot be read counts as empty: reading it will say why). */
export function totalBytes(files: readonly string[]): number {
  let n = 0
  for (const f of files) {
    try {
      n += statSync(f).size
    } catch {
      // Reported when it is read.
    }
  }
  return n
}

interface Reply {
  from: number
  outcomes: FileOutcome[]
}

/** Lint every job; `here(i)` lints job i in this thread. */
export async function lintInWorkers(jobs: readonly FileJob[], workers: number, here: (i: number) => FileOutcome): Promise<FileOutcome[]> {
  const out = new Array<FileOutcome>(jobs.length)
  let next = 0
  /** Batches a failed worker did not finish: the main thread does them. */
  const retry: Array<[number, number]> = []
  const take = (): [number, number] | undefined => {
    if (next >= jobs.length) return undefined
    const from = next
    next = Math.min(jobs.length, next + BATCH)
    return [from, next]
  }

  const finished = Array.from({ length: workers }, () => {
    const worker = new Worker(new URL('./worker.js', import.meta.url))
    return new Promise<void>((resolve) => {
      // Two batches in flight: the worker starts the next one while this
      // thread, busy with a batch of its own, has not yet read its reply
      // (with one, the worker sat idle for up to a batch each time).
      const inFlight: Array<[number, number]> = []
      let done = false
      const stop = (): void => {
        if (done) return
        done = true
        retry.push(...inFlight)
        inFlight.length = 0
        void worker.terminate()
        resolve()
      }
      const feed = (): void => {
        const batch = take()
        if (!batch) {
          if (inFlight.length === 0) stop()
          return
        }
        inFlight.push(batch)
        worker.postMessage({ from: batch[0], jobs: jobs.slice(batch[0], batch[1]) })
      }
      worker.on('message', (m: Reply) => {
        m.outcomes.forEach((o, k) => (out[m.from + k] = o))
        const at = inFlight.findIndex((b) => b[0] === m.from)
        if (at >= 0) inFlight.splice(at, 1)
        feed()
      })
      // A worker that fails leaves its batches to the main thread.
      worker.on('error', stop)
      worker.on('exit', stop)
      feed()
      feed()
    })
  })

  const yieldToWorkers = (): Promise<void> => new Promise((r) => setImmediate(r))
  for (let b = take(); b; b = take()) {
    for (let i = b[0]; i < b[1]; i++) out[i] = here(i)
    await yieldToWorkers()
  }
  await Promise.all(finished)
  for (const [from, to] of retry) for (let i = from; i < to; i++) out[i] = here(i)
  return out
}
