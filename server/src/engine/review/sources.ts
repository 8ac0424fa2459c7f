// Sources: a draft with no references at all; a citation that points to no
// reference; a reference that nothing cites; and a cited source older than
// `maxSourceAgeYears` when the evidence library holds newer work on the same
// question (an entry whose topics include all of the old one's, issued later
// and itself within the age limit) that the draft does not cite.
// DISCERN asks whether sources are named and when they date from.
import type { EvidenceEntry, EvidenceLibrary } from '../evidence.js'
import { hasSpecificSource } from '../context/citations.js'
import { bibliographyFile } from '../rewrite/references.js'
import type { DocFinding } from '../types.js'
import type { ReviewDraft } from './draft.js'

export interface Marker {
  kind: 'footnote' | 'numbered' | 'pandoc'
  /** Footnote id, reference number or pandoc key. */
  key: string
  start: number
  end: number
  /** "(2)" or a superscript "²": counts as citing a listed reference, never reported as unresolved (it may be an enumeration). */
  soft?: boolean
}

export interface ReferenceDef {
  kind: 'footnote' | 'numbered'
  key: string
  text: string
  start: number
  end: number
}

export interface SourcesStats {
  markers: Marker[]
  references: ReferenceDef[]
  /** Whether the draft names any source at all (a reference list, a citation, a link to a study). */
  hasSources: boolean
  unresolved: Marker[]
  uncited: ReferenceDef[]
  /** Library entries the draft cites, with the first marker citing each. */
  cited: Map<string, { entry: EvidenceEntry; marker: Marker }>
  outdated: Array<{ entry: EvidenceEntry; marker: Marker; age: number; newer: EvidenceEntry[] }>
}

