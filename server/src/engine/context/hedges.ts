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

// A hedge in a main clause carries on into the clauses after it ("Ketamine
// appears to calm the amygdala, while strengthening..."), until a contrast
// ("but", "however", ";") turns the sentence. A hedge inside a subordinate
// clause ("which may take weeks", "if it works") stays there.
const SUBORDINATE = new Set(['which', 'who', 'that', 'unlike', 'because', 'while', 'although', 'though', 'whereas', 'if', 'when'])
const CONTRAST = new Set(['but', 'however', 'although', 'though', 'whereas', 'yet', ';'])

export function isHedged(view: SentenceView, claim: Match, distanced = false): boolean {
  if (distanced || isDistancing(view)) return true
  const clause = view.clause[claim.from]
  for (const h of hedges(view)) {
    // "Symptom relief may take weeks": a modal right after the claim's words
    // in the same clause is that clause's verb.
    if (h.from >= claim.to) {
      if (h.from - claim.to <= 2 && view.clause[h.from] === clause) return true
      continue
    }
    const hc = view.clause[h.from]
    if (hc === clause) return true
    if (hc > clause || SUBORDINATE.has(view.clauseLead[hc] ?? '')) continue
    let turned = false
    for (let c = hc + 1; c <= clause; c++) if (CONTRAST.has(view.clauseLead[c] ?? '')) turned = true
    if (!turned) return true
  }
  // "X is being studied for PTSD" hedges the whole sentence.
  return view.has('hedge-sentence')
}
