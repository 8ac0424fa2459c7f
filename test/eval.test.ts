// The engine scored against the gold-labelled dev drafts in ../shared.
// The floors are the bar the project set for the engine (README "Accuracy").
import { describe, it, expect } from 'vitest'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { evaluate } from '../server/src/eval/run.js'

const corpus = join(process.cwd(), '..', 'shared', 'corpus', 'dev')
const floors: Record<string, { f1?: number; precision?: number; recall?: number }> = {
  any: { precision: 0.85, recall: 0.85 },
  efficacy: { f1: 0.75 },
  safety: { f1: 0.75 },
  comparative: { f1: 0.75 },
  hype: { f1: 0.75 },
  statistic: { f1: 0.7 },
}

describe.runIf(existsSync(corpus))('eval on ../shared/corpus/dev', () => {
  const { scores, drafts } = evaluate(corpus)
  it('scores every draft', () => {
    expect(drafts.length).toBeGreaterThan(20)
  })
  for (const [key, floor] of Object.entries(floors)) {
    it(`${key} meets its floor`, () => {
      const s = scores[key as keyof typeof scores]
      if (floor.f1 !== undefined) expect(s.f1).toBeGreaterThanOrEqual(floor.f1)
      if (floor.precision !== undefined) expect(s.precision).toBeGreaterThanOrEqual(floor.precision)
      if (floor.recall !== undefined) expect(s.recall).toBeGreaterThanOrEqual(floor.recall)
    })
  }
})
