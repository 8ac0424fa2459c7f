#!/usr/bin/env node
// Bundles the CLI (server/src/cli/main.ts) and its worker thread
// (server/src/cli/worker.ts) with esbuild into dist/cli/: main.js, worker.js
// and the chunks they share (the engine). Loading a few files instead of
// hundreds of ESM modules is most of what starting the CLI, and each worker
// thread of a parallel run, costs. The built-in packs and schema validators
// are prebuilt in (scripts/prebuilt.mjs), and the files made pure ASCII
// (scripts/ascii.mjs), as in the server bundle.
//
// bin/claimlint.js runs the bundle only while it is current: sources.json
// lists the sources it was built from and when; if one has changed since
// (say `tsc` was run after an edit, as `npm test` does), the compiled modules
// in dist/server/src run instead.
//
// Modules loaded on first use (lazy.ts, citation.ts: citation-js, ajv, diff,
// fast-glob) stay in node_modules, which the CLI has: a plain lint never
// reads them.
//
//   node scripts/bundle-cli.mjs           -> dist/cli/
//   node scripts/bundle-cli.mjs OUTDIR    -> OUTDIR (used by the tests)
import { build } from 'esbuild'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { relative, resolve, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { asciiOnly } from './ascii.mjs'
import { prebuiltPlugin } from './prebuilt.mjs'

export const root = fileURLToPath(new URL('..', import.meta.url))
export const CLI_BUNDLE_DIR = 'dist/cli'
/** Loaded on first use, from node_modules (the packages themselves: ajv's small run-time helpers, which the prebuilt validators use, are bundled). */
const LAZY = /^(?:@citation-js\/[^/]+|ajv|diff|fast-glob)$/

/** Bundle the CLI into `outdir` (relative to the repo or absolute); returns esbuild's result. */
export async function bundleCli(outdir = CLI_BUNDLE_DIR) {
  const out = resolve(root, outdir)
  // Chunk names carry a hash: clear out the last build's.
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out, { recursive: true })
  const started = Date.now()
  const result = await build({
    absWorkingDir: root,
    entryPoints: { main: 'server/src/cli/main.ts', worker: 'server/src/cli/worker.ts' },
    outdir: out,
    bundle: true,
    splitting: true,
    chunkNames: 'chunk-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Not minified: stack traces of an internal error stay readable (minifying gained nothing measurable).
    sourcemap: true,
    // A real require for bundled CommonJS dependencies and for the modules loaded on first use.
    banner: { js: "import { createRequire as __claimlintCreateRequire } from 'node:module'; const require = __claimlintCreateRequire(import.meta.url);" },
    plugins: [prebuiltPlugin(), { name: 'lazy-external', setup: (b) => b.onResolve({ filter: LAZY }, (a) => ({ path: a.path, external: true })) }],
    logLevel: 'warning',
    metafile: true,
  })
  // Pure ASCII loads faster (scripts/ascii.mjs).
  for (const file of Object.keys(result.metafile.outputs)) if (file.endsWith('.js')) asciiOnly(resolve(root, file))
  const sources = Object.keys(result.metafile.inputs)
    .filter((f) => !f.includes('node_modules') && !f.includes(':'))
    .map((f) => relative(root, resolve(root, f)).split(sep).join('/'))
  writeFileSync(resolve(out, 'sources.json'), JSON.stringify({ built: started, sources }, null, 1) + '\n')
  return result
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const result = await bundleCli(process.argv[2])
  const bytes = Object.entries(result.metafile.outputs)
    .filter(([f]) => f.endsWith('.js'))
    .reduce((n, [, m]) => n + m.bytes, 0)
  console.log(`${process.argv[2] ?? CLI_BUNDLE_DIR}: ${(bytes / 1024).toFixed(0)} KiB`)
}
