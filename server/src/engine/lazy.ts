// Modules only some runs need, loaded on first use so that starting the
// language server (or the CLI) does not pay for them: the JSON-schema
// validator (only when a config file, or a pack or evidence file not seen
// before, must be checked), the diff used by fixes, and the glob used by a
// workspace check.
//
// From the compiled ESM (dist/) they are loaded with createRequire; in the
// server bundle (scripts/bundle-server.mjs), esbuild bundles the literal
// require() calls and runs each module on first call. Same pattern as
// citation.ts.
import { createRequire } from 'node:module'

const load = typeof require === 'function' ? undefined : createRequire(import.meta.url)

type AjvModule = typeof import('ajv')
let ajvModule: AjvModule | undefined
/** ajv's Ajv class. */
export const ajv = (): AjvModule['Ajv'] => (ajvModule ??= (load ? load('ajv') : require('ajv')) as AjvModule).Ajv

type DiffModule = typeof import('diff')
let diffModule: DiffModule | undefined
export const diff = (): DiffModule => (diffModule ??= (load ? load('diff') : require('diff')) as DiffModule)

type FastGlob = typeof import('fast-glob')
let fastGlobModule: FastGlob | undefined
export const fastGlob = (): FastGlob => (fastGlobModule ??= (load ? load('fast-glob') : require('fast-glob')) as FastGlob)
