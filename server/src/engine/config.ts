// Project configuration: .claimlintrc.yaml (or .yml), found by walking up from
// a draft's folder and validated against rules/schema/config.schema.json.
// Problems carry file, line and column so front ends can point at the key.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { isMap, isNode, isScalar, type Document, type LineCounter } from 'yaml'
import { parseYamlData } from './yaml-data.js'
import type { ErrorObject, ValidateFunction } from 'ajv'
import { schemaValidator } from './lazy.js'
import { builtinEvidence, loadUserSources, withEntries, type EvidenceEntry, type EvidenceLibrary } from './evidence.js'
import { builtinRuleSet, CODE_FILE, loadRuleSet, rulesDir, type RuleSet } from './packs/load.js'
import type { SeverityConfig } from './lint.js'
import { CATEGORIES, type Category, type Severity } from './types.js'
import { reviewConfig, type ReviewConfig, type ReviewSettings } from './review/settings.js'

export type Level = Severity | 'off'

/** Looked for in this order in each folder. */
export const CONFIG_NAMES = ['.claimlintrc.yaml', '.claimlintrc.yml'] as const

/** Large enough that a 10 MB draft still lints. */
export const DEFAULT_MAX_FILE_SIZE = 12 * 1024 * 1024

export interface ClaimlintConfig {
  /** Absolute path of the config file. */
  file: string
  categories: Partial<Record<Category, Level>>
  rules: Record<string, Level>
  /** Extra pack files or folders, absolute. */
  packs: string[]
  languages?: string[]
  maxFileSize?: number
  /** The workspace's own reference files (BibTeX or CSL-JSON), absolute. */
  sources: string[]
  citationStyle?: 'footnote' | 'pandoc' | 'numbered'
  /** The whole-draft review's settings (`review:`), as written. */
  review?: ReviewSettings
}

export interface ConfigProblem {
  file: string
  line: number
  column: number
  message: string
}

export interface LoadedConfig {
  /** Undefined when the file is unreadable, not YAML, or fails the schema. */
  config: ClaimlintConfig | undefined
  problems: ConfigProblem[]
}

interface Position {
  line: number
  column: number
}

type Locator = ReturnType<typeof locator>

/** Each loaded config's YAML positions, so problems found later (unknown rule ids, missing packs) point at the right line. */
const locators = new WeakMap<ClaimlintConfig, Locator>()

/** The nearest config file at or above `startDir`, or undefined. */
export function findConfig(startDir: string): string | undefined {
  let dir = resolve(startDir)
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = join(dir, name)
      try {
        if (statSync(candidate).isFile()) return candidate
      } catch {
        // not here; keep walking
      }
    }
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}

let validator: ValidateFunction | undefined
// Compiled when the bundle was built (lazy.ts), unless the schema has changed since.
const validate = (): ValidateFunction => (validator ??= schemaValidator('config', readFileSync(join(rulesDir(), 'schema', 'config.schema.json'), 'utf8')))

type Path = Array<string | number>

function pathOf(instancePath: string): Path {
  return instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s))
}

function showPath(path: Path): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '')
}

function locator(doc: Document, lines: LineCounter) {
  const at = (offset: number): Position => {
    const p = lines.linePos(offset)
    return { line: p.line, column: p.col }
  }
  /** The nearest node on `path` that exists. */
  const value = (path: Path): Position => {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true)
      if (isNode(node) && node.range) return at(node.range[0])
    }
    return { line: 1, column: 1 }
  }
  /** The key `key` of the map at `path` (better than pointing at its parent). */
  const key = (path: Path, name: string): Position => {
    const node = path.length === 0 ? doc.contents : doc.getIn(path, true)
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isScalar(pair.key) && String(pair.key.value) === name && pair.key.range) return at(pair.key.range[0])
      }
    }
    return value(path)
  }
  return { value, key }
}

function describe(e: ErrorObject, path: Path): { message: string; key?: string } {
  const where = path.length ? `${showPath(path)}: ` : ''
  const params = e.params as Record<string, unknown>
  switch (e.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty)
      if (path[0] === 'categories') return { message: `${where}unknown category "${name}" (categories are ${CATEGORIES.join(', ')})`, key: name }
      return { message: `${where}unknown key "${name}"`, key: name }
    }
    case 'propertyNames': {
      const name = String(params.propertyName)
      return { message: `${where}"${name}" is not a rule id (expected category/name)`, key: name }
    }
    case 'enum':
      return { message: `${where}must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` }
    default:
      return { message: `${where || 'top level: '}${e.message ?? 'is invalid'}` }
  }
}

