// The files around a draft that change how it is linted: workspace folders,
// .claimlintrc.yaml (found by walking up, cached per folder), rule packs
// named in config or settings, and .claimlint/reviews.yaml. Watches them and
// drops what a change makes stale.
import { existsSync, statSync } from 'node:fs'
import { basename, dirname, relative, resolve, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { FileChangeType, type FileEvent, type FileSystemWatcher } from 'vscode-languageserver/node.js'
import { CONFIG_NAMES, DEFAULT_MAX_FILE_SIZE, evidenceFor, findConfig, loadConfig, ruleSetFor, type ClaimlintConfig, type ConfigProblem, type LoadedConfig } from '../engine/config.js'
import type { EvidenceLibrary } from '../engine/evidence.js'
import type { CitationStyle } from '../engine/rewrite/references.js'
import { loadRuleSet, type RuleSet } from '../engine/packs/load.js'
import { findReviews, loadReviews, reviewsPath, type Dismissal, type LoadedReviews } from '../engine/reviews.js'
import type { SeverityConfig } from '../engine/lint.js'
import { SETTINGS_ORIGIN, type ClientSettings } from './settings.js'
import { formatProblem } from './problems.js'

/** Settings and .claimlintrc.yaml merged for one folder: the file wins. */
export interface Effective {
  enabled: boolean
  languages: string[]
  ruleSet: RuleSet
  severity: SeverityConfig
  configFile?: string
  maxFileSize: number
  /** Built-in evidence plus the workspace's own sources. */
  evidence: EvidenceLibrary
  citationStyle?: CitationStyle
  problems: ConfigProblem[]
}

export interface DraftReviews {
  /** Folder that holds .claimlint/ */
  root?: string
  dismissals: Dismissal[]
  /** The draft's path relative to root, with forward slashes. */
  file?: string
  problems: ConfigProblem[]
}

/** What a batch of file events touched. */
export interface FilesChanged {
  config: boolean
  packs: boolean
  reviews: boolean
  /** Absolute paths of the changed files we care about. */
  files: string[]
}

export const REVIEWS_GLOB = '**/.claimlint/reviews.yaml'
export const CONFIG_GLOB = '**/.claimlintrc.{yaml,yml}'

const UNKNOWN_RULE = /^rules: unknown rule "(.+)"$/

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined
  try {
    return fileURLToPath(uri)
  } catch {
    return undefined
  }
}

export const isInside = (folder: string, path: string): boolean => {
  const rel = relative(folder, path)
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel))
}

/** A file's size and modification time, or "-" when it cannot be read (evidenceFor reports why). */
function fileStamp(path: string): string {
  try {
    const st = statSync(path)
    return `${st.size}:${st.mtimeMs}`
  } catch {
    return '-'
  }
}

export class WorkspaceFiles {
  private folderPaths: string[] = []
  private readonly configByDir = new Map<string, string | undefined>()
  private readonly configs = new Map<string, LoadedConfig>()
  private readonly ruleSets = new Map<string, { ruleSet: RuleSet; problems: ConfigProblem[] }>()
  private readonly reviewsByDir = new Map<string, { root: string; path: string } | undefined>()
  private readonly reviews = new Map<string, LoadedReviews>()
  /** Pack files and folders named by any config or setting seen so far. */
  private readonly packs = new Set<string>()
  /** Called when a new pack path needs watching. */
  onNewPacks: () => void = () => {}

  get folders(): readonly string[] {
    return this.folderPaths
  }

  setFolders(uris: readonly string[]): void {
    this.folderPaths = [...new Set(uris.map(uriToPath).filter((p): p is string => p !== undefined))]
  }

  changeFolders(added: readonly string[], removed: readonly string[]): void {
    const gone = new Set(removed.map(uriToPath))
    const next = this.folderPaths.filter((f) => !gone.has(f))
    for (const p of added.map(uriToPath)) if (p && !next.includes(p)) next.push(p)
    this.folderPaths = next
  }

