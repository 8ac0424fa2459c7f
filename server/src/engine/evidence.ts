// The evidence library: the sources that rule messages and rewrites may cite.
// Each file in rules/evidence/ is a CSL-JSON array (the format Zotero, pandoc
// and citeproc read), checked against rules/schema/evidence.schema.json.
// claimlint's own data (findings, topics) sits under `custom`. A broken entry
// is reported with its file, line and reason and left out; the rest load.
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { citationJs } from './citation.js'
import { cacheGet, cachePut } from './cache.js'
import type { ErrorObject, ValidateFunction } from 'ajv'
import { prebuiltKey, prebuiltResult, schemaValidator } from './lazy.js'
import { CODE_FILE, rulesDir } from './packs/load.js'

export interface CslName {
  family?: string
  given?: string
  'non-dropping-particle'?: string
  'dropping-particle'?: string
  suffix?: string
  literal?: string
}

export interface CslDate {
  'date-parts': number[][]
  circa?: boolean
}

/** What a source found, in our own words and only as far as verified. */
export interface EvidenceFindings {
  design?: string
  /** Participants, or cases when the design says so. */
  n?: number
  population?: string
  intervention?: string
  comparator?: string
  outcome?: string
  result?: string
  duration?: string
  harms?: string
}

export interface EvidenceCustom {
  topics: string[]
  findings?: EvidenceFindings
  /** Further verified facts from the source, for rewrites and checks. */
  statements?: string[]
  /** Trial registry ids, e.g. NCT numbers. */
  registration?: string[]
  /** Details looked for and not confirmed, so left out on purpose. */
  not_verified?: string[]
}

/** One library entry: a CSL-JSON item plus claimlint's `custom` data. */
export interface EvidenceEntry {
  id: string
  type: string
  title: string
  'title-short'?: string
  author?: CslName[]
  editor?: CslName[]
  'container-title'?: string
  'container-title-short'?: string
  'collection-title'?: string
  publisher?: string
  'publisher-place'?: string
  authority?: string
  genre?: string
  medium?: string
  source?: string
  language?: string
  abstract?: string
  issued: CslDate
  accessed?: CslDate
  volume?: string | number
  issue?: string | number
  page?: string | number
  number?: string | number
  section?: string | number
  version?: string | number
  edition?: string | number
  DOI?: string
  PMID?: string
  PMCID?: string
  ISSN?: string
  ISBN?: string
  URL?: string
  /** Verification record: when, which identifiers, and where they were seen. */
  note: string
  custom?: EvidenceCustom
}

export interface EvidenceProblem {
  file: string
  line?: number
  message: string
}

export interface EvidenceLibrary {
  entries: Map<string, EvidenceEntry>
  problems: EvidenceProblem[]
  /** Where each loaded entry is defined. */
  origins: Map<string, { file: string; line: number }>
}

/** The built-in library folder, next to rules/packs. */
export function evidenceDir(): string {
  return join(rulesDir(), 'evidence')
}

let schemaSource: string | undefined
const evidenceSchemaText = (): string => (schemaSource ??= readFileSync(join(rulesDir(), 'schema', 'evidence.schema.json'), 'utf8'))

let validator: ValidateFunction | undefined
const validate = (): ValidateFunction => (validator ??= schemaValidator('evidence', evidenceSchemaText()))

/** What an evidence file's check depends on. */
const evidenceKey = (text: string): string[] => [evidenceSchemaText(), text]
/** Prebuilt and cached for a file whose entries all pass the schema: each entry's line. */
const EVIDENCE_KIND = 'evidence-lines'

/**
 * Load the evidence library from folders of *.json files (or single files).
 * Defaults to rules/evidence. Invalid entries and duplicate ids are reported
 * as problems and left out; the first definition of an id wins.
 */
