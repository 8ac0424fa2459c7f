// Many drafts on every core: the file list is cut into small batches that
// worker threads and the main thread take in turn. Results are put back in
// the order of the file list, so the output and exit code are those of a
// single-process run. A few drafts stay in one process (starting a worker
// costs about as much as linting a few dozen drafts).
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { FileJob, FileOutcome } from './lintFile.js'

const BATCH = 8

/**
 * How many worker threads to start for `files` drafts (0: lint in this
 * process). CLAIMLINT_JOBS sets the number of threads in all (1: no
 * workers); CLAIMLINT_PARALLEL_MIN the smallest file count worth it (64).
 */
export function workerCount(files: number, env: NodeJS.ProcessEnv = process.env): number {
  const jobs = env.CLAIMLINT_JOBS ? Number(env.CLAIMLINT_JOBS) : availableParallelism()
  const min = env.CLAIMLINT_PARALLEL_MIN ? Number(env.CLAIMLINT_PARALLEL_MIN) : 64
  if (!Number.isFinite(jobs) || jobs < 2 || files < Math.max(min, 2)) return 0
  // The main thread lints too.
  return Math.min(jobs - 1, Math.ceil(files / BATCH) - 1)
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
      let inFlight: [number, number] | undefined
      let done = false
      const stop = (): void => {
        if (done) return
        done = true
        if (inFlight) retry.push(inFlight)
        inFlight = undefined
        void worker.terminate()
        resolve()
      }
      const feed = (): void => {
        inFlight = take()
        if (!inFlight) return stop()
        worker.postMessage({ from: inFlight[0], jobs: jobs.slice(inFlight[0], inFlight[1]) })
      }
      worker.on('message', (m: Reply) => {
        m.outcomes.forEach((o, k) => (out[m.from + k] = o))
        inFlight = undefined
        feed()
      })
      // A worker that fails leaves its batch to the main thread.
      worker.on('error', stop)
      worker.on('exit', stop)
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