  /** The workspace folder holding `path` (the innermost one), if any. */
  folderFor(path: string): string | undefined {
    let best: string | undefined
    for (const f of this.folderPaths) if (isInside(f, path) && (!best || f.length > best.length)) best = f
    return best
  }

  /** Where workspace-level files (.claimlintrc.yaml, .claimlint/) go for a draft. */
  rootFor(path: string | undefined): string {
    if (path) return this.folderFor(path) ?? this.folderPaths[0] ?? dirname(path)
    return this.folderPaths[0] ?? process.cwd()
  }

  /** The folder a draft's config lookup starts from. */
  dirFor(path: string | undefined): string {
    return path ? dirname(path) : this.rootFor(undefined)
  }

  /** Nearest config at or above `dir`, cached per folder. */
  configFileFor(dir: string): string | undefined {
    if (!this.configByDir.has(dir)) this.configByDir.set(dir, findConfig(dir))
    return this.configByDir.get(dir)
  }

  private loadConfig(file: string): LoadedConfig {
    let c = this.configs.get(file)
    if (!c) this.configs.set(file, (c = loadConfig(file)))
    return c
  }

  /** Settings merged with the config that applies to `dir`; problems say what was ignored. */
  effective(dir: string, settings: ClientSettings): Effective {
    const file = this.configFileFor(dir)
    const loaded = file ? this.loadConfig(file) : undefined
    const config = loaded?.config
    const base = this.folderFor(dir) ?? dir
    const extra = settings.packs.map((p) => resolve(base, p))
    const rs = this.ruleSet(loaded, extra)
    const sources = this.sources(config)
    const problems = [...(loaded?.problems ?? []), ...rs.problems, ...sources.problems]
    return {
      enabled: settings.enable,
      languages: config?.languages ?? settings.languages,
      ruleSet: rs.ruleSet,
      severity: { categories: { ...settings.severity, ...config?.categories }, rules: { ...config?.rules } },
      configFile: file,
      maxFileSize: config?.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
      evidence: sources.evidence,
      citationStyle: config?.citationStyle ?? settings.citationStyle,
      problems,
    }
  }

  /** Per config: its sources as read, and the files' sizes and times then. */
  private readonly sourcesRead = new WeakMap<ClaimlintConfig, { stamp: string; read: ReturnType<typeof evidenceFor> }>()

  /**
   * The evidence a config's sources add, read again only when one of the
   * files changed: every keystroke's lint asks for it, and parsing a BibTeX
   * file takes milliseconds (a new library would also make the draft's
   * linter compare every entry). Same object while nothing changed.
   */
  private sources(config: ClaimlintConfig | undefined): ReturnType<typeof evidenceFor> {
    if (!config || config.sources.length === 0) return evidenceFor(config)
    const stamp = config.sources.map(fileStamp).join('\0')
    const hit = this.sourcesRead.get(config)
    if (hit?.stamp === stamp) return hit.read
    const read = evidenceFor(config)
    this.sourcesRead.set(config, { stamp, read })
    return read
  }

  private ruleSet(loaded: LoadedConfig | undefined, extra: readonly string[]): { ruleSet: RuleSet; problems: ConfigProblem[] } {
    const config = loaded?.config
    const key = `${config?.file ?? ''}\0${extra.join('\0')}`
    let r = this.ruleSets.get(key)
    if (r) return r
    const watched = [...(config?.packs ?? []), ...extra]
    const fresh = watched.filter((p) => !this.packs.has(p))
    for (const p of fresh) this.packs.add(p)
    if (fresh.length > 0) this.onNewPacks()

    const own = ruleSetFor(config)
    if (extra.length === 0) {
      r = own
    } else {
      const problems: ConfigProblem[] = []
      const present = extra.filter((p, i) => {
        if (existsSync(p)) return true
        problems.push({ file: SETTINGS_ORIGIN, line: 0, column: 0, message: `claimlint.packs[${i}]: ${p} does not exist` })
        return false
      })
      const ruleSet = loadRuleSet([...(config?.packs ?? []).filter((p) => existsSync(p)), ...present])
      const known = new Set(ruleSet.rules.map((x) => x.id))
      const seen = new Set<string>()
      for (const p of [...own.problems, ...ruleSet.problems]) {
        const m = UNKNOWN_RULE.exec(p.message)
        if (m && known.has(m[1])) continue
        const k = formatProblem(p)
        if (seen.has(k)) continue
        seen.add(k)
        problems.push(p)
      }
      r = { ruleSet, problems }
    }
    this.ruleSets.set(key, r)
    return r
  }

