// Load rule packs: YAML files validated against rules/schema/pack.schema.json.
// A broken pack is reported with its file, line and reason; the packs that
// are valid keep working. Patterns are compiled once here.
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { basename, join, resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseDocument, LineCounter, isNode, type Document } from 'yaml'
import { parseYamlData } from '../yaml-data.js'
import type { ErrorObject, ValidateFunction } from 'ajv'
import { prebuiltKey, prebuiltResult, schemaValidator } from '../lazy.js'
import { compilePattern, PatternError, type CompiledPattern } from './pattern.js'
import { Lexicon } from './lexicon.js'
import { cacheGet, cachePut } from '../cache.js'
import type { Category, Severity } from '../types.js'

export type Requirement = 'treatment' | 'topic' | 'condition' | 'statement' | 'heading' | 'question' | 'no-condition' | 'cites-source'
export type Clearance = 'hedged' | 'sourced' | 'negated' | 'yes-no-question' | 'heading' | 'consistent-with-source'

export interface RuleSpec {
  id: string
  category: Category
  severity: Severity
  summary: string
  message: string
  rationale?: string
  patterns: string[]
  except?: string[]
  requires?: Requirement[]
  unless?: Clearance[]
  span?: 'match' | 'sentence'
  sources?: string[]
  examples: { flag: string[]; pass: string[] }
}

export interface RewriteSpec {
  id: string
  rules: string[]
  when?: string[]
  text: string
  sources: string[]
}

export interface PackSpec {
  pack: string
  description?: string
  topic?: string
  lexicon?: Record<string, string[]>
  rules: RuleSpec[]
  rewrites?: RewriteSpec[]
  /** First-line options per condition, for the whole-draft review (review/options.ts). */
  options?: OptionSpec[]
}

/** pack.schema.json#/definitions/option: what guidelines advise first for a condition, and the cited paragraph a fix inserts. */
export interface OptionSpec {
  id: string
  /** Lexicon class naming the condition; first-line-<condition> lists its first-line care. */
  condition: string
  /** How the message names the first-line treatments. */
  names?: string[]
  /** The paragraph the fix inserts; {treatment} stands for the draft's treatment. */
  text: string
  sources: string[]
  examples?: { flag: string[]; pass: string[] }
}

export interface PackOption extends OptionSpec {
  pack: string
  file: string
}

export interface Rewrite extends RewriteSpec {
  pack: string
  file: string
  /** The pack's topic: the draft must be about it. */
  topic?: string
}

export interface Rule extends RuleSpec {
  pack: string
  file: string
  compiled: CompiledPattern[]
  exceptions: CompiledPattern[]
  /** Set only by CLAIMLINT_FAULT_RULE (tests): evaluating the rule throws this message. */
  fault?: string
}

/**
 * Fault injection for tests: CLAIMLINT_FAULT_RULE=<rule id> makes that rule
 * throw Error("injected fault") whenever it is evaluated, so that fault
 * isolation can be tested on the real CLI and server. Read when a rule set is built.
 */
export const FAULT_RULE_ENV = 'CLAIMLINT_FAULT_RULE'
export const INJECTED_FAULT = 'injected fault'

export interface PackProblem {
  file: string
  line: number
  column: number
  message: string
}

export interface RuleSet {
  rules: Rule[]
  rewrites: Rewrite[]
  /** Every valid pack's `options:` entries, in pack order. */
  options?: PackOption[]
  lexicon: Lexicon
  packs: Array<{ name: string; file: string; description?: string; topic?: string }>
  problems: PackProblem[]
}

const here = dirname(fileURLToPath(import.meta.url))

/** The repository's rules/ folder (works from src and from dist). */
let foundRulesDir: string | undefined
export function rulesDir(): string {
  if (foundRulesDir) return foundRulesDir
  foundRulesDir = searchRulesDir()
  return foundRulesDir
}

function searchRulesDir(): string {
  let dir = here
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'rules', 'schema', 'pack.schema.json')
    try {
      statSync(candidate)
      return join(dir, 'rules')
    } catch {
      dir = dirname(dir)
    }
  }
  throw new Error('claimlint: cannot find the rules/ folder next to the engine')
}

let validator: ValidateFunction | undefined
const validate = (): ValidateFunction => (validator ??= schemaValidator('pack', schemaText()))

interface Parsed {
  file: string
  spec: PackSpec
  locate: (path: Array<string | number>) => { line: number; column: number }
}

