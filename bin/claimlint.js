#!/usr/bin/env node
// Thin shim: the CLI is compiled TypeScript in dist/ (built by `npm run build`
// or by `prepare` on install). It runs the CLI bundle (dist/cli/, built by
// scripts/bundle-cli.mjs: a few files load far faster than hundreds of
// modules, in this thread and in each worker) while the bundle is current,
// else the compiled modules.
import { readFileSync, statSync } from 'node:fs'

const root = new URL('..', import.meta.url)

/** Whether dist/cli/ was built after the last change to every source it was built from that is here. */
function bundleIsCurrent() {
  let listed
  try {
    listed = JSON.parse(readFileSync(new URL('dist/cli/sources.json', root), 'utf8'))
  } catch {
    return false // no bundle
  }
  // A source that is gone (sources not shipped, or a file removed: whatever imported it changed too) does not count.
  return listed.sources.every((f) => (statSync(new URL(f, root), { throwIfNoEntry: false })?.mtimeMs ?? 0) <= listed.built)
}

let main
try {
  ;({ main } = await import(bundleIsCurrent() ? '../dist/cli/main.js' : '../dist/server/src/cli/main.js'))
} catch (err) {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND') throw err
  process.stderr.write(`claimlint: cannot load the compiled CLI (${err.message}); run "npm run build" first\n`)
  process.exit(2)
}
try {
  process.exitCode = await main(process.argv.slice(2))
} catch (err) {
  process.stderr.write(`claimlint: internal error: ${err?.stack ?? err}\n`)
  process.exitCode = 2
}