  /** Reviewers' dismissals that apply to the draft at `path` (the nearest .claimlint/reviews.yaml above it, as the CLI does). */
  reviewsFor(path: string | undefined): DraftReviews {
    if (!path) return { dismissals: [], problems: [] }
    const found = this.reviewsLocation(dirname(path))
    if (!found) return { dismissals: [], problems: [] }
    let loaded = this.reviews.get(found.path)
    if (!loaded) this.reviews.set(found.path, (loaded = loadReviews(found.path)))
    return { root: found.root, dismissals: loaded.dismissals, file: relative(found.root, path).split(sep).join('/'), problems: loaded.problems }
  }

  /** Where a new dismissal for the draft at `path` is written, and the root its `file` is relative to. */
  reviewsTarget(path: string): { root: string; path: string } {
    return this.reviewsLocation(dirname(path)) ?? { root: this.rootFor(path), path: reviewsPath(this.rootFor(path)) }
  }

  private reviewsLocation(dir: string): { root: string; path: string } | undefined {
    if (!this.reviewsByDir.has(dir)) this.reviewsByDir.set(dir, findReviews(dir))
    return this.reviewsByDir.get(dir)
  }

  /** A reviews file was written by us: read it again next time. */
  reviewsWritten(path: string): void {
    this.reviews.delete(path)
    this.reviewsByDir.clear()
  }

  private isPack(path: string): boolean {
    for (const p of this.packs) if (p === path || isInside(p, path)) return true
    return false
  }

  /** Drop what the events make stale. */
  filesChanged(events: readonly FileEvent[]): FilesChanged {
    const out: FilesChanged = { config: false, packs: false, reviews: false, files: [] }
    for (const e of events) {
      const path = uriToPath(e.uri)
      if (!path) continue
      const name = basename(path)
      if ((CONFIG_NAMES as readonly string[]).includes(name)) {
        // A created or deleted config changes which one applies where.
        if (e.type !== FileChangeType.Changed) this.configByDir.clear()
        this.configs.delete(path)
        this.ruleSets.clear()
        out.config = true
        out.files.push(path)
      } else if (name === 'reviews.yaml' && basename(dirname(path)) === '.claimlint') {
        if (e.type !== FileChangeType.Changed) this.reviewsByDir.clear()
        this.reviews.delete(path)
        out.reviews = true
        out.files.push(path)
      } else if (this.isPack(path)) {
        this.ruleSets.clear()
        out.packs = true
        out.files.push(path)
      }
    }
    return out
  }

  /** Forget everything (settings changed: pack paths may resolve differently). */
  clearRuleSets(): void {
    this.ruleSets.clear()
  }

  /** Watchers for the config files, reviews files and every pack seen so far. */
  watchers(relativePatterns: boolean): FileSystemWatcher[] {
    const out: FileSystemWatcher[] = [{ globPattern: CONFIG_GLOB }, { globPattern: REVIEWS_GLOB }]
    for (const p of [...this.packs].sort()) {
      let isDir = false
      try {
        isDir = statSync(p).isDirectory()
      } catch {
        // Not there yet: watch for the file to appear.
      }
      const baseDir = isDir ? p : dirname(p)
      const pattern = isDir ? '*.{yaml,yml}' : basename(p)
      if (relativePatterns) out.push({ globPattern: { baseUri: pathToFileURL(baseDir).href, pattern } })
      else out.push({ globPattern: `${baseDir.split(sep).join('/')}/${pattern}` })
    }
    return out
  }
}
