// Off-label use not disclosed: a topic pack knows that the draft's treatment
// is not approved for a condition (its `unapproved-indication` lexicon
// class: ketamine for PTSD, anxiety, chronic pain...), the draft promotes it
// for that condition, and nowhere says "off-label" or "not approved" (the
// `off-label-disclosure` class of rules/packs/review.yaml). A topic pack can
// keep its own list as `<topic>-unapproved-indication` (tms-unapproved-
// indication), so that another pack's list (ketamine's includes OCD) is not
// applied to a treatment that is cleared for it.
import type { DocFinding } from '../types.js'
import { upperFirst, type ReviewDraft } from './draft.js'
import type { SentenceView } from '../context/view.js'

export const UNAPPROVED = 'unapproved-indication'
export const DISCLOSURE = 'off-label-disclosure'

export interface OffLabelStats {
  /** The topic pack that knows the treatment's approvals, when it applies to this draft. */
  pack?: string
  /** The lexicon class of conditions that pack's treatment is not approved for. */
  className?: string
  /** The unapproved condition the draft promotes, as written, and where it is first named. */
  condition?: { words: string; all: string[]; view: SentenceView }
  disclosed: boolean
}

export function offLabelStats(d: ReviewDraft): OffLabelStats {
  const disclosed = d.views.some((v) => v.has(DISCLOSURE))
  const pack = d.ruleSet.packs.find((p) => p.topic !== undefined && d.about(p.topic))
  if (!pack) return { disclosed }
  const className = unapprovedClass(d.ruleSet.lexicon.names(), pack.topic!)
  if (!className) return { disclosed }
  const condition = d.promoted(className)
  return { pack: pack.name, className, condition, disclosed }
}

/** The topic's own `<topic>-unapproved-indication` class when a pack defines it, else the shared `unapproved-indication`. */
export function unapprovedClass(names: ReadonlySet<string>, topic: string): string | undefined {
  const own = `${topic}-${UNAPPROVED}`
  if (names.has(own)) return own
  return names.has(UNAPPROVED) ? UNAPPROVED : undefined
}

export function checkOffLabel(d: ReviewDraft, stats: OffLabelStats = offLabelStats(d)): DocFinding[] {
  const severity = d.severity('off-label', 'warning')
  if (!severity || !stats.condition || stats.disclosed) return []
  const { view } = stats.condition
  const all = stats.condition.all.slice(0, 4)
  const words = all.length > 1 ? `${all.slice(0, -1).join(', ')} or ${all[all.length - 1]}` : stats.condition.words
  const treatment = d.treatmentName()
  const title = d.title
  const range = title && view.has(stats.className ?? UNAPPROVED) && view.sentence.start >= title.start && view.sentence.start < title.end ? title : { start: view.sentence.start, end: view.sentence.end }
  return [
    d.finding({
      ruleId: 'off-label/not-disclosed',
      category: 'off-label',
      severity,
      start: range.start,
      end: range.end,
      pack: stats.pack,
      message: `${upperFirst(treatment)} is not FDA-approved for ${words}, and this draft never says so. Tell readers plainly that using ${treatment} for ${words} is off-label (not approved for it).`,
    }),
  ]
}
