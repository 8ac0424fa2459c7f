// `npm run bench`: how fast claimlint is, next to the parse floor and to
// other prose linters, on the same text. A benchmark, not a test: it prints
// one table of medians (each contender warmed up first, then run several
// times; claimlint and its parse floor in turns, see measurePair) and asserts
// nothing. Run on an otherwise idle machine; numbers on a
// busy one are noisy.
//
//   node dist/bench/run.js [--quick] [--corpus DIR] [--only full,edit,server,cli]
//     --quick   skip the peers on the 100k-word drafts (they take minutes)
//     --only    run only these parts
//
// Rows:
//   full lint per 1,000 words: the dev corpus (the drafts of DIR, default
//     ../shared/corpus/dev, concatenated) and generated drafts of 10k and
//     100k words, as plain text and as Markdown; next to the parse floor
//     (unified + retext-english for plain text, remark-parse + remark-retext
//     for Markdown) and to alex, write-good, textlint (write-good and
//     max-comma rules) and harper.js;
//   a one-character edit in the middle of a 50k-word Markdown draft: in the
//     engine (IncrementalLinter.update) and through the language server over
//     stdio (didChange to publishDiagnostics, no debounce);
//   the server's cold start (launch to first diagnostics) and its resident
//     memory with the 100k-word draft open; the server rows run the bundle
//     the extension ships (dist/server.bundle.mjs, `npm run build:server`)
//     when it is there, else the compiled modules;
//   the CLI over 1,000 and 4,000 drafts, in one thread and with worker threads
//     on every core (forced: by default workers start only for 8 MB of
//     drafts), next to two one-thread processes on half the drafts each (what
//     a split achieves on this machine with nothing shared).
// The V8 settings claimlint's server and CLI run with (server/src/v8flags.ts),
// for this whole process: every contender measured here (claimlint, the parse
// floor, the peers) runs under the same flags.
import '../server/src/v8flags.js'
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node.js'
import { unified } from 'unified'
import retextEnglish from 'retext-english'
import remarkParse from 'remark-parse'
import remarkRetext from 'remark-retext'
import { lint } from '../server/src/engine/lint.js'
import { IncrementalLinter } from '../server/src/engine/incremental.js'
import { builtinRuleSet } from '../server/src/engine/packs/load.js'
import type { Format } from '../server/src/engine/types.js'
import { countWords, generateDraft } from './drafts.js'
import { peers, type Run } from './peers.js'
import { Worker } from 'node:worker_threads'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
// The server as the extension ships it (one esbuild bundle: `npm run build:server`), else the compiled modules.
const bundledServer = join(repo, 'dist', 'server.bundle.mjs')
const serverJs = existsSync(bundledServer) ? bundledServer : join(repo, 'dist', 'server', 'src', 'server.js')
const cliJs = join(repo, 'bin', 'claimlint.js')
const args = process.argv.slice(2)
const quick = args.includes('--quick')
const corpusArg = args.indexOf('--corpus')
const corpusDir = resolve(repo, corpusArg >= 0 ? args[corpusArg + 1] : join('..', 'shared', 'corpus', 'dev'))

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const log = (s: string): void => {
  process.stderr.write(`${s}\n`)
}

/**
 * Median wall time of `f` after warm-up (at least 3 runs and 500 ms, so the
 * JIT has compiled every contender's hot code alike); as many timed runs as
 * fit in about `budgetMs` (3 to 15).
 */
async function measure(f: () => unknown, budgetMs = 3000): Promise<number> {
  let first = Infinity
  const warm = performance.now()
  for (let i = 0; i < 3 || (performance.now() - warm < 500 && i < 50); i++) {
    const t0 = performance.now()
    await f()
    first = Math.min(first, performance.now() - t0)
  }
  const runs = Math.max(3, Math.min(15, Math.floor(budgetMs / Math.max(first, 1))))
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const s = performance.now()
    await f()
    times.push(performance.now() - s)
  }
  return median(times)
}

