// Currency and authorship: a "Last reviewed"/"Updated" date, and a named
// author or reviewer, in the text or the front matter. DISCERN asks when the
// information was produced; readers need to know who stands behind it.
import type { DocFinding } from '../types.js'
import type { ReviewDraft } from './draft.js'

const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?'
const DATE = `(?:\\d{4}-\\d{1,2}(?:-\\d{1,2})?|\\d{1,2}[/.]\\d{1,2}[/.]\\d{2,4}|(?:\\d{1,2}\\s+)?${MONTH}(?:\\s+\\d{1,2}(?:st|nd|rd|th)?,?)?\\s+\\d{4}|(?:19|20)\\d{2}(?!\\d)(?![ \\t]+[a-z]))(?!\\d)`
const DATE_LINE = new RegExp(`\\b(?:last\\s+)?(?:medically\\s+)?(?:reviewed|updated|revised|published|modified|checked|dated?)\\b(?:\\s+(?:on|in))?\\s*[:\\-–]?\\s*(?:\\*\\*|_)?\\s*${DATE}`, 'i')
const DATE_KEY = /^(?:date|updated|last[_-]?updated|last[_-]?reviewed|lastReviewed|reviewed|review[_-]?date|modified|published)\s*:\s*\S/im
const AUTHOR_LINE = /\b(?:written|reviewed|authored|prepared|edited|checked|approved)\s+by\b\s*:?\s*\S/i
const AUTHOR_LABEL = /^[ \t*_>-]*(?:authors?|reviewers?|medical reviewers?|clinical reviewers?|written by|reviewed by)\s*:\s*\S/im
const BYLINE = /^[ \t*_]*[Bb]y[ \t]+(?:dr\.?[ \t]+)?\p{Lu}[\p{L}.'’-]+(?:[ \t]+\p{Lu}[\p{L}.'’-]*)+/mu
const AUTHOR_KEY = /^(?:authors?|reviewers?|reviewed[_-]?by|medical[_-]?reviewer|written[_-]?by)\s*:\s*\S/im

export interface CurrencyStats {
  /** The date line as written, if any. */
  date?: string
  /** The author or reviewer line as written, if any. */
  author?: string
}

/** The draft without HTML comments (a date in a comment is not one a reader sees). */
const visible = (text: string): string => text.replace(/<!--[\s\S]*?-->/g, (m) => ' '.repeat(m.length))

export function currencyStats(d: ReviewDraft): CurrencyStats {
  const body = visible(d.text.slice(d.bodyStart))
  const fm = d.frontMatter ?? ''
  const date = DATE_LINE.exec(body)?.[0] ?? DATE_KEY.exec(fm)?.[0]
  const author = AUTHOR_LINE.exec(body)?.[0] ?? AUTHOR_LABEL.exec(body)?.[0] ?? BYLINE.exec(body)?.[0] ?? AUTHOR_KEY.exec(fm)?.[0]
  return { date: date?.trim(), author: author?.trim() }
}

export function checkCurrency(d: ReviewDraft, stats: CurrencyStats = currencyStats(d)): DocFinding[] {
  const out: DocFinding[] = []
  if (d.views.length === 0) return out
  const range = d.topRange()
  const date = d.severity('currency', 'warning')
  if (date && !stats.date) {
    out.push(
      d.finding({
        ruleId: 'currency/no-date',
        category: 'currency',
        severity: date,
        ...range,
        message: 'The draft does not say when it was written or last reviewed. Add a "Last reviewed" date so readers can tell whether it is current.',
      }),
    )
  }
  const author = d.severity('currency', 'info')
  if (author && !stats.author) {
    out.push(
      d.finding({
        ruleId: 'currency/no-author',
        category: 'currency',
        severity: author,
        ...range,
        message: 'The draft names no author or medical reviewer. Say who wrote it and who checked it, with their qualifications.',
      }),
    )
  }
  return out
}
