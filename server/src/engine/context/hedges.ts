// Hedges: "may", "might", "is being studied". A hedge softens the claim in
// its own clause when it comes before the claim's words ("ketamine may help")
// and leaves a claim in another clause alone ("it is safe, but side effects
// may occur" is still a safety claim).
import type { SentenceView } from './view.js'
import type { Match } from '../packs/pattern.js'

export function hedges(view: SentenceView): Match[] {
  return view.phrases('hedge')
}

/** "Claimed benefits", "is claimed to": the writer reports the claim without making it. */
export function isDistancing(view: SentenceView): boolean {
  return view.has('distancing')
}

export function isHedged(view: SentenceView, claim: Match, distanced = false): boolean {
  if (distanced || isDistancing(view)) return true
  const clause = view.clause[claim.from]
  for (const h of hedges(view)) {
    if (h.from <= claim.to && view.clause[h.from] === clause) return true
  }
  // "X is being studied for PTSD" hedges the whole sentence.
  return view.has('hedge-sentence')
}
