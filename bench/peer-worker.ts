// Runs one peer on one text in a worker thread, so the benchmark can give up
// on a peer that takes too long on a 100k-word draft (see run.ts).
import { parentPort, workerData } from 'node:worker_threads'
import { peers } from './peers.js'
import type { Format } from '../server/src/engine/types.js'

const { name, text, warm, format } = workerData as { name: string; text: string; warm: string; format: Format }
const [peer] = await peers(name)
if (!peer) parentPort!.postMessage({ error: 'unavailable' })
else {
  await peer.run(warm, format)
  const s = performance.now()
  await peer.run(text, format)
  parentPort!.postMessage({ ms: performance.now() - s })
}