function describeAjv(e: ErrorObject): string {
  const where = e.instancePath || '(top level)'
  if (e.keyword === 'additionalProperties') return `${where}: unknown key "${(e.params as { additionalProperty: string }).additionalProperty}"`
  if (e.keyword === 'enum') return `${where}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`
  if (e.keyword === 'required') return `${where}: missing "${(e.params as { missingProperty: string }).missingProperty}"`
  return `${where}: ${e.message ?? 'is invalid'}`
}

/** Files that are code, not data: named as a pack, they are refused without being read. */
export const CODE_FILE = /\.(?:[cm]?[jt]sx?|node|wasm|py|sh)$/i

/** What a pack's parsed and checked data depends on. 'data-yaml': packs are also refused for custom tags and excessive nesting or aliases (see yaml-data.ts). */
const packKey = (text: string): string[] => [schemaText(), text, 'data-yaml']

/** `fresh`: parse and check the YAML even when its result is prebuilt or cached (for scripts/prebuilt.mjs). */
function parsePack(file: string, problems: PackProblem[], fresh = false): Parsed | undefined {
  if (CODE_FILE.test(file)) {
    problems.push({ file, line: 0, column: 0, message: `${basename(file)} is code, not a rule pack: packs are YAML data, and claimlint never loads or runs code` })
    return undefined
  }
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    problems.push({ file, line: 0, column: 0, message: `cannot read pack: ${(err as Error).message}` })
    return undefined
  }
  // A pack known to parse and validate cleanly (same text, same schema): its data, without YAML or schema work.
  // Built-in packs are prebuilt into the bundles; others may have been seen by an earlier run (cache.ts).
  const key = packKey(text)
  const known = fresh ? undefined : (prebuiltResult<PackSpec>('pack', key) ?? cacheGet<PackSpec>('pack', key))
  if (known) {
    let locate: Parsed['locate'] | undefined
    // Where a later problem (a duplicate name, an unknown class) is: parse the YAML only then.
    return { file, spec: known, locate: (path) => (locate ??= locator(text).locate)(path) }
  }
  const yaml = parseYamlData(text)
  if (yaml.problems.length > 0) {
    for (const p of yaml.problems) problems.push({ file, ...p })
    return undefined
  }
  const locate = locateIn(yaml.doc!, yaml.lines)
  const data = yaml.data
  const check = validate()
  if (!check(data)) {
    for (const e of check.errors ?? []) {
      const path = e.instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s))
      const at = locate(path)
      problems.push({ file, line: at.line, column: at.column, message: describeAjv(e) })
    }
    return undefined
  }
  if (!fresh) cachePut('pack', key, data)
  return { file, spec: data as PackSpec, locate }
}

/** Where a path is in a pack already known to be good (it was cached after passing every check). */
function locator(text: string): { locate: Parsed['locate'] } {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  return { locate: locateIn(doc, lines) }
}

/** Where a path in a pack's YAML document is (line and column). */
function locateIn(doc: Document, lines: LineCounter): Parsed['locate'] {
  return (path: Array<string | number>): { line: number; column: number } => {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true)
      if (isNode(node) && node.range) {
        const p = lines.linePos(node.range[0])
        return { line: p.line, column: p.col }
      }
    }
    return { line: 1, column: 1 }
  }
}

let schemaSource: string | undefined
const schemaText = (): string => (schemaSource ??= readFileSync(join(rulesDir(), 'schema', 'pack.schema.json'), 'utf8'))

export function packFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => join(dir, f))
}

