// Settings of the whole-draft review: the `review:` key of .claimlintrc.yaml.
//
//   review:
//     readingGrade: 8          # Flesch-Kincaid target for paragraphs and the draft
//     smogGrade: 10            # SMOG target for the draft (default readingGrade + 2)
//     maxSourceAgeYears: 10    # a cited source older than this, with a newer one in the library
//     minRiskRatio: 0.34       # risk sentences per benefit sentence, at least
//     checks:                  # true | false | error | warning | info | off, per category
//       readability: info
//       currency: false
import { DOC_CATEGORIES, type DocCategory, type Severity } from '../types.js'

/** `default` (or true) keeps each check's own severity; false or `off` skips it. */
export type CheckSetting = boolean | Severity | 'off' | 'default'

/** `review:` as written in the config file (every key optional). */
export interface ReviewSettings {
  readingGrade?: number
  smogGrade?: number
  maxSourceAgeYears?: number
  minRiskRatio?: number
  checks?: Partial<Record<DocCategory, CheckSetting>>
}

/** The review's settings with defaults filled in. */
export interface ReviewConfig {
  readingGrade: number
  /** SMOG usually scores higher than Flesch-Kincaid on the same text, so it has its own target. */
  smogGrade: number
  maxSourceAgeYears: number
  minRiskRatio: number
  /** Per category: 'default' keeps each check's own severity; 'off' skips the check. */
  checks: Record<DocCategory, Severity | 'off' | 'default'>
}

export const REVIEW_DEFAULTS: Readonly<ReviewConfig> = Object.freeze({
  readingGrade: 8,
  smogGrade: 10,
  maxSourceAgeYears: 10,
  minRiskRatio: 0.34,
  checks: Object.freeze(Object.fromEntries(DOC_CATEGORIES.map((c) => [c, 'default'])) as Record<DocCategory, 'default'>),
})

/** Fill in defaults: `true` or a missing check is 'default', `false` is 'off'. A ReviewConfig comes back as it is. */
export function reviewConfig(settings: ReviewSettings | ReviewConfig | undefined): ReviewConfig {
  const checks = { ...REVIEW_DEFAULTS.checks } as ReviewConfig['checks']
  for (const c of DOC_CATEGORIES) {
    const v = settings?.checks?.[c]
    if (v === undefined || v === true) continue
    checks[c] = v === false ? 'off' : v
  }
  const readingGrade = settings?.readingGrade ?? REVIEW_DEFAULTS.readingGrade
  return {
    readingGrade,
    smogGrade: settings?.smogGrade ?? readingGrade + 2,
    maxSourceAgeYears: settings?.maxSourceAgeYears ?? REVIEW_DEFAULTS.maxSourceAgeYears,
    minRiskRatio: settings?.minRiskRatio ?? REVIEW_DEFAULTS.minRiskRatio,
    checks,
  }
}
