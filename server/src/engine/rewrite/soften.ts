// Soften a flagged sentence so it claims no more than "may, for some
// people": a rewrite that fits any treatment, offered when no pack has an
// evidence-backed one. The result keeps the writer's words, names and
// capitalisation; it only changes the verb, drops intensifiers and swaps
// absolutes for modest words.
import type { Finding } from '../types.js'

export interface TextEdit {
  start: number
  end: number
  newText: string
}

interface Word {
  text: string
  lower: string
  start: number
  end: number
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’\-+]*/gu

const INTENSIFIERS = new Set(['significantly', 'dramatically', 'drastically', 'completely', 'totally', 'remarkably', 'incredibly', 'highly', 'extremely', 'truly', 'always', 'permanently', 'instantly', 'consistently', 'markedly', 'profoundly'])

/** Absolute wording and a modest replacement. */
const ABSOLUTES: Array<[RegExp, string]> = [
  [/\bcures\b/gi, 'helps with'],
  [/\bcure\b/gi, 'help with'],
  [/\bcured\b/gi, 'helped'],
  [/\bguaranteed\b/gi, 'possible'],
  [/\bpermanent\b/gi, 'lasting'],
  [/\bfor everyone\b/gi, 'for some people'],
  [/\beveryone\b/gi, 'some people'],
  [/\ball (patients|individuals|people)\b/gi, 'some $1'],
  [/\bregardless of (age|gender)( or (age|gender))?/gi, 'in some groups'],
  [/\b100 ?(%|percent)\s*/gi, ''],
]

const BE = new Set(['is', 'are'])
const PAST_BE = new Set(['was', 'were'])
const MODALS = new Set(['can', 'will', 'could', 'would', 'should', 'shall'])
const DO = new Set(['does', 'do'])
const HAVE = new Set(['has', 'have'])
/** Words ending in -s that are not verbs in the places we look. */
const NOT_VERBS = new Set(['this', 'its', 'his', 'hers', 'ours', 'yours', 'theirs', 'less', 'across', 'thus', 'various', 'numerous', 'previous', 'serious', 'always', 'perhaps', 'ptsd', 'tms', 'ssris', 'snris', 'us', 'as', 'was', 'is', 'has', 'does', 'yes', 'news'])
/** Verbs claims are made with, in their base form; "relieves" is a verb, "injections" is not. */
const VERBS = new Set(
  ('relieve reduce help work treat improve boost restore heal provide offer promote enhance ease alleviate eliminate prevent lower ' +
    'increase decrease support stimulate rebuild repair regenerate reverse resolve transform rewire reset deliver produce bring give ' +
    'make allow enable lead target change break fight lift stop cure block calm balance detox flush strengthen speed accelerate ' +
    'outperform beat protect repair create foster address tackle combat conquer overcome unlock shift correct optimize maximize ' +
    'rejuvenate revitalize energize clear remove sharpen elevate activate trigger induce normalize regulate fix solve end erase').split(' '),
)
const DETERMINERS = new Set(['to', 'the', 'a', 'an', 'its', 'this', 'these', 'those', 'may', 'can', 'will', 'could', 'would', 'should', 'might', 'must', 'not', 'and', 'or'])
const isKnownVerb = (w: string): boolean => VERBS.has(baseForm(w).toLowerCase())

function words(s: string): Word[] {
  const out: Word[] = []
  for (const m of s.matchAll(WORD)) out.push({ text: m[0], lower: m[0].toLowerCase().replace(/’/g, "'"), start: m.index ?? 0, end: (m.index ?? 0) + m[0].length })
  return out
}

/** "relieves" -> "relieve", "reduces" -> "reduce", "carries" -> "carry", "does" -> "do". */
export function baseForm(verb: string): string {
  const v = verb
  const lower = v.toLowerCase()
  if (lower.endsWith('ies') && lower.length > 4) return v.slice(0, -3) + (v.endsWith('IES') ? 'Y' : 'y')
  if (/(ss|sh|ch|x|z|o)es$/i.test(lower)) return v.slice(0, -2)
  if (lower.endsWith('s') && !lower.endsWith('ss')) return v.slice(0, -1)
  return v
}