/**
 * Medians of two contenders timed in turns (a, b, a, b, ...) after both are
 * warmed up, so both run in the same heap and machine conditions. Timed one
 * after the other, whichever ran second paid for the garbage the first left
 * (claimlint first: the floor's median came out 2-3 times its median alone),
 * and the ratio said more about run order than about either. In turns, each
 * pays for some of the other's; neither is favoured. (A full collection
 * before every run was tried and is worse: V8 then flushes the bytecode of
 * code not run since, and claimlint, with far more code, paid for that.)
 */
async function measurePair(a: () => unknown, b: () => unknown, budgetMs = 6000): Promise<[number, number]> {
  let first = Infinity
  const warm = performance.now()
  for (let i = 0; i < 3 || (performance.now() - warm < 1000 && i < 50); i++) {
    const t0 = performance.now()
    await a()
    await b()
    first = Math.min(first, performance.now() - t0)
  }
  const runs = Math.max(5, Math.min(21, Math.floor(budgetMs / Math.max(first, 1))))
  const ta: number[] = []
  const tb: number[] = []
  for (let i = 0; i < runs; i++) {
    let s = performance.now()
    await a()
    ta.push(performance.now() - s)
    s = performance.now()
    await b()
    tb.push(performance.now() - s)
  }
  return [median(ta), median(tb)]
}

// ---------------------------------------------------------------- contenders
const retext = unified().use(retextEnglish).freeze()
const remark = unified().use(remarkParse).use(remarkRetext, unified().use(retextEnglish).freeze()).freeze()
const floor: Run = (text, format) => (format === 'plaintext' ? retext.runSync(retext.parse(text)) : remark.run(remark.parse(text)))

// ---------------------------------------------------------------- table
interface Row {
  measure: string
  text: string
  claimlint: string
  reference: string
  ratio: string
  target: string
}
const rows: Row[] = []
const fmt = (x: number, d = 1): string => x.toFixed(d)

function printTable(): void {
  const head: Row = { measure: 'measure', text: 'text', claimlint: 'claimlint', reference: 'reference', ratio: 'ratio', target: 'target' }
  const keys = Object.keys(head) as Array<keyof Row>
  const width = Object.fromEntries(keys.map((k) => [k, Math.max(...[head, ...rows].map((r) => r[k].length))])) as Record<keyof Row, number>
  const line = (r: Row): string => `| ${keys.map((k) => r[k].padEnd(width[k])).join(' | ')} |`
  const out = [line(head), `|${keys.map((k) => '-'.repeat(width[k] + 2)).join('|')}|`, ...rows.map(line)]
  process.stdout.write(out.join('\n') + '\n')
}

// ---------------------------------------------------------------- full lint
const PEER_TIMEOUT_MS = 90_000

/** One timed run of a peer in a worker thread; undefined if it takes longer than PEER_TIMEOUT_MS. */
function inWorker(name: string, text: string, format: Format, warm: string): Promise<number | undefined> {
  return new Promise((done) => {
    const w = new Worker(new URL('./peer-worker.js', import.meta.url), { workerData: { name, text, format, warm } })
    const timer = setTimeout(() => {
      void w.terminate()
      done(undefined)
    }, PEER_TIMEOUT_MS)
    w.on('message', (m: { ms?: number }) => {
      clearTimeout(timer)
      void w.terminate()
      done(m.ms)
    })
    w.on('error', (err) => {
      clearTimeout(timer)
      log(`bench: ${name} failed: ${err.message}`)
      done(undefined)
    })
  })
}

