// Add sources to a pandoc bibliography file the draft names: CSL-JSON
// (.json) or BibTeX (.bib), never duplicating an id.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { citationJs } from '../engine/citation.js'
import { toCsl, type EvidenceEntry } from '../engine/evidence.js'

/** The bibliography's text with the missing entries added (unchanged when none is missing). */
export function bibliographyText(existing: string | undefined, entries: readonly EvidenceEntry[], path: string): string {
  const old = existing ?? ''
  if (path.endsWith('.bib')) {
    const have = new Set([...old.matchAll(/@\w+\s*\{\s*([^,\s]+)\s*,/g)].map((m) => m[1]))
    const add = entries.filter((e) => !have.has(e.id))
    if (add.length === 0) return old
    const bib = new (citationJs())(add.map(toCsl)).format('bibtex', { format: 'text' }) as string
    return old.replace(/\s*$/, old ? '\n\n' : '') + bib.trim() + '\n'
  }
  const list = old.trim() ? (JSON.parse(old) as Array<{ id: string }>) : []
  if (!Array.isArray(list)) throw new Error(`${path}: a CSL-JSON bibliography must be an array`)
  const have = new Set(list.map((e) => e.id))
  const add = entries.filter((e) => !have.has(e.id))
  if (add.length === 0) return old
  return JSON.stringify([...list, ...add.map(toCsl)], null, 2) + '\n'
}

export function writeBibliography(path: string, entries: readonly EvidenceEntry[]): void {
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : undefined
  const next = bibliographyText(existing, entries, path)
  if (next !== (existing ?? '')) writeFileSync(path, next)
}
