// Vague attribution: "studies show", "experts agree", "clinically proven".
// These sound like sources but give the reader nothing to find, so they never
// clear a claim; the finding's message names them so the writer knows why.
import type { SentenceView } from './view.js'
import type { Match } from '../packs/pattern.js'

export function vagueAttributions(view: SentenceView): Match[] {
  return view.phrases('vague-attribution')
}
