// What a sentence is about: the treatments and conditions it names, or the
// draft's own treatment when it says "it", "this therapy" or is a heading.
// The draft's treatment is the one it names most often.
import type { SentenceView } from './view.js'
import type { Lexicon } from '../packs/lexicon.js'
import { splitPhrase } from '../packs/pattern.js'

const CONTRAST = new Set(['but', 'however', 'although', 'though', 'whereas', 'yet', ';'])

export interface DraftTopic {
  /** Canonical name of the treatment the draft is mostly about, if any. */
  treatment?: string
  counts: Map<string, number>
}

export function treatmentsIn(view: SentenceView): string[] {
  return view.phrases('treatment').map((m) => view.norms.slice(m.from, m.to).join(' '))
}

export function conditionsIn(view: SentenceView): string[] {
  return view.phrases('condition').map((m) => view.norms.slice(m.from, m.to).join(' '))
}

/** The treatment named most often (the first so named on a tie). */
export function mostNamed(counts: ReadonlyMap<string, number>): string | undefined {
  let best: string | undefined
  let bestCount = 0
  for (const [t, c] of counts) {
    if (c > bestCount) {
      best = t
      bestCount = c
    }
  }
  return best
}

export function draftTopic(views: readonly SentenceView[]): DraftTopic {
  const counts = new Map<string, number>()
  for (const v of views) for (const t of treatmentsIn(v)) counts.set(t, (counts.get(t) ?? 0) + 1)
  return { treatment: mostNamed(counts), counts }
}

/**
 * Whether the sentence is about a treatment: it names one, uses a generic
 * word for one ("this therapy", "the infusions"), or refers back to the
 * draft's treatment with a pronoun or as a heading.
 */
export function refersToTreatment(view: SentenceView, topic: DraftTopic): boolean {
  if (view.has('treatment') || view.has('generic-treatment')) return true
  if (!topic.treatment) return false
  if (view.sentence.isHeading || view.sentence.block.kind === 'listItem') return true
  return view.has('reference-pronoun')
}

export function refersToCondition(view: SentenceView): boolean {
  return view.has('condition')
}

/**
 * Whether the claim's own clause (or the sentence's opening clause, where
 * its subject usually is) refers to a treatment. "PTSD can take months to
 * improve" names no treatment near "improve"; "Ketamine, given twice a week,
 * improves mood" does.
 */
export function claimIsAboutTreatment(view: SentenceView, topic: DraftTopic, claim: { from: number; to: number }): boolean {
  // Headings and bullets speak about the draft's treatment.
  if ((view.sentence.isHeading || view.sentence.block.kind === 'listItem') && topic.treatment) return true
  // The claim's clause, and the clauses before it back to a contrast ("but",
  // "however", ";"), where its subject is.
  const clauses = new Set([view.clause[0], view.clause[claim.from], view.clause[Math.max(claim.from, claim.to - 1)]])
  for (let c = view.clause[claim.from]; c > 0 && !CONTRAST.has(view.clauseLead[c] ?? ''); c--) clauses.add(c - 1)
  const near = (name: string): boolean => {
    const ends = view.classEnds(name)
    for (let i = 0; i < ends.length; i++) if (ends[i] > i && clauses.has(view.clause[i])) return true
    return false
  }
  if (near('treatment') || near('generic-treatment')) return true
  return topic.treatment !== undefined && near('reference-pronoun')
}

/** Lexicon classes that contain the draft's treatment (e.g. "ketamine" is in @treatment and @ketamine). */
export function topicClasses(topic: DraftTopic, lexicon: Lexicon): Set<string> {
  const out = new Set<string>()
  if (!topic.treatment) return out
  const words = splitPhrase(topic.treatment)
  for (const name of lexicon.names()) {
    if (name === 'treatment' || name === 'generic-treatment' || name === 'reference-pronoun') continue
    if (lexicon.get(name).longestAt(words, 0) === words.length) out.add(name)
  }
  return out
}
