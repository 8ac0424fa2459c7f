// Load rule packs: YAML files validated against rules/schema/pack.schema.json.
// A broken pack is reported with its file, line and reason; the packs that
// are valid keep working. Patterns are compiled once here.
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseDocument, LineCounter, isNode } from 'yaml'
import type { Ajv, ErrorObject } from 'ajv'
import { ajv as loadAjv } from '../lazy.js'
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
}

export interface PackProblem {
  file: string
  line: number
  column: number
  message: string
}

export interface RuleSet {
  rules: Rule[]
  rewrites: Rewrite[]
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

let validator: ReturnType<Ajv['compile']> | undefined
function validate(): ReturnType<Ajv['compile']> {
  if (!validator) {
    const schema = JSON.parse(readFileSync(join(rulesDir(), 'schema', 'pack.schema.json'), 'utf8'))
    const ajv = new (loadAjv())({ allErrors: true, strict: false })
    validator = ajv.compile(schema)
  }
  return validator
}

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

function parsePack(file: string, problems: PackProblem[]): Parsed | undefined {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    problems.push({ file, line: 0, column: 0, message: `cannot read pack: ${(err as Error).message}` })
    return undefined
  }
  // A pack seen before (same text, same schema) that parsed and validated cleanly: its data, without YAML or schema work.
  const key = [schemaText(), text]
  const known = cacheGet<PackSpec>('pack', key)
  if (known) {
    let locate: Parsed['locate'] | undefined
    // Where a later problem (a duplicate name, an unknown class) is: parse the YAML only then.
    return { file, spec: known, locate: (path) => (locate ??= locator(text).locate)(path) }
  }
  const { doc, lines, locate } = locator(text)
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const pos = lines.linePos(e.pos[0])
      problems.push({ file, line: pos.line, column: pos.col, message: `YAML: ${e.message.split('\n')[0]}` })
    }
    return undefined
  }
  const data = doc.toJS() as unknown
  const check = validate()
  if (!check(data)) {
    for (const e of check.errors ?? []) {
      const path = e.instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s))
      const at = locate(path)
      problems.push({ file, line: at.line, column: at.column, message: describeAjv(e) })
    }
    return undefined
  }
  cachePut('pack', key, data)
  return { file, spec: data as PackSpec, locate }
}

/** A pack's YAML document, and where a path in it is (line and column). */
function locator(text: string): { doc: ReturnType<typeof parseDocument>; lines: LineCounter; locate: Parsed['locate'] } {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  const locate = (path: Array<string | number>): { line: number; column: number } => {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true)
      if (isNode(node) && node.range) {
        const p = lines.linePos(node.range[0])
        return { line: p.line, column: p.col }
      }
    }
    return { line: 1, column: 1 }
  }
  return { doc, lines, locate }
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
      rules.push({ ...r, pack: p.spec.pack, file: p.file, compiled, exceptions })
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
  return {
    rules,
    rewrites,
    lexicon,
    packs: valid.map((p) => ({ name: p.spec.pack, file: p.file, description: p.spec.description, topic: p.spec.topic })),
    problems,
  }
}

let builtin: RuleSet | undefined
/** The built-in packs, loaded once per process. */
export function builtinRuleSet(): RuleSet {
  builtin ??= loadRuleSet()
  return builtin
}
