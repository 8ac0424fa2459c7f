// A worker thread of a parallel CLI run (see parallel.ts): lints the batches
// of drafts it is sent, with the configuration each draft's config file gives.
import { parentPort } from 'node:worker_threads'
import { lintFile, resolveConfigFile, type FileJob, type ResolvedConfig } from './lintFile.js'

const configs = new Map<string, ResolvedConfig>()
const resolvedFor = (file: string | undefined): ResolvedConfig => {
  let r = configs.get(file ?? '')
  if (!r) configs.set(file ?? '', (r = resolveConfigFile(file)))
  return r
}

parentPort!.on('message', (m: { from: number; jobs: FileJob[] }) => {
  parentPort!.postMessage({ from: m.from, outcomes: m.jobs.map((job) => lintFile(job, resolvedFor(job.config))) })
})