export function loadEvidence(dirs?: string[], options: { fresh?: boolean } = {}): EvidenceLibrary {
  const problems: EvidenceProblem[] = []
  const entries = new Map<string, EvidenceEntry>()
  const origins = new Map<string, { file: string; line: number }>()

  const files: string[] = []
  for (const d of dirs ?? [evidenceDir()]) {
    const abs = resolve(d)
    let isDir: boolean
    try {
      isDir = statSync(abs).isDirectory()
    } catch {
      problems.push({ file: abs, message: 'evidence folder or file does not exist' })
      continue
    }
    if (!isDir) {
      files.push(abs)
      continue
    }
    for (const f of readdirSync(abs).filter((n) => n.endsWith('.json')).sort()) files.push(join(abs, f))
  }

  for (const file of files) {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch (err) {
      problems.push({ file, message: `cannot read evidence file: ${(err as Error).message}` })
      continue
    }
    let data: unknown
    try {
      data = JSON.parse(text)
    } catch (err) {
      const message = (err as Error).message
      problems.push({ file, line: jsonErrorLine(text, message), message: `JSON: ${message.split('\n')[0]}` })
      continue
    }
    if (!Array.isArray(data)) {
      problems.push({ file, line: 1, message: 'an evidence file must be a JSON array of CSL items' })
      continue
    }
    // A file whose every entry passes the schema, with the line of each entry (built-in files are prebuilt
    // into the bundles; others may have been seen by an earlier run, see cache.ts): nothing to check or scan.
    const key = evidenceKey(text)
    const seen = options.fresh ? undefined : (prebuiltResult<number[]>(EVIDENCE_KIND, key) ?? cacheGet<number[]>(EVIDENCE_KIND, key))
    const known = Array.isArray(seen) && seen.length === data.length
    const starts = known ? [] : topLevelElementStarts(text)
    const lines = known ? seen : linesAt(text, starts)
    const before = problems.length
    let allValid = true
    const check = known ? undefined : validate()
    data.forEach((item, index) => {
      const start = starts[index] ?? 0
      const line = lines[index] ?? 1
      if (check && !check(item)) {
        allValid = false
        for (const e of simplify(check.errors ?? [])) {
          const segments = e.instancePath.split('/').slice(1)
          const where = locate(text, start, starts[index + 1] ?? text.length, segments)
          problems.push({ file, line: lineAt(text, where), message: describe(item, index, e) })
        }
        return
      }
      const entry = item as EvidenceEntry
      const first = origins.get(entry.id)
      if (first) {
        problems.push({ file, line, message: `duplicate id "${entry.id}": already defined at ${first.file}:${first.line}` })
        return
      }
      entries.set(entry.id, entry)
      origins.set(entry.id, { file, line })
    })
    if (!known && !options.fresh && allValid && problems.length === before) cachePut(EVIDENCE_KIND, key, lines)
  }
  return { entries, problems, origins }
}

/**
 * For scripts/prebuilt.mjs: the entries' lines of each built-in evidence
 * file (all of whose entries pass the schema), by prebuiltKey, as
 * loadEvidence finds them again. The build fails if the built-in library has
 * a problem.
 */
export function prebuildEvidenceResults(): Record<string, string> {
  const library = loadEvidence(undefined, { fresh: true })
  if (library.problems.length > 0) throw new Error(`the built-in evidence library has problems:\n${library.problems.map((p) => `${p.file}:${p.line ?? 0}: ${p.message}`).join('\n')}`)
  const out: Record<string, string> = {}
  for (const f of readdirSync(evidenceDir()).filter((n) => n.endsWith('.json')).sort()) {
    const text = readFileSync(join(evidenceDir(), f), 'utf8')
    out[prebuiltKey(EVIDENCE_KIND, evidenceKey(text))] = JSON.stringify(linesAt(text, topLevelElementStarts(text)))
  }
  return out
}

export type IdentifierKind = 'DOI' | 'PMID' | 'URL'

/** The identifiers of an entry, each with a link a reader can open. */
export function evidenceIdentifiers(entry: EvidenceEntry): Array<{ kind: IdentifierKind; value: string; link: string }> {
  const out: Array<{ kind: IdentifierKind; value: string; link: string }> = []
  if (entry.DOI) out.push({ kind: 'DOI', value: entry.DOI, link: `https://doi.org/${entry.DOI}` })
  if (entry.PMID) out.push({ kind: 'PMID', value: entry.PMID, link: `https://pubmed.ncbi.nlm.nih.gov/${entry.PMID}/` })
  if (entry.URL) out.push({ kind: 'URL', value: entry.URL, link: entry.URL })
  return out
}

