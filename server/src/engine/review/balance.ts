// Benefits without risks: the draft claims a treatment works (efficacy,
// absolute or comparative findings) but says nothing about its side effects,
// risks or who should not have it, or gives them far less room. Room is
// counted in sentences: a sentence that names a harm (the `risk` class of
// rules/packs/review.yaml) unless it plays it down ("no side effects",
// "minimal risk"), and every sentence under a heading about risks or safety.
// DISCERN asks whether benefits and risks are both described; 21 CFR 202.1
// asks prescription-drug ads for a fair balance of the two.
import type { SentenceView } from '../context/view.js'
import type { DocFinding } from '../types.js'
import { BENEFIT_CATEGORIES, trimEnd, upperFirst, type Heading, type ReviewDraft } from './draft.js'

export interface BalanceStats {
  /** Sentences that claim a benefit (they carry an efficacy, absolute or comparative finding). */
  benefitSentences: number
  /** Sentences about side effects, risks or who should not have the treatment. */
  riskSentences: number
  /** Where a risks section belongs: the end of the section with the most benefit claims. */
  insertAt?: number
  /** That section's heading, if any. */
  benefitsHeading?: Heading
}

const PLAYED_DOWN = new Set(['no', 'not', 'non', "isn't", "aren't", 'never', 'without', 'minimal', 'minimum', 'few', 'fewer', 'zero', 'little', 'negligible', 'low', 'lower', 'less'])
const RISK_HEADING = /\b(safety|safe|risks?|side[\s-]effects?|adverse|warnings?|precautions?|harms?|who should not|contraindications?|downsides?)\b/i

function mentionsRisk(v: SentenceView): boolean {
  for (const m of v.phrases('risk')) {
    const before = v.norms.slice(Math.max(0, m.from - 3), m.from)
    if (before.some((w) => PLAYED_DOWN.has(w)) || v.norms[m.to] === 'free') continue
    return true
  }
  return false
}

export function balanceStats(d: ReviewDraft): BalanceStats {
  const benefits = d.claimSentences(BENEFIT_CATEGORIES)
  const playedDown = d.claimSentences(new Set(['safety']))
  let risks = 0
  for (const v of d.views) {
    if (d.isHeadingView(v) || playedDown.has(v.sentence.start)) continue
    const heading = d.headingAt(v.sentence.start)
    if ((heading && RISK_HEADING.test(heading.title) && !/\bbenefits?\b/i.test(heading.title)) || mentionsRisk(v)) risks++
  }
  // The section with the most benefit claims (the first on a tie).
  const bySection = new Map<number, { heading?: Heading; count: number; last: number }>()
  for (const start of [...benefits.keys()].sort((a, b) => a - b)) {
    const heading = d.headingAt(start)
    const key = heading?.start ?? -1
    const s = bySection.get(key) ?? { heading, count: 0, last: start }
    s.count++
    s.last = start
    bySection.set(key, s)
  }
  let best: { heading?: Heading; count: number; last: number } | undefined
  for (const s of bySection.values()) if (!best || s.count > best.count) best = s
  let insertAt: number | undefined
  if (best) {
    // Before the next heading of any level: the end of the section's own text.
    const next = d.headings.find((h) => h.start > (best!.heading?.start ?? best!.last))
    insertAt = trimEnd(d.text, next ? next.start : d.bodyEnd, best.heading?.end ?? 0)
    if (insertAt < best.last) insertAt = d.bodyEnd
  }
  return { benefitSentences: benefits.size, riskSentences: risks, insertAt, benefitsHeading: best?.heading }
}

export function checkBalance(d: ReviewDraft, stats: BalanceStats = balanceStats(d)): DocFinding[] {
  const severity = d.severity('balance', 'warning')
  if (!severity || stats.benefitSentences === 0) return []
  const { benefitSentences: b, riskSentences: r } = stats
  const treatment = d.treatmentName()
  const range = rangeFor(d, stats)
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`
  if (r === 0) {
    return [
      d.finding({
        ruleId: 'balance/benefits-without-risks',
        category: 'balance',
        severity,
        ...range,
        message: `${upperFirst(`this draft claims benefits of ${treatment}`)} (${plural(b, 'sentence')}) but never describes its side effects, its risks or who should not have it. Add a section on risks, with a source, next to the benefits.`,
      }),
    ]
  }
  if (r < b * d.config.minRiskRatio) {
    return [
      d.finding({
        ruleId: 'balance/risks-underweighted',
        category: 'balance',
        severity,
        ...range,
        message: `This draft gives ${plural(b, 'sentence')} to the benefits of ${treatment} and ${plural(r, 'sentence')} to its risks. Give side effects, risks and who should not have it fair room next to the benefits, with a source.`,
      }),
    ]
  }
  return []
}

/** The benefits section's heading, else the last benefit claim. */
function rangeFor(d: ReviewDraft, stats: BalanceStats): { start: number; end: number } {
  if (stats.benefitsHeading) return { start: stats.benefitsHeading.start, end: stats.benefitsHeading.end }
  const starts = [...d.claimSentences(BENEFIT_CATEGORIES).values()].flat()
  const last = starts.sort((a, b) => a.sentence.start - b.sentence.start)[starts.length - 1]
  return last ? { start: last.sentence.start, end: last.sentence.end } : d.topRange()
}
