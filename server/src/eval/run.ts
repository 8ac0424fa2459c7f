// Score the engine on a folder of drafts with gold labels (NAME.txt or
// NAME.md beside NAME.gold.json).
import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { lint } from '../engine/lint.js'
import { builtinRuleSet } from '../engine/packs/load.js'
import { scoreDraft, summarize, type DraftResult, type Gold, type Key, type Score } from './score.js'

export interface EvalResult {
  drafts: DraftResult[]
  scores: Record<Key, Score>
}

export function evaluate(dir: string): EvalResult {
  const golds = readdirSync(dir)
    .filter((f) => f.endsWith('.gold.json'))
    .sort()
  const problems = builtinRuleSet().problems
  if (problems.length > 0) throw new Error('rule packs are broken:\n' + problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.message}`).join('\n'))
  if (golds.length === 0) throw new Error(`no *.gold.json files in ${dir}`)
  const drafts: DraftResult[] = []
  for (const g of golds) {
    const gold = JSON.parse(readFileSync(join(dir, g), 'utf8')) as Gold
    const draftPath = join(dir, gold.file)
    if (!existsSync(draftPath)) throw new Error(`${g} names ${gold.file}, which is missing`)
    const text = readFileSync(draftPath, 'utf8')
    drafts.push(scoreDraft(text, gold, lint(text, { filename: gold.file })))
  }
  return { drafts, scores: summarize(drafts) }
}

export function defaultCorpus(): string {
  return join(process.cwd(), '..', 'shared', 'corpus', 'dev')
}