const isTitleCase = (ws: Word[]): boolean => ws.length > 1 && ws.filter((w) => /^\p{Lu}/u.test(w.text)).length >= Math.ceil(ws.length * 0.6)

function matchCase(template: string, like: string): string {
  if (/^\p{Lu}/u.test(like)) return template.charAt(0).toUpperCase() + template.slice(1)
  return template
}

/** Find the verb to hedge: the first verb-like word at or before the claim, else after it. */
function mainVerb(ws: Word[], claimAt: number): number {
  const isVerb = (w: Word, i: number): boolean => {
    if (BE.has(w.lower) || PAST_BE.has(w.lower) || MODALS.has(w.lower) || DO.has(w.lower) || HAVE.has(w.lower)) return true
    // A third-person verb after a subject word: "Ketamine relieves", "It reduces".
    if (w.lower.endsWith('s') && !w.lower.endsWith('ss') && !NOT_VERBS.has(w.lower) && isKnownVerb(w.text)) return true
    // A plural subject takes the base form: "Injections regenerate cartilage".
    const prev = ws[i - 1]?.lower ?? ''
    return i > 0 && VERBS.has(w.lower) && prev.endsWith('s') && !DETERMINERS.has(prev) && prev !== 'to'
  }
  let best = -1
  for (let i = 0; i < ws.length; i++) {
    if (ws[i].start > claimAt && best !== -1) break
    if (isVerb(ws[i], i)) {
      best = i
      // Auxiliaries decide the clause; stop at the first one.
      if (BE.has(ws[i].lower) || MODALS.has(ws[i].lower) || HAVE.has(ws[i].lower) || DO.has(ws[i].lower)) {
        if (ws[i].start <= claimAt) continue
        break
      }
    }
  }
  return best
}

function hedgeVerb(s: string, ws: Word[], i: number): string {
  const w = ws[i]
  const next = ws[i + 1]
  let replacement: string
  let end = w.end
  if (BE.has(w.lower)) replacement = 'may be'
  else if (PAST_BE.has(w.lower)) replacement = 'may have been'
  else if (MODALS.has(w.lower)) replacement = 'may'
  else if (HAVE.has(w.lower)) replacement = 'may have'
  else if (DO.has(w.lower) && next) {
    // "does not" stays as it is: negation is already modest.
    if (next.lower === 'not' || next.lower === "n't") return s
    replacement = 'may'
  } else replacement = 'may ' + baseForm(w.text).toLowerCase()
  if (i === 0) replacement = matchCase(replacement, w.text)
  // "can be" -> "may be", "is able to" stays readable.
  return s.slice(0, w.start) + replacement + s.slice(end)
}

