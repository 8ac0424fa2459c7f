#!/usr/bin/env node
// npm run eval [-- DIR] [--details] [--json]
import { evaluate, defaultCorpus } from './run.js'
import { KEYS } from './score.js'

const args = process.argv.slice(2)
const details = args.includes('--details')
const json = args.includes('--json')
const dir = args.find((a) => !a.startsWith('--')) ?? defaultCorpus()

try {
  const { drafts, scores } = evaluate(dir)
  if (json) {
    process.stdout.write(JSON.stringify({ dir, scores, drafts: details ? drafts : undefined }, null, 2) + '\n')
  } else {
    if (details) {
      for (const d of drafts) {
        if (d.misses.length === 0 && d.falseAlarms.length === 0) continue
        process.stdout.write(`\n## ${d.file}\n`)
        for (const m of d.misses) process.stdout.write(`  MISS  ${m.key.padEnd(11)} ${m.text.replace(/\s+/g, ' ').slice(0, 160)}\n`)
        for (const f of d.falseAlarms) process.stdout.write(`  FALSE ${f.key.padEnd(11)} [${f.ruleId}] ${f.text.replace(/\s+/g, ' ').slice(0, 160)}\n`)
      }
      process.stdout.write('\n')
    }
    process.stdout.write(`claimlint eval: ${drafts.length} drafts in ${dir}\n\n`)
    process.stdout.write('category     precision  recall    F1   support   tp   fp   fn\n')
    for (const k of KEYS) {
      const s = scores[k]
      process.stdout.write(`${k.padEnd(12)} ${s.precision.toFixed(3).padStart(9)} ${s.recall.toFixed(3).padStart(7)} ${s.f1.toFixed(3).padStart(6)} ${String(s.support).padStart(9)} ${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)}\n`)
    }
  }
} catch (err) {
  process.stderr.write(`claimlint eval: ${(err as Error).message}\n`)
  process.exit(2)
}
