// No other options: the draft promotes its treatment for a condition but
// never mentions what guidelines advise first for it. Packs say so as data
// (rules/packs/first-line.yaml): the lexicon class `first-line-<name>` lists
// what counts as mentioning first-line care for the condition class `<name>`
// (first-line-ptsd for ptsd, first-line-depression for depression), and an
// entry of the pack's `options:` gives the cited paragraph the fix inserts
// and how the message names the treatments. A new condition is a new class
// pair and an options entry; nothing here names one. A class `not-<name>`
// lists conditions that look like <name> but that its guidelines do not
// cover (bipolar or postpartum depression): a draft naming one is skipped
// for <name>. DISCERN asks whether a
// leaflet says there is more than one treatment choice.
import type { DocFinding } from '../types.js'
import type { PackOption, RuleSet } from '../packs/load.js'
import { type ReviewDraft } from './draft.js'
import type { SentenceView } from '../context/view.js'

/** One entry of a pack's `options:`, as the loader keeps it (packs/load.ts). */
export type FirstLineOption = PackOption

export interface OptionsStats {
  /** Conditions the draft promotes that a pack lists first-line treatments for. */
  conditions: Array<{ className: string; words: string; view: SentenceView; mentioned: boolean; examples: string[]; option?: FirstLineOption }>
}

const PREFIX = 'first-line-'
/** The class of look-alike conditions a condition's guidelines do not cover (not-depression). */
const NOT = 'not-'
const ACRONYM = /^(emdr|cbt|ssris?|ptsd|snris?)$/

/** The `options:` entries of a rule set's packs, in pack order (validated when the packs were loaded). */
export function firstLineOptions(ruleSet: RuleSet): FirstLineOption[] {
  return ruleSet.options ?? []
}

/** The options entry for a condition class (the first pack's, when several packs have one). */
export function optionFor(ruleSet: RuleSet, className: string): FirstLineOption | undefined {
  return firstLineOptions(ruleSet).find((o) => o.condition === className)
}

/** Display names of a first-line class: its whole-word entries, in pack order. */
export function firstLineExamples(d: ReviewDraft, className: string, max = 7): string[] {
  const entries = d.ruleSet.lexicon.get(className).entries.filter((e) => !e.includes('*'))
  return [...new Set(entries)].slice(0, max).map((e) => e.split(' ').map((w) => (ACRONYM.test(w) ? w.toUpperCase() : w)).join(' ').replace(/^trauma focused/, 'trauma-focused'))
}

export function optionsStats(d: ReviewDraft): OptionsStats {
  const conditions: OptionsStats['conditions'] = []
  const names = d.ruleSet.lexicon.names()
  for (const cls of names) {
    if (!cls.startsWith(PREFIX)) continue
    const condition = cls.slice(PREFIX.length)
    if (!names.has(condition)) continue
    // A draft about one of the first-line treatments is not what this check is for.
    if (d.analysis.topicClasses.has(cls)) continue
    // Nor one that names a condition the guidelines for this one do not cover (not-depression: bipolar, postpartum).
    if (names.has(`${NOT}${condition}`) && d.analysis.mentions(`${NOT}${condition}`)) continue
    const promoted = d.promoted(condition)
    if (!promoted) continue
    const option = optionFor(d.ruleSet, condition)
    const examples = option?.names?.length ? option.names : firstLineExamples(d, cls)
    conditions.push({ className: condition, words: promoted.words, view: promoted.view, mentioned: d.analysis.mentions(cls), examples, option })
  }
  return { conditions }
}

export function checkOptions(d: ReviewDraft, stats: OptionsStats = optionsStats(d)): DocFinding[] {
  const severity = d.severity('options', 'warning')
  if (!severity || !d.analysis.topic.treatment) return []
  const out: DocFinding[] = []
  for (const c of stats.conditions) {
    if (c.mentioned) continue
    const title = d.title
    const range = title && c.view.sentence.start >= title.start && c.view.sentence.start < title.end ? title : d.topRange()
    const list = c.examples.length > 1 ? `${c.examples.slice(0, -1).join(', ')} or ${c.examples[c.examples.length - 1]}` : c.examples[0] ?? ''
    out.push(
      d.finding({
        ruleId: 'options/no-first-line',
        category: 'options',
        severity,
        start: range.start,
        end: range.end,
        pack: c.option?.pack ?? 'first-line',
        message: `This draft offers ${d.treatmentName()} for ${c.words} but never mentions the treatments guidelines advise first for it (such as ${list}). Name them, so readers can weigh their choices and ask about them.`,
      }),
    )
  }
  return out
}
