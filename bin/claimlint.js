#!/usr/bin/env node
// Thin shim: the CLI is compiled TypeScript in dist/ (built by `npm run build`
// or by `prepare` on install).
let main
try {
  ;({ main } = await import('../dist/server/src/cli/main.js'))
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