/** Load the built-in packs plus any extra pack files or folders. */
export function loadRuleSet(extra: readonly string[] = [], options: { builtin?: boolean } = {}): RuleSet {
  const problems: PackProblem[] = []
  const files: string[] = []
  if (options.builtin !== false) files.push(...packFiles(join(rulesDir(), 'packs')))
  for (const p of extra) {
    const abs = resolve(p)
    try {
      if (statSync(abs).isDirectory()) files.push(...packFiles(abs))
      else files.push(abs)
    } catch {
      problems.push({ file: abs, line: 0, column: 0, message: 'pack file or folder does not exist' })
    }
  }
  const parsed = files.map((f) => parsePack(f, problems)).filter((p): p is Parsed => p !== undefined)

  const lexicon = new Lexicon()
  const seenPacks = new Map<string, string>()
  const valid: Parsed[] = []
  for (const p of parsed) {
    const other = seenPacks.get(p.spec.pack)
    if (other) {
      const at = p.locate(['pack'])
      problems.push({ file: p.file, ...at, message: `pack name "${p.spec.pack}" is already used by ${other}` })
      continue
    }
    seenPacks.set(p.spec.pack, p.file)
    valid.push(p)
    for (const [name, words] of Object.entries(p.spec.lexicon ?? {})) lexicon.add(name, words)
  }
  // Classes the context modules rely on exist even when no pack fills them.
  const classes = lexicon.names()
  for (const c of ['treatment', 'generic-treatment', 'reference-pronoun', 'condition', 'hedge', 'hedge-sentence', 'distancing', 'vague-attribution', 'negator', 'journal']) classes.add(c)

  const rules: Rule[] = []
  const seenRules = new Map<string, string>()
  const faultRule = process.env[FAULT_RULE_ENV] || undefined
  for (const p of valid) {
    p.spec.rules.forEach((r, index) => {
      const compiled: CompiledPattern[] = []
      let broken = false
      r.patterns.forEach((src, k) => {
        try {
          compiled.push(compilePattern(src, classes))
        } catch (err) {
          if (!(err instanceof PatternError)) throw err
          broken = true
          const at = p.locate(['rules', index, 'patterns', k])
          problems.push({ file: p.file, ...at, message: `rule ${r.id}: pattern "${src}": ${err.message}` })
        }
      })
      const exceptions: CompiledPattern[] = []
      ;(r.except ?? []).forEach((src, k) => {
        try {
          exceptions.push(compilePattern(src, classes))
        } catch (err) {
          if (!(err instanceof PatternError)) throw err
          broken = true
          const at = p.locate(['rules', index, 'except', k])
          problems.push({ file: p.file, ...at, message: `rule ${r.id}: except pattern "${src}": ${err.message}` })
        }
      })
      if (!r.id.startsWith(r.category + '/')) {
        broken = true
        problems.push({ file: p.file, ...p.locate(['rules', index, 'id']), message: `rule ${r.id}: id must start with its category "${r.category}/"` })
      }
      const dup = seenRules.get(r.id)
      if (dup) {
        broken = true
        problems.push({ file: p.file, ...p.locate(['rules', index, 'id']), message: `rule ${r.id} is already defined in ${dup}` })
      }
      if (broken) return
      seenRules.set(r.id, p.file)
      const rule: Rule = { ...r, pack: p.spec.pack, file: p.file, compiled, exceptions }
      if (r.id === faultRule) rule.fault = INJECTED_FAULT
      rules.push(rule)
    })
  }
  const rewrites: Rewrite[] = []
  for (const p of valid) {
    for (const [index, r] of (p.spec.rewrites ?? []).entries()) {
      const unknown = r.rules.filter((id) => !seenRules.has(id))
      const badClass = (r.when ?? []).filter((c) => !classes.has(c))
      if (unknown.length || badClass.length) {
        const at = p.locate(['rewrites', index])
        if (unknown.length) problems.push({ file: p.file, ...at, message: `rewrite ${r.id}: unknown rule ${unknown.join(', ')}` })
        if (badClass.length) problems.push({ file: p.file, ...at, message: `rewrite ${r.id}: unknown lexicon class ${badClass.join(', ')}` })
        continue
      }
      rewrites.push({ ...r, pack: p.spec.pack, file: p.file, topic: p.spec.topic })
    }
  }
  const firstLine: PackOption[] = []
  for (const p of valid) {
    for (const [index, o] of (p.spec.options ?? []).entries()) {
      const missing = [o.condition, `first-line-${o.condition}`].filter((c) => !classes.has(c))
      if (missing.length) {
        problems.push({ file: p.file, ...p.locate(['options', index]), message: `option ${o.id}: unknown lexicon class ${missing.join(', ')}` })
        continue
      }
      firstLine.push({ ...o, pack: p.spec.pack, file: p.file })
    }
  }
  return {
    rules,
    rewrites,
    options: firstLine,
    lexicon,
    packs: valid.map((p) => ({ name: p.spec.pack, file: p.file, description: p.spec.description, topic: p.spec.topic })),
    problems,
  }
}

/**
 * For scripts/prebuilt.mjs: each built-in pack's parsed and checked data
 * (JSON), by prebuiltKey, as parsePack finds it again. The build fails if a
 * built-in pack, or the rule set they make, has a problem.
 */
export function prebuildPackResults(): Record<string, string> {
  const problems: PackProblem[] = []
  const out: Record<string, string> = {}
  for (const file of packFiles(join(rulesDir(), 'packs'))) {
    const parsed = parsePack(file, problems, true)
    if (parsed) out[prebuiltKey('pack', packKey(readFileSync(file, 'utf8')))] = JSON.stringify(parsed.spec)
  }
  problems.push(...loadRuleSet().problems)
  if (problems.length > 0) throw new Error(`built-in rule packs have problems:\n${problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n')}`)
  return out
}

let builtin: RuleSet | undefined
/** The built-in packs, loaded once per process. */
export function builtinRuleSet(): RuleSet {
  builtin ??= loadRuleSet()
  return builtin
}