async function fullLint(): Promise<void> {
  const files = existsSync(corpusDir) ? readdirSync(corpusDir).filter((f) => f.endsWith('.txt')).sort() : []
  const texts: Array<{ label: string; format: Format; text: string }> = []
  if (files.length > 0) {
    const dev = files.map((f) => readFileSync(join(corpusDir, f), 'utf8')).join('\n\n')
    texts.push({ label: 'dev corpus', format: 'plaintext', text: dev }, { label: 'dev corpus', format: 'markdown', text: dev })
  } else log(`bench: no drafts in ${corpusDir}; skipping the dev corpus`)
  for (const words of [10_000, 100_000]) {
    for (const format of ['plaintext', 'markdown'] as const) texts.push({ label: `generated ${words / 1000}k`, format, text: generateDraft({ words, format, seed: words }) })
  }
  const others = await peers()
  const ruleSet = builtinRuleSet()
  for (const { label, format, text } of texts) {
    const words = countWords(text)
    const name = `${label} (${words.toLocaleString('en')} words), ${format === 'plaintext' ? 'plain text' : 'Markdown'}`
    const per1k = (ms: number): number => (ms / words) * 1000
    log(`bench: full lint, ${name}`)
    const [ours, base] = await measurePair(
      () => lint(text, { format, ruleSet }),
      () => floor(text, format),
    )
    log(`bench:   claimlint ${fmt(per1k(ours), 2)}, floor ${fmt(per1k(base), 2)} ms per 1,000 words`)
    rows.push({
      measure: 'full lint, ms per 1,000 words',
      text: name,
      claimlint: fmt(per1k(ours), 2),
      reference: `parse floor ${fmt(per1k(base), 2)}`,
      ratio: `${fmt(ours / base, 2)}x floor`,
      target: ours / base <= 1.5 ? '<= 1.5x floor: met' : '<= 1.5x floor: NOT met',
    })
    for (const peer of others) {
      if (quick && words > 50_000) continue
      log(`bench:   ${peer.name}`)
      // On the 100k-word drafts: one run (warmed up first), in a worker, given up after PEER_TIMEOUT_MS.
      const theirs = words > 50_000 ? await inWorker(peer.name, text, format, texts[0].text) : await measure(() => peer.run(text, format), 3000)
      const row = {
        measure: 'full lint, ms per 1,000 words',
        text: name,
        claimlint: fmt(per1k(ours), 2),
        reference: theirs === undefined ? `${peer.name} > ${fmt(per1k(PEER_TIMEOUT_MS), 0)} (gave up after ${PEER_TIMEOUT_MS / 1000} s)` : `${peer.name} ${fmt(per1k(theirs), 2)}`,
        // The parse floor's own ratio too: a peer faster than the floor is faster than any linter built on that parser.
        ratio: theirs === undefined ? `< ${fmt(ours / PEER_TIMEOUT_MS, 3)}x ${peer.name}` : `${fmt(ours / theirs, 3)}x ${peer.name} (floor ${fmt(base / theirs, 2)}x)`,
        target: theirs === undefined || ours < theirs ? 'faster than peer: met' : 'faster than peer: NOT met',
      }
      rows.push(row)
      log(`bench:   ${row.reference} (${row.ratio})`)
    }
  }
}

// ---------------------------------------------------------------- edits in the engine
const EDIT_WORDS = 50_000

function editText(text: string, i: number): string {
  // Alternately insert and remove one character in the middle of a sentence.
  const mid = text.indexOf(' ', text.length >> 1)
  return i % 2 === 0 ? `${text.slice(0, mid)}x${text.slice(mid)}` : text
}

