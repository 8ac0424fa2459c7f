// Which evidence-library sources a sentence cites, and whether what it says
// stays within them. A sentence may cite a library entry by footnote
// ([^feder2021]), pandoc key ([@feder2021]), or a numbered marker whose
// reference-list entry carries the entry's DOI or PMID. "Says more than the
// source" is judged on what can be checked: a percentage the source does not
// report, a duration longer than the source measured, a population it did
// not study.
import type { EvidenceEntry, EvidenceLibrary } from '../evidence.js'
import type { SentenceView } from './view.js'
import type { Match } from '../packs/pattern.js'

export interface DraftReferences {
  /** Footnote id -> definition text. */
  footnotes: Map<string, string>
  /** Reference number -> list entry text. */
  numbered: Map<number, string>
}

// Line by line (a definition or entry never runs on into the next line), so
// the references of a draft are those of its chunks put together.
const REFERENCES_HEADING = /^(#{1,6}[ \t]*)?(references|sources|bibliography|works cited)[ \t]*:?[ \t]*$/im
const FOOTNOTE_DEFINITION = /^\[\^([^\]\s]+)\]:[ \t]*(.*)$/gm
const NUMBERED_ENTRY = /^[ \t]*(?:\[(\d{1,3})\]|(\d{1,3})\.)[ \t]+(.+)$/gm

/** What one chunk of a draft (or a whole draft) contributes to its references; offsets relative to it. */
export interface ChunkReferences {
  footnotes: Array<[string, string]>
  /** Where the first references heading starts, or -1. */
  heading: number
  /** Numbered entries anywhere in the chunk: [offset, number, text]. */
  numbered: Array<[number, number, string]>
}

export const NO_REFERENCES: ChunkReferences = { footnotes: [], heading: -1, numbered: [] }

export function chunkReferences(text: string): ChunkReferences {
  const footnotes: Array<[string, string]> = []
  if (text.includes('[^')) for (const m of text.matchAll(FOOTNOTE_DEFINITION)) footnotes.push([m[1], m[2]])
  const h = REFERENCES_HEADING.exec(text)
  const numbered: Array<[number, number, string]> = []
  for (const m of text.matchAll(NUMBERED_ENTRY)) numbered.push([m.index ?? 0, Number(m[1] ?? m[2]), m[3]])
  if (footnotes.length === 0 && numbered.length === 0 && !h) return NO_REFERENCES
  return { footnotes, heading: h ? h.index : -1, numbered }
}

/** A draft's references from its chunks, in order (`at`: where each chunk starts). */
export function mergeReferences(parts: ReadonlyArray<{ at: number; refs: ChunkReferences }>): DraftReferences {
  const footnotes = new Map<string, string>()
  const numbered = new Map<number, string>()
  let heading = -1
  for (const { at, refs } of parts) {
    for (const [id, def] of refs.footnotes) footnotes.set(id, def)
    if (heading < 0 && refs.heading >= 0) heading = at + refs.heading
  }
  if (heading >= 0) {
    for (const { at, refs } of parts) for (const [o, n, entry] of refs.numbered) if (at + o >= heading) numbered.set(n, entry)
  }
  return { footnotes, numbered }
}

export function draftReferences(text: string): DraftReferences {
  return mergeReferences([{ at: 0, refs: chunkReferences(text) }])
}

function byIdentifier(refText: string, library: EvidenceLibrary): EvidenceEntry | undefined {
  const lower = refText.toLowerCase()
  for (const e of library.entries.values()) {
    if (e.DOI && lower.includes(e.DOI.toLowerCase())) return e
    if (e.PMID && new RegExp(`\\b${e.PMID}\\b`).test(refText)) return e
  }
  return undefined
}