/** The best single link for an entry: DOI, then PMID, then URL. */
export function evidenceLink(entry: EvidenceEntry): string | undefined {
  return evidenceIdentifiers(entry)[0]?.link
}

/** Rule `sources:` ids that the library does not define, as rule id and source id. */
export function unknownSources(
  rules: ReadonlyArray<{ id: string; sources?: readonly string[] }>,
  library: Pick<EvidenceLibrary, 'entries'>,
): Array<{ rule: string; source: string }> {
  return rules.flatMap((r) => (r.sources ?? []).filter((s) => !library.entries.has(s)).map((source) => ({ rule: r.id, source })))
}

/** The entry as a plain CSL-JSON item, for citeproc or pandoc (drops `custom`). */
export function toCsl(entry: EvidenceEntry): Omit<EvidenceEntry, 'custom'> {
  const { custom: _custom, ...csl } = entry
  return csl
}

// ---------------------------------------------------------------------------

function lineAt(text: string, offset: number): number {
  let line = 1
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++
  return line
}

/** lineAt for each of the ascending offsets, in one pass over the text (not one per entry). */
function linesAt(text: string, offsets: readonly number[]): number[] {
  const out: number[] = []
  let line = 1
  let next = text.indexOf('\n')
  for (const offset of offsets) {
    while (next >= 0 && next < offset) {
      line++
      next = text.indexOf('\n', next + 1)
    }
    out.push(line)
  }
  return out
}

/** Offsets where each element of the top-level JSON array begins. */
function topLevelElementStarts(text: string): number[] {
  const starts: number[] = []
  let depth = 0
  let inString = false
  let escaped = false
  let expect = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (escaped) escaped = false
      else if (c === '\\') escaped = true
      else if (c === '"') inString = false
      continue
    }
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue
    if (depth === 1 && expect && c !== ']') {
      starts.push(i)
      expect = false
    }
    if (c === '"') inString = true
    else if (c === '[' || c === '{') {
      depth++
      if (depth === 1) expect = true
    } else if (c === ']' || c === '}') depth--
    else if (c === ',' && depth === 1) expect = true
  }
  return starts
}

/** Best guess at the offset of a property inside one element: follow the keys in order. */
function locate(text: string, start: number, end: number, segments: string[]): number {
  let at = start
  for (const seg of segments) {
    if (/^\d+$/.test(seg)) continue
    const key = JSON.stringify(seg.replace(/~1/g, '/').replace(/~0/g, '~'))
    const found = text.indexOf(key, at)
    if (found < 0 || found >= end) break
    at = found
  }
  return at
}

function jsonErrorLine(text: string, message: string): number | undefined {
  const lineCol = /line (\d+) column \d+/.exec(message)
  if (lineCol) return Number(lineCol[1])
  const pos = /position (\d+)/.exec(message)
  if (pos) return lineAt(text, Number(pos[1]))
  return undefined
}

/** Drop the per-branch errors of anyOf/oneOf so each problem is reported once. */
function simplify(errors: ErrorObject[]): ErrorObject[] {
  const groups = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
  return errors.filter(
    (e) => !groups.some((g) => g !== e && g.instancePath === e.instancePath && e.schemaPath.startsWith(g.schemaPath + '/')),
  )
}

