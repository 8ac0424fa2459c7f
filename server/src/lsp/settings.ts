// Editor settings (section "claimlint"): read per draft through
// workspace/configuration when the client supports it, else taken from
// didChangeConfiguration. Settings are the defaults a workspace's
// .claimlintrc.yaml overrides (see workspaceFiles.ts for the merge).
import type { Connection, DidChangeConfigurationParams } from 'vscode-languageserver/node.js'
import { CATEGORIES, type Category } from '../engine/types.js'
import type { ConfigProblem, Level } from '../engine/config.js'
import type { CitationStyle } from '../engine/rewrite/references.js'

const STYLES: readonly string[] = ['footnote', 'pandoc', 'numbered']

export type Trace = 'off' | 'messages' | 'verbose'

export interface ClientSettings {
  enable: boolean
  /** Editor language ids to lint. */
  languages: string[]
  /** Severity per category; "off" drops the category. */
  severity: Partial<Record<Category, Level>>
  /** Extra rule packs (absolute, or relative to the workspace folder). */
  packs: string[]
  trace: Trace
  /** How fixes cite sources; undefined: follow the draft. */
  citationStyle?: CitationStyle
}

export const DEFAULT_LANGUAGES: readonly string[] = ['markdown', 'plaintext']

export function defaultSettings(): ClientSettings {
  return { enable: true, languages: [...DEFAULT_LANGUAGES], severity: {}, packs: [], trace: 'off' }
}

/** Where settings problems are said to come from (they have no file or line). */
export const SETTINGS_ORIGIN = 'editor settings (claimlint.*)'

const LEVELS: readonly string[] = ['error', 'warning', 'info', 'off']
const TRACES: readonly string[] = ['off', 'messages', 'verbose']

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Read the "claimlint" section as the client sends it: nested
 * ({severity: {hype: 'off'}}) or with dotted keys ({'severity.hype': 'off'}).
 * Bad values are reported and ignored; the rest is kept.
 */
export function parseSettings(raw: unknown): { settings: ClientSettings; problems: ConfigProblem[] } {
  const settings = defaultSettings()
  const problems: ConfigProblem[] = []
  const bad = (key: string, message: string): void => {
    problems.push({ file: SETTINGS_ORIGIN, line: 0, column: 0, message: `claimlint.${key}: ${message}` })
  }
  if (raw === undefined || raw === null) return { settings, problems }
  if (!isObject(raw)) {
    bad('', 'settings must be an object')
    return { settings, problems }
  }
  // Expand dotted keys into nested objects.
  const data: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(raw)) {
    const parts = key.split('.')
    // Settings can come from workspace files (.vscode/settings.json and the like): "__proto__.x" must not reach Object.prototype.
    if (parts.some((p) => UNSAFE_KEYS.has(p))) {
      bad(key, 'is not a setting')
      continue
    }
    let target = data
    for (const p of parts.slice(0, -1)) {
      if (!isObject(target[p])) target[p] = {}
      target = target[p] as Record<string, unknown>
    }
    const last = parts[parts.length - 1]
    target[last] = isObject(value) && isObject(target[last]) ? { ...(target[last] as object), ...value } : value
  }

  if (data.enable !== undefined && data.enable !== null) {
    if (typeof data.enable === 'boolean') settings.enable = data.enable
    else bad('enable', 'must be true or false')
  }
  if (data.languages !== undefined && data.languages !== null) {
    if (Array.isArray(data.languages) && data.languages.every((l) => typeof l === 'string' && l !== '')) settings.languages = [...data.languages]
    else bad('languages', 'must be a list of language ids')
  }
  if (data.severity !== undefined && data.severity !== null) {
    if (!isObject(data.severity)) bad('severity', 'must map categories to error, warning, info or off')
    else {
      for (const [cat, level] of Object.entries(data.severity)) {
        if (!(CATEGORIES as readonly string[]).includes(cat)) bad(`severity.${cat}`, `unknown category (categories are ${CATEGORIES.join(', ')})`)
        // null, '' or 'default': no editor override (the pack or .claimlintrc.yaml decides).
        else if (level === null || level === undefined || level === '' || level === 'default') continue
        else if (typeof level !== 'string' || !LEVELS.includes(level)) bad(`severity.${cat}`, `must be one of ${LEVELS.join(', ')}`)
        else settings.severity[cat as Category] = level as Level
      }
    }
  }
  if (data.packs !== undefined && data.packs !== null) {
    if (Array.isArray(data.packs) && data.packs.every((p) => typeof p === 'string' && p !== '')) settings.packs = [...data.packs]
    else bad('packs', 'must be a list of pack files or folders')
  }
  if (data.citationStyle !== undefined && data.citationStyle !== null && data.citationStyle !== '' && data.citationStyle !== 'auto') {
    if (typeof data.citationStyle === 'string' && STYLES.includes(data.citationStyle)) settings.citationStyle = data.citationStyle as CitationStyle
    else bad('citationStyle', `must be one of auto, ${STYLES.join(', ')}`)
  }
  const trace = isObject(data.trace) ? data.trace.server : data.trace
  if (trace !== undefined && trace !== null) {
    if (typeof trace === 'string' && TRACES.includes(trace)) settings.trace = trace as Trace
    else bad('trace.server', `must be one of ${TRACES.join(', ')}`)
  }
  return { settings, problems }
}

/** Settings per draft (scopeUri), cached until the client says they changed. */
export class SettingsStore {
  private global: { settings: ClientSettings; problems: ConfigProblem[] } = { settings: defaultSettings(), problems: [] }
  private readonly cache = new Map<string, Promise<{ settings: ClientSettings; problems: ConfigProblem[] }>>()
  /** Bumped on every change so callers can tell results computed with old settings. */
  generation = 0

  constructor(
    private readonly connection: Connection,
    private readonly pullsConfiguration: boolean,
    private readonly log: (message: string) => void,
  ) {}

  async get(scopeUri: string | undefined): Promise<{ settings: ClientSettings; problems: ConfigProblem[] }> {
    if (!this.pullsConfiguration) return this.global
    const key = scopeUri ?? ''
    let p = this.cache.get(key)
    if (!p) {
      p = this.fetch(scopeUri)
      this.cache.set(key, p)
    }
    return p
  }

  private async fetch(scopeUri: string | undefined): Promise<{ settings: ClientSettings; problems: ConfigProblem[] }> {
    try {
      const raw: unknown = await this.connection.workspace.getConfiguration(scopeUri === undefined ? { section: 'claimlint' } : { scopeUri, section: 'claimlint' })
      return parseSettings(raw)
    } catch (err) {
      this.log(`claimlint: could not read settings (${err instanceof Error ? err.message : String(err)}); using defaults`)
      return { settings: defaultSettings(), problems: [] }
    }
  }

  /** didChangeConfiguration: forget cached settings (or take the pushed ones). */
  changed(params: DidChangeConfigurationParams): void {
    this.generation++
    this.cache.clear()
    if (!this.pullsConfiguration) {
      const all = params.settings as Record<string, unknown> | null | undefined
      this.global = parseSettings(isObject(all) ? all.claimlint : undefined)
    }
  }

  forget(scopeUri: string): void {
    this.cache.delete(scopeUri)
  }
}
