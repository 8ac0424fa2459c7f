// Headings and questions. A heading asserts what it names ("Minimal Side
// Effects"), so it is read like a statement about the draft's treatment. A
// question asserts nothing when it asks whether ("Is ketamine safe?"), but a
// question that asks why or how presupposes the claim ("Why is ketamine
// effective for PTSD?").
import type { SentenceView } from './view.js'

const AUXILIARIES = new Set(['is', 'are', 'was', 'were', 'can', 'could', 'does', 'do', 'did', 'will', 'would', 'should', 'has', 'have', 'may', 'might', 'am'])
const PRESUPPOSING = new Set(['why', 'how', 'what', 'which', 'when', 'where', 'who'])

export type QuestionKind = 'none' | 'yes-no' | 'presupposing'

export function questionKind(view: SentenceView): QuestionKind {
  if (!view.sentence.isQuestion) return 'none'
  // Skip a lead-in such as "So," or "But".
  let i = 0
  while (i < view.norms.length - 1 && (view.norms[i] === 'so' || view.norms[i] === 'but' || view.norms[i] === 'and' || view.norms[i] === 'then')) i++
  const first = view.norms[i] ?? ''
  if (AUXILIARIES.has(first)) return 'yes-no'
  if (PRESUPPOSING.has(first)) return 'presupposing'
  // "Ketamine for PTSD: does it work?" - look for an auxiliary after a colon.
  return view.norms.some((n, k) => k > 0 && AUXILIARIES.has(n) && view.clause[k] !== view.clause[k - 1]) ? 'yes-no' : 'presupposing'
}

/** True when the sentence states something rather than asking whether it is so. */
export function asserts(view: SentenceView): boolean {
  return questionKind(view) !== 'yes-no'
}