function describe(item: unknown, index: number, e: ErrorObject): string {
  const id = item && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string' ? (item as { id: string }).id : undefined
  const who = id ? `entry "${id}"` : `entry ${index + 1}`
  const path = e.instancePath.split('/').slice(1).join('.') || '(entry)'
  const field = e.instancePath.split('/').pop() ?? ''
  if (e.keyword === 'anyOf' && e.schemaPath === '#/anyOf') {
    return `${who}: needs at least one verified identifier: DOI, PMID or URL`
  }
  if (e.keyword === 'anyOf' && e.schemaPath.includes('/names/')) return `${who}: ${path}: a name needs "family" or "literal"`
  if (e.keyword === 'oneOf' && e.schemaPath.includes('number-ish')) return `${who}: ${path}: must be a non-empty string or a whole number`
  if (e.keyword === 'required') {
    const missing = (e.params as { missingProperty: string }).missingProperty
    return path === '(entry)' ? `${who}: missing "${missing}"` : `${who}: ${path}: missing "${missing}"`
  }
  if (e.keyword === 'additionalProperties') {
    return `${who}: ${path}: unknown key "${(e.params as { additionalProperty: string }).additionalProperty}" (claimlint data goes under "custom")`
  }
  if (e.keyword === 'pattern') {
    if (field === 'DOI') return `${who}: DOI must be a bare DOI such as 10.1001/jamapsychiatry.2014.62 (no https://doi.org/ in front)`
    if (field === 'PMID') return `${who}: PMID must be digits only`
    if (field === 'URL') return `${who}: URL must start with https://`
    if (field === 'note') return `${who}: note must start with "Verified YYYY-MM-DD: " and say where the identifiers were seen`
    if (field === 'id') return `${who}: id must start with a lower-case letter and use only a-z, 0-9, _ and -`
  }
  if (e.keyword === 'enum' && path === 'type') return `${who}: type must be a CSL item type such as "article-journal", "report", "legislation" or "webpage"`
  if (e.keyword === 'enum') {
    return `${who}: ${path}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`
  }
  return `${who}: ${path}: ${e.message ?? 'is invalid'}`
}

let builtin: EvidenceLibrary | undefined
/** The built-in library (rules/evidence), loaded once per process. */
export function builtinEvidence(): EvidenceLibrary {
  builtin ??= loadEvidence()
  return builtin
}

/**
 * A workspace's own reference file: BibTeX (.bib) through citation-js, or a
 * CSL-JSON array. These are the user's sources: they are not verified by
 * claimlint, and their note says where they came from.
 */
export function loadUserSources(file: string): EvidenceEntry[] {
  // Sources are data: a file of code is refused unread, whatever it holds.
  if (CODE_FILE.test(file)) throw new Error(`${basename(file)} is code, not a reference file (BibTeX .bib or CSL-JSON .json); claimlint never loads or runs code`)
  const text = readFileSync(file, 'utf8')
  let items: Array<Record<string, unknown>>
  if (file.endsWith('.bib')) {
    items = new (citationJs())(text).data
  } else {
    let data: unknown
    try {
      data = JSON.parse(text)
    } catch (err) {
      throw new Error(`${basename(file)} is not CSL-JSON (${(err as Error).message.split('\n')[0]}); sources are BibTeX (.bib) or CSL-JSON files`)
    }
    if (!Array.isArray(data)) throw new Error('a CSL-JSON file must hold an array of items')
    items = data as Array<Record<string, unknown>>
  }
  return items.map((item, i) => {
    const id = typeof item.id === 'string' && item.id ? item.id : typeof item['citation-key'] === 'string' ? (item['citation-key'] as string) : `${basename(file)}-${i + 1}`
    if (typeof item.title !== 'string' || item.title === '') throw new Error(`entry ${id} has no title`)
    return {
      ...(item as object),
      id,
      type: typeof item.type === 'string' ? item.type : 'article-journal',
      title: item.title,
      issued: (item.issued as CslDate | undefined) ?? { 'date-parts': [[]] },
      note: `From the workspace's own sources (${basename(file)}); not verified by claimlint.`,
      custom: { topics: [], ...((item.custom as object | undefined) ?? {}) },
    } as EvidenceEntry
  })
}

/** A library with more entries; the built-in ones win on a clash of ids. */
export function withEntries(base: EvidenceLibrary, extra: readonly EvidenceEntry[]): EvidenceLibrary {
  const entries = new Map(base.entries)
  for (const e of extra) if (!entries.has(e.id)) entries.set(e.id, e)
  return { entries, problems: base.problems, origins: base.origins }
}
