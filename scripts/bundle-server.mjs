#!/usr/bin/env node
// Bundles the language server (server/src/server.ts and everything it imports,
// node_modules included) into ONE file, dist/server.bundle.mjs, which the VS Code
// client starts and the .vsix ships instead of node_modules.
//
// Why ESM (.mjs): the engine finds its data with import.meta.url - rulesDir()
// walks up from the bundle's own folder until it sees rules/schema/pack.schema.json.
// From <extension>/dist/server.bundle.mjs that is <extension>/rules; the rule
// docs (<extension>/docs/rules) and the version (<extension>/package.json) are
// found next to it. A CommonJS bundle would leave import.meta.url empty.
// The banner gives the bundled CommonJS dependencies (vscode-languageserver,
// ...) a real `require` for Node built-ins, which esbuild's ESM output lacks.
// What is the same on every start (the built-in packs parsed and checked,
// schema validators compiled) is done here, once: scripts/prebuilt.mjs. The
// bundle is made pure ASCII (scripts/ascii.mjs): it loads faster.
//
//   node scripts/bundle-server.mjs            -> dist/server.bundle.mjs
//   node scripts/bundle-server.mjs OUTFILE    -> OUTFILE (used by the tests)
import { build } from 'esbuild'
import { resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { asciiOnly } from './ascii.mjs'
import { prebuiltPlugin } from './prebuilt.mjs'

export const root = fileURLToPath(new URL('..', import.meta.url))
export const SERVER_BUNDLE = 'dist/server.bundle.mjs'

/** esbuild options for the server bundle; `outfile` relative to the repo or absolute. */
export function serverBundleOptions(outfile = SERVER_BUNDLE) {
  return {
    absWorkingDir: root,
    entryPoints: ['server/src/server.ts'],
    outfile: resolve(root, outfile),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Smaller, but identifiers stay readable in stack traces the server logs.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'eof',
    // For debugging (.vscode/launch.json); .vscodeignore keeps maps out of the .vsix.
    sourcemap: true,
    banner: {
      js: "import { createRequire as __claimlintCreateRequire } from 'node:module'; const require = __claimlintCreateRequire(import.meta.url);",
    },
    // The built-in packs and schema validators, ready (scripts/prebuilt.mjs).
    plugins: [prebuiltPlugin()],
    logLevel: 'warning',
    metafile: true,
  }
}

export async function bundleServer(outfile) {
  const result = await build(serverBundleOptions(outfile))
  asciiOnly(resolve(root, outfile ?? SERVER_BUNDLE))
  return result
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const result = await bundleServer(process.argv[2])
  const [out, meta] = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('.mjs'))
  console.log(`${out}: ${(meta.bytes / 1024).toFixed(0)} KiB`)
}