/** Soften one sentence. Returns undefined when no modest version can be made safely. */
export function softenSentence(sentence: string, claimOffset: number, category: Finding['category']): string | undefined {
  // Comparisons, numbers, anecdotes, approvals and facts cannot be made
  // true by softening; they need a source or a different sentence.
  if (category !== 'efficacy' && category !== 'absolute' && category !== 'safety' && category !== 'hype') return undefined
  let s = sentence
  const ws0 = words(s)
  if (ws0.length === 0) return undefined

  // A question that takes the benefit for granted becomes a yes/no question:
  // "Why is X effective for Y?" -> "Is X effective for Y?"
  if (/\?\s*["”’')\]]*\s*$/.test(s)) {
    const [first, second] = ws0
    if (first && second && (first.lower === 'why' || first.lower === 'how') && (BE.has(second.lower) || DO.has(second.lower) || MODALS.has(second.lower))) {
      return s.slice(0, first.start) + matchCase(second.text.toLowerCase(), first.text) + s.slice(second.end)
    }
    return undefined
  }

  if (category === 'hype') {
    // Drop the promotional word; fix "a" -> "an" if the next word needs it.
    const w = ws0.find((x) => x.start <= claimOffset && claimOffset < x.end) ?? ws0.find((x) => x.start >= claimOffset)
    if (!w) return undefined
    let start = w.start
    let end = w.end
    while (end < s.length && s[end] === ' ') end++
    const before = s.slice(0, start)
    const after = s.slice(end)
    if (after.trim() === '' || /^[.,;:!?]/.test(after)) return undefined
    const article = /\b(a|an)\s+$/i.exec(before)
    let head = before
    if (article) {
      const needsAn = /^[aeiou]/i.test(after) && !/^(uni|eu|one)/i.test(after)
      const a = article[1]
      const fixed = needsAn ? (a[0] === 'A' ? 'An' : 'an') : a[0] === 'A' ? 'A' : 'a'
      head = before.slice(0, article.index) + fixed + ' '
    }
    start = 0
    return head + after
  }

  if (category === 'safety') {
    // Safety wording cannot be hedged into truth; say what is true of any treatment.
    const verb = mainVerb(ws0, claimOffset)
    if (verb <= 0) return undefined
    const subject = s.slice(0, ws0[verb].start).trim()
    if (subject === '' || subject.length > 80) return undefined
    const end = /[.!]\s*$/.test(s) ? '.' : ''
    return `${subject} can cause side effects; ask your care team which ones are common and how long they last${end}`
  }

  for (const [re, to] of ABSOLUTES) s = s.replace(re, to)

  // Drop intensifiers ("significantly reduces" -> "reduces").
  for (const w of words(s).filter((x) => INTENSIFIERS.has(x.lower)).reverse()) {
    let end = w.end
    while (end < s.length && s[end] === ' ') end++
    s = s.slice(0, w.start) + s.slice(end)
  }

  const ws = words(s)
  const heading = !/[.!?:]\s*["”’')\]]*\s*$/.test(s) && ws.length <= 14
  if (heading) {
    // "Reduces Intrusive Symptoms" -> "May Reduce Intrusive Symptoms";
    // "Rapid Relief of Symptoms" -> "Possible Rapid Relief of Symptoms".
    const first = ws[0]
    const title = isTitleCase(ws)
    if (first.lower.endsWith('s') && !first.lower.endsWith('ss') && isKnownVerb(first.text)) {
      const base = baseForm(first.text)
      return s.slice(0, first.start) + (title ? 'May ' + base : 'May ' + base.toLowerCase()) + s.slice(first.end)
    }
    if (MODALS.has(first.lower) || BE.has(first.lower)) return s.slice(0, first.start) + 'May' + s.slice(first.end)
    const verb = mainVerb(ws, claimOffset)
    if (verb > 0) return hedgeVerb(s, ws, verb)
    // "The Benefits of X" -> "Possible Benefits of X": the article goes.
    if (/^(the|a|an)$/i.test(first.text) && ws[1]) return s.slice(0, first.start) + 'Possible ' + (title ? ws[1].text : ws[1].text.toLowerCase()) + s.slice(ws[1].end)
    return s.slice(0, first.start) + 'Possible ' + (title ? first.text : first.text.charAt(0).toLowerCase() + first.text.slice(1)) + s.slice(first.end)
  }

  const verb = mainVerb(ws, Math.min(claimOffset, s.length))
  if (verb === -1) return undefined
  let out = hedgeVerb(s, ws, verb)
  if (out === s) return undefined
  // "for some people" says who the evidence is about, unless the sentence already says.
  if (!/\b(some|those|many|most|all) (people|patients|individuals|adults)\b|\bfor (those|people|patients|individuals|adults|anyone|you)\b/i.test(out)) {
    const m = /([.!]?)(\s*["”’')\]]*\s*)$/.exec(out)
    if (m && m[1]) out = out.slice(0, m.index) + ' for some people' + out.slice(m.index)
  }
  return out
}

/** The edit that replaces the finding's sentence with its softened form. */
export function soften(text: string, finding: Finding): TextEdit | undefined {
  const { start, end } = finding.sentence
  const sentence = text.slice(start, end)
  const softened = softenSentence(sentence, finding.start - start, finding.category)
  if (softened === undefined || softened === sentence) return undefined
  return { start, end, newText: softened }
}