/** Read and validate one config file. Relative pack paths become absolute. */
export function loadConfig(file: string): LoadedConfig {
  const abs = resolve(file)
  // Only .claimlintrc.yaml is ever looked for, but --config can name anything: code is refused unread.
  if (CODE_FILE.test(abs)) {
    return { config: undefined, problems: [{ file: abs, line: 0, column: 0, message: `${basename(abs)} is code, not a configuration: claimlint reads only YAML (.claimlintrc.yaml) and never loads or runs code` }] }
  }
  let text: string
  try {
    text = readFileSync(abs, 'utf8')
  } catch (err) {
    return { config: undefined, problems: [{ file: abs, line: 0, column: 0, message: `cannot read config: ${(err as Error).message}` }] }
  }
  // Plain data only: custom tags, excessive nesting and alias bombs are problems (yaml-data.ts).
  const yaml = parseYamlData(text)
  if (yaml.problems.length > 0) return { config: undefined, problems: yaml.problems.map((p) => ({ file: abs, ...p })) }
  const doc = yaml.doc!
  const lines = yaml.lines
  // An empty file (or only comments) is a valid, empty config.
  const data = (yaml.data ?? {}) as Record<string, unknown>
  const locate = locator(doc, lines)
  const check = validate()
  if (!check(data)) {
    const problems: ConfigProblem[] = []
    for (const e of check.errors ?? []) {
      // propertyNames reports twice (the pattern, then the wrapper); keep the wrapper.
      if (e.propertyName !== undefined && e.keyword !== 'propertyNames') continue
      const path = pathOf(e.instancePath)
      const d = describe(e, path)
      const pos = d.key !== undefined ? locate.key(path, d.key) : locate.value(path)
      problems.push({ file: abs, ...pos, message: d.message })
    }
    return { config: undefined, problems }
  }
  const dir = dirname(abs)
  const config: ClaimlintConfig = {
    file: abs,
    categories: (data.categories ?? {}) as Partial<Record<Category, Level>>,
    rules: (data.rules ?? {}) as Record<string, Level>,
    packs: ((data.packs ?? []) as string[]).map((p) => resolve(dir, p)),
    languages: data.languages as string[] | undefined,
    maxFileSize: data.maxFileSize as number | undefined,
    sources: ((data.sources ?? []) as string[]).map((p) => resolve(dir, p)),
    citationStyle: data.citationStyle as ClaimlintConfig['citationStyle'],
    review: data.review as ReviewSettings | undefined,
  }
  locators.set(config, locate)
  return { config, problems: [] }
}

/** The severity overrides lint() takes. */
export function severityConfig(config: ClaimlintConfig | undefined): SeverityConfig {
  return { categories: config?.categories ?? {}, rules: config?.rules ?? {} }
}

/** The whole-draft review's settings, defaults filled in. */
export function reviewConfigFor(config: ClaimlintConfig | undefined): ReviewConfig {
  return reviewConfig(config?.review)
}

/**
 * The rules a config asks for: built-in packs plus its extra packs. Problems
 * include broken packs and `rules` entries that name no loaded rule.
 */
export function ruleSetFor(config: ClaimlintConfig | undefined): { ruleSet: RuleSet; problems: ConfigProblem[] } {
  if (!config) return { ruleSet: builtinRuleSet(), problems: [...builtinRuleSet().problems] }
  const locate = locators.get(config)
  const at = (path: Path, key?: string): Position => (locate ? (key === undefined ? locate.value(path) : locate.key(path, key)) : { line: 1, column: 1 })
  const problems: ConfigProblem[] = []
  // A missing pack is the config's mistake: point at the config line, not at the missing path.
  const packs = config.packs.filter((p, i) => {
    if (existsSync(p)) return true
    problems.push({ file: config.file, ...at(['packs', i]), message: `packs[${i}]: ${p} does not exist` })
    return false
  })
  const ruleSet = packs.length > 0 ? loadRuleSet(packs) : builtinRuleSet()
  problems.push(...ruleSet.problems)
  const known = new Set(ruleSet.rules.map((r) => r.id))
  for (const id of Object.keys(config.rules)) {
    if (!known.has(id)) problems.push({ file: config.file, ...at(['rules'], id), message: `rules: unknown rule "${id}"` })
  }
  return { ruleSet, problems }
}

/**
 * The evidence a config's drafts may cite: the built-in library plus the
 * workspace's own reference files. A missing or unreadable file is a problem
 * at its line in the config.
 */
export function evidenceFor(config: ClaimlintConfig | undefined): { evidence: EvidenceLibrary; problems: ConfigProblem[] } {
  if (!config || config.sources.length === 0) return { evidence: builtinEvidence(), problems: [] }
  const locate = locators.get(config)
  const problems: ConfigProblem[] = []
  const extra: EvidenceEntry[] = []
  config.sources.forEach((file, i) => {
    const at = locate ? locate.value(['sources', i]) : { line: 1, column: 1 }
    try {
      extra.push(...loadUserSources(file))
    } catch (err) {
      problems.push({ file: config.file, ...at, message: `sources[${i}]: ${(err as Error).message}` })
    }
  })
  return { evidence: withEntries(builtinEvidence(), extra), problems }
}