function engineEdits(): void {
  const text = generateDraft({ words: EDIT_WORDS, format: 'markdown', seed: 50 })
  log('bench: one-character edits in the engine')
  const inc = new IncrementalLinter({ format: 'markdown' })
  inc.update(text)
  const times: number[] = []
  for (let i = 0; i < 201; i++) {
    const next = editText(text, i)
    const s = performance.now()
    inc.update(next)
    if (i > 0) times.push(performance.now() - s)
  }
  const ms = median(times)
  rows.push({
    measure: 'one-char edit, engine (IncrementalLinter.update)',
    text: `generated ${EDIT_WORDS / 1000}k words, Markdown`,
    claimlint: `${fmt(ms, 2)} ms`,
    reference: `full lint ${fmt(median([0, 1, 2].map(() => { const s = performance.now(); lint(text, { format: 'markdown' }); return performance.now() - s })), 0)} ms`,
    ratio: `p95 ${fmt(times.sort((a, b) => a - b)[Math.floor(times.length * 0.95)], 2)} ms`,
    target: ms < 5 ? '< 5 ms: met' : '< 5 ms: NOT met',
  })
}

// ---------------------------------------------------------------- the server
interface Server {
  child: ChildProcessWithoutNullStreams
  conn: MessageConnection
  started: number
  diagnostics: (uri: string, version: number) => Promise<void>
  close: () => Promise<void>
}

async function startServer(root: string): Promise<Server> {
  const started = performance.now()
  // BENCH_SERVER_NODE_ARGS: extra node flags for the server (e.g. --cpu-prof), for looking into it.
  const extra = process.env.BENCH_SERVER_NODE_ARGS ? process.env.BENCH_SERVER_NODE_ARGS.split(' ') : []
  const child = spawn(process.execPath, [...extra, serverJs, '--stdio'], { cwd: root, stdio: 'pipe' })
  const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin))
  const waiting: Array<{ uri: string; version: number; resolve: () => void }> = []
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number }) => {
    for (let i = waiting.length - 1; i >= 0; i--) {
      const w = waiting[i]
      if (w.uri === p.uri && (p.version ?? -1) >= w.version) {
        waiting.splice(i, 1)
        w.resolve()
      }
    }
  })
  conn.onRequest(() => null)
  conn.onNotification(() => undefined)
  conn.listen()
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'bench' }],
    initializationOptions: { debounceMs: 0 },
    capabilities: { textDocument: { synchronization: { dynamicRegistration: false }, publishDiagnostics: { versionSupport: true } } },
  })
  await conn.sendNotification('initialized', {})
  return {
    child,
    conn,
    started,
    diagnostics: (uri, version) => new Promise((r) => waiting.push({ uri, version, resolve: r })),
    close: async () => {
      await conn.sendRequest('shutdown').catch(() => undefined)
      await conn.sendNotification('exit').catch(() => undefined)
      await new Promise((r) => setTimeout(r, 100))
      child.kill()
      conn.dispose()
    },
  }
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
  return kb / 1024
}