/** Citation markers in the draft's prose (not in code, not in the reference list). */
export function citationMarkers(d: ReviewDraft): Marker[] {
  const out: Marker[] = []
  const refsStart = d.referencesHeading?.start ?? Infinity
  for (const v of d.views) {
    const s = v.sentence
    if (s.start >= refsStart) continue
    const base = s.start
    for (const m of s.text.matchAll(/\[\^([^\]\s]+)\](?!:)/g)) out.push({ kind: 'footnote', key: m[1], start: base + m.index!, end: base + m.index! + m[0].length })
    for (const m of s.text.matchAll(/\[(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\]/g)) {
      for (const n of expand(m[1])) out.push({ kind: 'numbered', key: String(n), start: base + m.index!, end: base + m.index! + m[0].length })
    }
    for (const m of s.text.matchAll(/\((\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\)/g)) {
      for (const n of expand(m[1])) out.push({ kind: 'numbered', key: String(n), start: base + m.index!, end: base + m.index! + m[0].length, soft: true })
    }
    for (const m of s.text.matchAll(/[¹²³⁴⁵⁶⁷⁸⁹⁰]+/g)) {
      const n = [...m[0]].map((c) => '⁰¹²³⁴⁵⁶⁷⁸⁹'.indexOf(c)).join('')
      out.push({ kind: 'numbered', key: String(Number(n)), start: base + m.index!, end: base + m.index! + m[0].length, soft: true })
    }
    for (const m of s.text.matchAll(/\[([^\]]*@[^\]]*)\]/g)) {
      for (const k of m[1].matchAll(/(?:^|[\s;])-?@([\w][\w:.#$%&\-+?<>~/]*)/g)) out.push({ kind: 'pandoc', key: k[1].replace(/[.,;:]+$/, ''), start: base + m.index!, end: base + m.index! + m[0].length })
    }
  }
  // A marker stays in the sentence text once; sentences never overlap, so no duplicates by offset.
  return out
}

function expand(list: string): number[] {
  const out: number[] = []
  for (const part of list.split(',')) {
    const r = /^\s*(\d+)\s*[–-]\s*(\d+)\s*$/.exec(part)
    if (r) for (let n = Number(r[1]); n <= Number(r[2]) && n - Number(r[1]) < 50; n++) out.push(n)
    else out.push(Number(part.trim()))
  }
  return out
}

/** Footnote definitions anywhere, and the numbered list under the References heading. */
export function referenceDefs(d: ReviewDraft): ReferenceDef[] {
  const out: ReferenceDef[] = []
  for (const m of d.text.matchAll(/^\[\^([^\]\s]+)\]:[ \t]*(.*)$/gm)) out.push({ kind: 'footnote', key: m[1], text: m[2].replace(/\r$/, ''), start: m.index!, end: m.index! + m[0].replace(/\r$/, '').length })
  const h = d.referencesHeading
  if (h) {
    const next = d.headings.find((x) => x.start > h.start && x.depth <= h.depth)
    const end = next ? next.start : d.text.length
    const body = d.text.slice(h.end, end)
    for (const m of body.matchAll(/^[ \t]*(?:\[(\d{1,3})\]|(\d{1,3})\.)[ \t]+(.+)$/gm)) {
      const start = h.end + m.index!
      out.push({ kind: 'numbered', key: m[1] ?? m[2], text: m[3].replace(/\r$/, ''), start, end: start + m[0].replace(/\r$/, '').length })
    }
  }
  return out
}

/** The library entry a reference's text identifies by DOI or PMID. */
export function identify(refText: string, library: EvidenceLibrary): EvidenceEntry | undefined {
  const lower = refText.toLowerCase()
  for (const e of library.entries.values()) {
    if (e.DOI && lower.includes(e.DOI.toLowerCase())) return e
    if (e.PMID && new RegExp(`\\b${e.PMID}\\b`).test(refText)) return e
  }
  return undefined
}

/** Year (with the month as a fraction) a library entry was issued. */
export function issuedYear(e: EvidenceEntry): number | undefined {
  const [y, m] = e.issued?.['date-parts']?.[0] ?? []
  return typeof y === 'number' ? y + (typeof m === 'number' ? (m - 1) / 12 : 0) : undefined
}

/** "Feder 2021": first author and year, for messages. */
export function shortLabel(e: EvidenceEntry): string {
  const a = e.author?.[0]
  const who = a?.family ?? a?.literal ?? e['title-short'] ?? e.id
  const y = e.issued?.['date-parts']?.[0]?.[0]
  return y ? `${who} ${y}` : who
}

export function sourcesStats(d: ReviewDraft): SourcesStats {
  const markers = citationMarkers(d)
  const references = referenceDefs(d)
  const footDefs = new Map(references.filter((r) => r.kind === 'footnote').map((r) => [r.key, r]))
  const numDefs = new Map(references.filter((r) => r.kind === 'numbered').map((r) => [r.key, r]))
  const hasBibliography = d.format === 'markdown' && bibliographyFile(d.text) !== undefined
  const unresolved: Marker[] = []
  const cited = new Map<string, { entry: EvidenceEntry; marker: Marker }>()
  const cite = (e: EvidenceEntry | undefined, marker: Marker): void => {
    if (e && !cited.has(e.id)) cited.set(e.id, { entry: e, marker })
  }
  for (const m of markers) {
    if (m.kind === 'footnote') {
      const def = footDefs.get(m.key)
      if (!def) unresolved.push(m)
      cite(d.evidence.entries.get(m.key) ?? (def ? identify(def.text, d.evidence) : undefined), m)
    } else if (m.kind === 'numbered') {
      const def = numDefs.get(m.key)
      if (!def) {
        if (!m.soft) unresolved.push(m)
      } else cite(identify(def.text, d.evidence), m)
    } else {
      const e = d.evidence.entries.get(m.key)
      if (!e && !hasBibliography) unresolved.push(m)
      cite(e, m)
    }
  }
  const citedKeys = new Set(markers.map((m) => `${m.kind}:${m.key}`))
  const uncited = references.filter((r) => !citedKeys.has(`${r.kind}:${r.key}`))
  const hasSources =
    references.length > 0 ||
    markers.length > 0 ||
    hasBibliography ||
    (d.referencesHeading !== undefined && /\S/.test(d.text.slice(d.referencesHeading.end))) ||
    d.views.some((v) => hasSpecificSource(v.sentence, v))
  return { markers, references, hasSources, unresolved, uncited, cited, outdated: outdated(d, cited) }
}

function outdated(d: ReviewDraft, cited: SourcesStats['cited']): SourcesStats['outdated'] {
  const nowYear = d.now.getUTCFullYear() + d.now.getUTCMonth() / 12
  const max = d.config.maxSourceAgeYears
  const out: SourcesStats['outdated'] = []
  for (const { entry, marker } of cited.values()) {
    const year = issuedYear(entry)
    const topics = entry.custom?.topics ?? []
    if (year === undefined || topics.length === 0 || nowYear - year <= max) continue
    const newer = [...d.evidence.entries.values()].filter((n) => {
      const y = issuedYear(n)
      const t = new Set(n.custom?.topics ?? [])
      return n.id !== entry.id && y !== undefined && y > year && nowYear - y <= max && topics.every((x) => t.has(x))
    })
    if (newer.length === 0 || newer.some((n) => cited.has(n.id))) continue
    newer.sort((a, b) => (issuedYear(b) ?? 0) - (issuedYear(a) ?? 0))
    out.push({ entry, marker, age: Math.floor(nowYear - year), newer })
  }
  return out
}

export function checkSources(d: ReviewDraft, stats: SourcesStats = sourcesStats(d)): DocFinding[] {
  const out: DocFinding[] = []
  const none = d.severity('sources', 'warning')
  if (!none) return out
  if (!stats.hasSources && d.views.length > 0) {
    const r = d.endRange()
    out.push(
      d.finding({
        ruleId: 'sources/none',
        category: 'sources',
        severity: none,
        ...r,
        message: 'This draft names no sources: no reference list, no citations, no links to studies. Add a References section and cite, at each claim, the study or guideline it rests on.',
      }),
    )
  }
  const seen = new Set<string>()
  for (const m of stats.unresolved) {
    const key = `${m.kind}:${m.key}`
    if (seen.has(key)) continue
    seen.add(key)
    const shown = d.text.slice(m.start, m.end)
    const known = m.kind === 'footnote' ? d.evidence.entries.get(m.key) : undefined
    const why =
      m.kind === 'footnote'
        ? `there is no "[^${m.key}]:" definition`
        : m.kind === 'numbered'
          ? `the References list has no entry ${m.key}`
          : `"${m.key}" is not in the evidence library and the front matter names no bibliography`
    out.push(
      d.finding({
        ruleId: 'sources/unresolved-citation',
        category: 'sources',
        severity: d.severity('sources', 'warning')!,
        start: m.start,
        end: m.end,
        message: `The citation ${shown} points to no reference: ${why}.${known ? ` It looks like the library's ${shortLabel(known)}; the fix adds that reference.` : ' Add the reference it stands for, or remove the citation.'}`,
      }),
    )
  }
  for (const r of stats.uncited) {
    out.push(
      d.finding({
        ruleId: 'sources/uncited-reference',
        category: 'sources',
        severity: d.severity('sources', 'info')!,
        start: r.start,
        end: r.end,
        message: `Reference ${r.kind === 'footnote' ? `[^${r.key}]` : r.key} is listed but nothing in the text cites it. Cite it where it supports a sentence, or remove it.`,
      }),
    )
  }
  for (const o of stats.outdated) {
    out.push(
      d.finding({
        ruleId: 'sources/outdated',
        category: 'sources',
        severity: d.severity('sources', 'info')!,
        start: o.marker.start,
        end: o.marker.end,
        message: `${shortLabel(o.entry)} is ${o.age} years old (more than ${d.config.maxSourceAgeYears}), and newer work on the same question exists: ${o.newer.slice(0, 3).map(shortLabel).join(', ')}. Check whether it changes what the draft should say, and cite it.`,
      }),
    )
  }
  return out
}
