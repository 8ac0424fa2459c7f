#!/usr/bin/env node
// Thin shim: the language server is compiled TypeScript in dist/ (built by
// `npm run build` or by `prepare` on install). Pass --stdio or --node-ipc.
try {
  await import('../dist/server/src/server.js')
} catch (err) {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND') throw err
  process.stderr.write(`claimlint-server: cannot load the compiled server (${err.message}); run "npm run build" first\n`)
  process.exit(2)
}