async function serverRows(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'claimlint-bench-'))
  try {
    // Cold start: launch to the first diagnostics for a typical draft.
    const firstDev = existsSync(corpusDir) ? readdirSync(corpusDir).filter((f) => f.endsWith('.txt')).sort()[0] : undefined
    const small = firstDev ? readFileSync(join(corpusDir, firstDev), 'utf8') : generateDraft({ words: 500, format: 'plaintext', seed: 5 })
    const colds: number[] = []
    for (let i = 0; i < 5; i++) {
      log(`bench: server cold start ${i + 1}/5`)
      const s = await startServer(root)
      const uri = pathToFileURL(join(root, 'draft.txt')).href
      const got = s.diagnostics(uri, 1)
      await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text: small } })
      await got
      colds.push(performance.now() - s.started)
      await s.close()
    }
    const cold = median(colds)
    rows.push({
      measure: 'server cold start (launch to first diagnostics)',
      text: `${countWords(small)}-word draft`,
      claimlint: `${fmt(cold, 0)} ms`,
      reference: '',
      ratio: `best of 5: ${fmt(Math.min(...colds), 0)} ms`,
      target: cold < 500 ? '< 500 ms: met' : '< 500 ms: NOT met',
    })

    // One-character edits through the real transport.
    log('bench: one-character edits through the server')
    const s = await startServer(root)
    const uri = pathToFileURL(join(root, 'big.md')).href
    const text = generateDraft({ words: EDIT_WORDS, format: 'markdown', seed: 50 })
    let got = s.diagnostics(uri, 1)
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } })
    await got
    const mid = text.indexOf(' ', text.length >> 1)
    const lines = text.slice(0, mid).split('\n')
    const pos = { line: lines.length - 1, character: lines[lines.length - 1].length }
    const times: number[] = []
    for (let v = 2; v < 62; v++) {
      const insert = v % 2 === 0
      const change = insert ? { range: { start: pos, end: pos }, text: 'x' } : { range: { start: pos, end: { line: pos.line, character: pos.character + 1 } }, text: '' }
      got = s.diagnostics(uri, v)
      const t = performance.now()
      await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [change] })
      await got
      if (v > 3) times.push(performance.now() - t)
    }
    const ms = median(times)
    rows.push({
      measure: 'one-char edit, server (didChange to diagnostics, stdio)',
      text: `generated ${EDIT_WORDS / 1000}k words, Markdown`,
      claimlint: `${fmt(ms, 1)} ms`,
      reference: '',
      ratio: `p95 ${fmt(times.sort((a, b) => a - b)[Math.floor(times.length * 0.95)], 1)} ms`,
      target: ms < 20 ? '< 20 ms: met' : '< 20 ms: NOT met',
    })
    await s.close()

    // Memory with the 100k-word draft open (a fresh server).
    log('bench: server memory with the 100k-word draft')
    const m = await startServer(root)
    const bigUri = pathToFileURL(join(root, 'huge.md')).href
    const huge = generateDraft({ words: 100_000, format: 'markdown', seed: 100_000 })
    const done = m.diagnostics(bigUri, 1)
    await m.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: bigUri, languageId: 'markdown', version: 1, text: huge } })
    await done
    await new Promise((r) => setTimeout(r, 500))
    const rss = rssMb(m.child.pid!)
    rows.push({
      measure: 'server resident memory (RSS)',
      text: `generated 100k words (${countWords(huge).toLocaleString('en')}), Markdown, open`,
      claimlint: `${fmt(rss, 0)} MB`,
      reference: '',
      ratio: '',
      target: rss < 150 ? '< 150 MB: met' : '< 150 MB: NOT met',
    })
    await m.close()
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

