// Generated patient-education drafts for the benchmark and the incremental
// tests: sentences written for claimlint (claims, hedged and sourced claims,
// and plain information), assembled by a seeded generator into Markdown or
// plain text of a given length. Same seed, same draft.

/** mulberry32: a small, fast, seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const TREATMENTS = ['ketamine', 'TMS', 'esketamine', 'the infusion program', 'this therapy']

/** Claims the rules are meant to catch. `{t}` is a treatment. */
const CLAIMS = [
  '{T} is safe and has minimal side effects.',
  '{T} is FDA-approved for PTSD.',
  '{T} works faster than antidepressants.',
  '{T} cures depression for good.',
  'Our groundbreaking protocol helps almost everyone who tries it.',
  '{T} is effective for treatment-resistant depression.',
  'Eight out of ten patients feel better after the first session.',
  'Many patients report that {t} changed their lives.',
  'Unlike SSRIs, {t} is non-addictive.',
  'Relief lasts for months after a single course of {t}.',
  'Why is {t} so effective for anxiety?',
  '{T} is a miracle for chronic pain.',
  'Studies show that {t} relieves PTSD symptoms within hours.',
  '{T} is better than talk therapy for most people.',
  'It is a non-invasive treatment with no downtime.',
]

/** Hedged, sourced or questioning versions: context the engine must weigh. */
const CONTEXT = [
  '{T} may help some people with depression, but results vary.',
  'Researchers are still studying whether {t} helps with PTSD.',
  'In a 2021 trial published in JAMA Psychiatry, {t} eased symptoms for two weeks.',
  '{T} relieved symptoms in a small trial [1].',
  'Is {t} safe for people with high blood pressure?',
  '{T} is not approved for PTSD, and it is used off label.',
  'Some patients report feeling calmer, though this is anecdotal.',
]

/** Plain information: nothing to flag. */
const NEUTRAL = [
  'Our clinic is open on weekdays from eight until six.',
  'Please bring a list of the medicines you take to your first visit.',
  'A nurse checks your blood pressure before and after each session.',
  'You will need someone to drive you home afterwards.',
  'Sessions usually last about forty minutes.',
  'Your doctor will talk with you about other options, including medication and therapy.',
  'Call us if you have questions about your appointment.',
  'We send a reminder by text message the day before.',
  'Parking is free in the lot behind the building.',
  'Tell the team about any allergies or past reactions to anaesthesia.',
  'The first appointment is an assessment, not a treatment.',
  'Insurance coverage depends on your plan and your diagnosis.',
  'Write down how you feel each day, so that you can discuss it at the next visit.',
  'Side effects can include nausea, dizziness and a rise in blood pressure.',
  'Do not eat for two hours before an infusion.',
]

const HEADINGS = ['About the treatment', 'What to expect', 'Before your visit', 'Claimed benefits', 'Risks and side effects', 'Costs', 'Questions we hear', 'After the session']

export interface DraftOptions {
  words: number
  format: 'markdown' | 'plaintext'
  seed?: number
}

const fill = (s: string, t: string): string => s.replaceAll('{t}', t).replaceAll('{T}', t.charAt(0).toUpperCase() + t.slice(1))

/** A draft of about `words` words. */
export function generateDraft(o: DraftOptions): string {
  const rand = prng(o.seed ?? 1)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]
  const md = o.format === 'markdown'
  const treatment = pick(TREATMENTS.slice(0, 3))
  const sentence = (): string => {
    const r = rand()
    const t = rand() < 0.7 ? treatment : pick(TREATMENTS)
    return fill(r < 0.22 ? pick(CLAIMS) : r < 0.35 ? pick(CONTEXT) : pick(NEUTRAL), t)
  }
  const parts: string[] = []
  let count = 0
  const add = (s: string): void => {
    parts.push(s)
    count += s.split(/\s+/).filter(Boolean).length
  }
  add(md ? `# ${fill('{T} at our clinic', treatment)}` : fill('{T} at our clinic', treatment))
  if (md) parts.unshift('---\ntitle: Patient information\n---')
  while (count < o.words) {
    const r = rand()
    if (r < 0.12) add(md ? `## ${pick(HEADINGS)}` : pick(HEADINGS))
    else if (r < 0.24) {
      const items = Array.from({ length: 2 + Math.floor(rand() * 3) }, () => `${md ? '-' : '•'} ${sentence()}`)
      add(items.join('\n'))
    } else if (md && r < 0.26) add('```\nappointment: weekdays\n\nlocation: main building\n```')
    else if (md && r < 0.28) add(`<!-- claimlint-disable-next-line hype -- quoted from a patient -->\n${sentence()}`)
    else if (md && r < 0.3) add(`See [our FAQ](https://example.org/faq) or the [guide][guide]. ${sentence()}`)
    else {
      const n = 2 + Math.floor(rand() * 4)
      add(Array.from({ length: n }, sentence).join(' '))
    }
  }
  add(md ? '## References' : 'References')
  add('1. Example A, Example B. A small trial of an example treatment. 2020.')
  if (md) add('[guide]: https://example.org/guide')
  return parts.join('\n\n') + '\n'
}

export const countWords = (text: string): number => text.split(/\s+/).filter(Boolean).length
