// Negation: "is not FDA-approved" states the absence of a claim. A negator
// counts when it stands shortly before the claim's words in the same clause.
// "not only ... but also" is emphasis, not negation.
import type { SentenceView } from './view.js'
import type { Match } from '../packs/pattern.js'

const WINDOW = 4
const EMPHATIC_NEXT = new Set(['only', 'just', 'merely', 'simply', 'least'])

export function negators(view: SentenceView): Match[] {
  return view.phrases('negator').filter((m) => !EMPHATIC_NEXT.has(view.norms[m.to] ?? ''))
}

export function isNegated(view: SentenceView, claim: Match): boolean {
  const clause = view.clause[claim.from]
  for (const n of negators(view)) {
    if (view.clause[n.from] !== clause) continue
    // The negator is inside the claim itself or up to WINDOW words before it.
    if (n.from >= claim.from - WINDOW && n.from < claim.to) return true
  }
  return false
}