// ---------------------------------------------------------------- the CLI
async function cliRows(count: number): Promise<void> {
  const files = existsSync(corpusDir) ? readdirSync(corpusDir).filter((f) => f.endsWith('.txt')).sort() : []
  const root = mkdtempSync(join(tmpdir(), 'claimlint-bench-cli-'))
  try {
    const drafts = join(root, 'drafts')
    // The same drafts again, split in two halves, for the reference run below.
    const halves = [join(root, 'half-a'), join(root, 'half-b')]
    for (const d of [drafts, ...halves]) mkdirSync(d)
    for (let i = 0; i < count; i++) {
      const name = `draft-${String(i).padStart(5, '0')}.txt`
      if (files.length) cpSync(join(corpusDir, files[i % files.length]), join(drafts, name))
      else writeFileSync(join(drafts, name), generateDraft({ words: 400, format: 'plaintext', seed: i }))
      cpSync(join(drafts, name), join(halves[i < count / 2 ? 0 : 1], name))
    }
    const time = existsSync('/usr/bin/time')
    const runCli = (jobs: string): { ms: number; cpu: number; out: string; status: number | null } => {
      // The multi-thread run takes the worker path even below its default size threshold (see cli/parallel.ts).
      const env = { ...process.env, CLAIMLINT_JOBS: jobs, CLAIMLINT_PARALLEL_MIN_BYTES: '1', NO_COLOR: '1' }
      const s = performance.now()
      const r = time
        ? spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, cliJs, 'drafts'], { cwd: root, env, encoding: 'utf8', maxBuffer: 1 << 30 })
        : spawnSync(process.execPath, [cliJs, 'drafts'], { cwd: root, env, encoding: 'utf8', maxBuffer: 1 << 30 })
      const ms = performance.now() - s
      const cpuLine = time ? r.stderr.trim().split('\n').pop() ?? '' : ''
      const [u, sys] = cpuLine.split(' ').map(Number)
      return { ms, cpu: time ? ((u + sys) * 1000) / ms : NaN, out: r.stdout, status: r.status }
    }
    // Reference: the best a split can do here, with nothing shared: two
    // one-thread processes at once, each on half the drafts (wall time until
    // both are done). One Node thread already keeps part of a second core
    // busy (garbage collection and compilation run on helper threads), so on
    // 2 cores this is well short of 2x.
    const oneProcess = (dir: string): Promise<void> =>
      new Promise((done) => {
        const child = spawn(process.execPath, [cliJs, dir], { cwd: root, env: { ...process.env, CLAIMLINT_JOBS: '1', NO_COLOR: '1' }, stdio: 'ignore' })
        child.on('exit', () => done())
      })
    const split: number[] = []
    const cores = String(availableParallelism())
    const results: Record<string, Array<ReturnType<typeof runCli>>> = { '1': [], [cores]: [] }
    for (let i = 0; i < 3; i++) {
      for (const jobs of Object.keys(results)) {
        log(`bench: CLI over ${count.toLocaleString('en')} drafts, ${jobs} thread(s), run ${i + 1}/3`)
        results[jobs].push(runCli(jobs))
      }
      log(`bench: CLI over ${count.toLocaleString('en')} drafts, two processes on half each, run ${i + 1}/3`)
      const s = performance.now()
      await Promise.all(halves.map((h) => oneProcess(relative(root, h))))
      split.push(performance.now() - s)
    }
    const one = results['1']
    const all = results[cores]
    const same = all.every((r) => r.out === one[0].out && r.status === one[0].status)
    const msOne = median(one.map((r) => r.ms))
    const msAll = median(all.map((r) => r.ms))
    const cpuAll = median(all.map((r) => r.cpu))
    const msSplit = median(split)
    rows.push({
      measure: `CLI over ${count.toLocaleString('en')} drafts, end to end`,
      text: `dev drafts repeated (${cpus().length} cores)`,
      claimlint: `${fmt(msAll / 1000, 2)} s on ${cores} threads`,
      reference: `${fmt(msOne / 1000, 2)} s in one thread; two processes on half each ${fmt(msSplit / 1000, 2)} s (${fmt(msOne / msSplit, 2)}x)`,
      ratio: `${fmt(msOne / msAll, 2)}x speed-up${Number.isNaN(cpuAll) ? '' : `, ${fmt(cpuAll * 100, 0)}% CPU (one thread: ${fmt(median(one.map((r) => r.cpu)) * 100, 0)}%)`}`,
      target: `${same ? 'same output' : 'OUTPUT DIFFERS'}; faster on both cores: ${msOne / msAll > 1 ? 'met' : 'NOT met'}`,
    })
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

// ---------------------------------------------------------------- main
if (!existsSync(serverJs)) {
  log('bench: dist/ is missing; run `npm run build` first')
  process.exit(2)
}
log(`bench: ${cpus().length} cores, node ${process.version}${quick ? ', --quick' : ''}; server: ${relative(repo, serverJs)}; V8 --no-allocation-site-pretenuring for every contender (as claimlint's processes run)`)
const onlyArg = args.indexOf('--only')
const only = onlyArg >= 0 ? new Set(args[onlyArg + 1].split(',')) : undefined
const part = (name: string): boolean => !only || only.has(name)
if (part('full')) await fullLint()
if (part('edit')) engineEdits()
if (part('server')) await serverRows()
if (part('cli')) for (const count of [1000, 4000]) await cliRows(count)
printTable()