/** Library entries the sentence cites. */
export function citedSources(view: SentenceView, refs: DraftReferences, library: EvidenceLibrary): EvidenceEntry[] {
  const text = view.sentence.text
  const out = new Map<string, EvidenceEntry>()
  const add = (e: EvidenceEntry | undefined): void => {
    if (e) out.set(e.id, e)
  }
  for (const m of text.matchAll(/\[\^([^\]\s]+)\]/g)) {
    add(library.entries.get(m[1]))
    const def = refs.footnotes.get(m[1])
    if (def) add(byIdentifier(def, library))
  }
  for (const m of text.matchAll(/@([\w:.#$%&\-+?<>~/]+)/g)) add(library.entries.get(m[1].replace(/[.,;]+$/, '')))
  for (const m of text.matchAll(/\[(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\]/g)) {
    for (const n of m[1].split(/[,–-]/).map((x) => Number(x.trim()))) {
      const entry = refs.numbered.get(n)
      if (entry) add(byIdentifier(entry, library))
    }
  }
  return [...out.values()]
}

const DAYS: Record<string, number> = { hour: 1 / 24, day: 1, week: 7, month: 30, year: 365 }
const WORD_NUMBERS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, several: 3 }

function unitDays(word: string): number | undefined {
  const w = word.toLowerCase().replace(/s$/, '')
  return DAYS[w]
}

function sourceText(e: EvidenceEntry): string {
  const f = e.custom?.findings ?? {}
  return [e.title, ...Object.values(f).map(String), ...(e.custom?.statements ?? [])].join(' ')
}

/** Longest duration, in days, that a source's findings mention. */
function sourceDays(text: string): number {
  let max = 0
  for (const m of text.matchAll(/(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+(hours?|days?|weeks?|months?|years?)/gi)) {
    const n = Number(m[1]) || WORD_NUMBERS[m[1].toLowerCase()] || 0
    max = Math.max(max, n * (unitDays(m[2]) ?? 0))
  }
  return max
}

function percents(text: string): number[] {
  return [...text.matchAll(/(\d+(?:\.\d+)?)\s*(?:%|percent)/gi)].map((m) => Number(m[1]))
}

export interface SourceCheck {
  supported: boolean
  /** What the source reports instead, for the message. */
  says?: string
}

/**
 * Whether the words of a match stay within the cited sources: a percentage
 * they report, a duration no longer than they measured, a population they
 * studied.
 */
export function checkAgainstSources(view: SentenceView, m: Match, sources: readonly EvidenceEntry[]): SourceCheck {
  if (sources.length === 0) return { supported: true }
  const words = view.norms.slice(m.from, m.to)
  const texts = sources.map(sourceText)
  const all = texts.join(' ')
  const label = sources.map((s) => s.id).join(', ')
  // A percentage.
  const pi = words.indexOf('percent')
  if (pi > 0) {
    const n = Number(words[pi - 1])
    if (!Number.isNaN(n)) {
      const reported = percents(all)
      if (reported.some((r) => Math.abs(r - n) <= 1)) return { supported: true }
      return { supported: false, says: `${label} reports ${reported.length ? reported.map((r) => `${r}%`).join(', ') : 'no such percentage'}` }
    }
  }
  // A duration.
  for (let i = 0; i < words.length; i++) {
    const days = unitDays(words[i])
    if (days === undefined || i === 0) continue
    const n = Number(words[i - 1]) || WORD_NUMBERS[words[i - 1]] || (words[i - 1] === 'many' || words[i - 1] === 'several' ? 3 : 0)
    if (!n) continue
    const claimed = n * days
    // How long effects were followed, not how long people had been ill.
    const measured = sourceDays(sources.map((s) => [s.custom?.findings?.duration, s.custom?.findings?.result, s.custom?.findings?.outcome].filter(Boolean).join(' ')).join(' '))
    if (measured === 0 || claimed <= measured * 1.25) return { supported: true }
    const duration = sources.map((s) => s.custom?.findings?.duration).filter(Boolean).join(' ')
    return { supported: false, says: `${label}: ${duration || `measured up to about ${Math.round(measured)} days`}` }
  }
  // A population.
  const population = sources.map((s) => `${s.custom?.findings?.population ?? ''}`).join(' ').toLowerCase()
  for (const w of words) {
    const stem = w.replace(/(ren|s)$/, '')
    if (stem.length < 3) continue
    if (!population.includes(stem)) return { supported: false, says: `${label} studied: ${population || 'a different group'}` }
  }
  return { supported: true }
}
