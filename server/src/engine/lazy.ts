// Modules only some runs need, loaded on first use so that starting the
// language server (or the CLI) does not pay for them: the JSON-schema
// validator (only when a schema has no validator compiled at build time), the
// diff used by fixes and --fix-dry-run, and the glob used by a workspace check
// and for the CLI's folders and globs.
//
// From the compiled ESM (dist/) they are loaded with createRequire; in the
// server bundle (scripts/bundle-server.mjs), esbuild bundles the literal
// require() calls and runs each module on first call (the CLI bundle,
// scripts/bundle-cli.mjs, leaves them in node_modules). Same pattern as
// citation.ts.
import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import type { ValidateFunction } from 'ajv'

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

// ---------------------------------------------------------------------------
// Prebuilt: what is the same on every start, done once when a bundle is built
// (scripts/prebuilt.mjs). Each piece is keyed by a hash of the files it was
// made from, so a schema, pack or evidence file changed since the build is
// simply not found here and is read and checked as usual: the files in
// rules/ stay the source of truth. The compiled modules (dist/server/src) and
// tests run from the sources have no prebuilt module and compute everything.

/** The rules/schema/<name>.schema.json files. */
export type SchemaName = 'pack' | 'evidence' | 'config'

/** The options every schema is compiled with, at run time and ahead of time. */
export const AJV_OPTIONS = { allErrors: true, strict: false } as const

/** Validators compiled ahead of time (ajv standalone code), each with the sha256 of the schema text it came from. */
export type PrebuiltValidators = Partial<Record<SchemaName, { schema: string; validate: ValidateFunction }>>
/** For claimlint's own packs and evidence files, by prebuiltKey: the JSON of what cache.ts would keep for them. */
export type PrebuiltResults = Record<string, string>

// Two modules: a start without a config file needs only the results, not the validators' code.
// In a bundle, require() is the banner's and the plugin supplies both; elsewhere there are none.
let results: PrebuiltResults | null | undefined
let validators: PrebuiltValidators | null | undefined
const fromBundle = <T>(f: () => T): T | null => {
  try {
    return load ? null : f()
  } catch {
    return null // bundled without the prebuilt plugin: compute everything
  }
}
export const prebuiltResults = (): PrebuiltResults | undefined =>
  (results ??= fromBundle(() => (require('./prebuilt-results.cjs') as { results: PrebuiltResults }).results)) ?? undefined
export const prebuiltValidators = (): PrebuiltValidators | undefined =>
  (validators ??= fromBundle(() => (require('./prebuilt-validators.cjs') as { validators: PrebuiltValidators }).validators)) ?? undefined

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')

/** The key of a prebuilt result: its kind and the texts it depends on (as cache.ts keys the same values). */
export function prebuiltKey(kind: string, parts: readonly string[]): string {
  const h = createHash('sha256').update(`${kind}\0`)
  for (const p of parts) h.update(p).update('\0')
  return h.digest('hex')
}

/** The result prebuilt for these texts, parsed afresh (callers may keep or change it), if any. */
export function prebuiltResult<T>(kind: string, parts: readonly string[]): T | undefined {
  const all = prebuiltResults()
  if (!all) return undefined
  const json = all[prebuiltKey(kind, parts)]
  return json === undefined ? undefined : (JSON.parse(json) as T)
}

/** A validator for a schema: the one compiled at build time from this very text, else compiled now. */
export function schemaValidator(name: SchemaName, schemaText: string): ValidateFunction {
  const ready = prebuiltValidators()?.[name]
  if (ready && ready.schema === sha256(schemaText)) return ready.validate
  return new (ajv())(AJV_OPTIONS).compile(JSON.parse(schemaText))
}
