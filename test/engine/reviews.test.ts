// Dismissals: recorded in reviews.yaml, honoured by lint(), robust to edits
// elsewhere in the draft, to a broken file and to two writers at once.
import { describe, it, expect, beforeEach } from 'vitest'
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fork } from 'node:child_process'
import { parse } from 'yaml'
import { lint } from '../../server/src/engine/lint.js'
import { addDismissal, dismissalFor, loadReviews, reviewsPath, sentenceHash, findReviews, whoAmI } from '../../server/src/engine/reviews.js'

let root: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'claimlint-reviews-'))
})

const draft = '# TMS\n\nTMS is a groundbreaking treatment. Sessions take 20 minutes.\n'

describe('reviews', () => {
  it('a dismissed finding is gone, others stay, and the file records who, why and when', () => {
    const f = lint(draft).find((x) => x.ruleId === 'hype/superlative')!
    const path = reviewsPath(root)
    addDismissal(path, dismissalFor(f, draft, 'drafts/tms.md', 'Quoted from the device maker, reviewed', 'Dr. Reviewer', '2026-11-23'))
    const saved = parse(readFileSync(path, 'utf8'))
    expect(saved.version).toBe(1)
    expect(saved.dismissals[0]).toMatchObject({ rule: 'hype/superlative', file: 'drafts/tms.md', claim: 'groundbreaking', reason: 'Quoted from the device maker, reviewed', by: 'Dr. Reviewer', date: '2026-11-23' })
    const { dismissals, problems } = loadReviews(path)
    expect(problems).toEqual([])
    expect(lint(draft, { reviews: { dismissals, file: 'drafts/tms.md' } }).map((x) => x.ruleId)).not.toContain('hype/superlative')
    // Another draft with the same sentence is not covered by a per-file dismissal.
    expect(lint(draft, { reviews: { dismissals, file: 'drafts/other.md' } }).map((x) => x.ruleId)).toContain('hype/superlative')
  })

  it('survives edits elsewhere in the draft but not a rewrite of the sentence', () => {
    const f = lint(draft).find((x) => x.ruleId === 'hype/superlative')!
    const d = dismissalFor(f, draft, undefined, 'ok', 'me', '2026-11-23')
    const moved = '# TMS at our clinic\n\nCall us first.\n\nTMS is a  groundbreaking\ntreatment. Sessions take 20 minutes.\n'
    expect(lint(moved, { reviews: { dismissals: [d] } }).map((x) => x.ruleId)).not.toContain('hype/superlative')
    const rewritten = '# TMS\n\nTMS is a groundbreaking new treatment. Sessions take 20 minutes.\n'
    expect(lint(rewritten, { reviews: { dismissals: [d] } }).map((x) => x.ruleId)).toContain('hype/superlative')
  })

  it('hashes ignore case and white space', () => {
    expect(sentenceHash('TMS  is\ngreat.')).toBe(sentenceHash('tms is great.'))
    expect(sentenceHash('TMS is great.')).not.toBe(sentenceHash('TMS is good.'))
  })

  it('a hand-edited broken file is reported with its line, and nothing is lost', () => {
    const path = reviewsPath(root)
    mkdirSync(join(root, '.claimlint'))
    writeFileSync(path, 'version: 1\ndismissals:\n  - rule: hype/superlative\n    claim: x\n    colour: blue\n')
    const { dismissals, problems } = loadReviews(path)
    expect(dismissals).toEqual([])
    expect(problems.map((p) => p.message).join('\n')).toMatch(/unknown key "colour"/)
    expect(problems.find((p) => p.message.includes('colour'))!.line).toBe(5)
    expect(() => addDismissal(path, { rule: 'a/b', claim: 'c', sentence: 'd', reason: 'e', by: 'f', date: 'g' })).toThrow(/reviews\.yaml:5/)
    expect(readFileSync(path, 'utf8')).toContain('colour: blue')
  })

  it('a missing file is no dismissals; findReviews walks up from a draft folder', () => {
    expect(loadReviews(join(root, 'nope.yaml'))).toEqual({ dismissals: [], problems: [] })
    mkdirSync(join(root, 'a', 'b'), { recursive: true })
    addDismissal(reviewsPath(root), { rule: 'a/b', claim: 'c', sentence: 'd', reason: 'e', by: 'f', date: 'g' })
    expect(findReviews(join(root, 'a', 'b'))).toEqual({ root, path: reviewsPath(root) })
  })

  it('two processes dismissing at once both land and the file stays valid', async () => {
    const path = reviewsPath(root)
    const script = join(root, 'writer.mjs')
    const mod = new URL('../../dist/server/src/engine/reviews.js', import.meta.url).href
    writeFileSync(script, `import { addDismissal } from ${JSON.stringify(mod)}\nconst id = process.argv[2]\nfor (let i = 0; i < 20; i++) addDismissal(${JSON.stringify(path)}, { rule: 'hype/superlative', claim: 'x', sentence: id + '-' + i, reason: 'r', by: id, date: '2026-11-23' })\n`)
    const run = (id: string): Promise<number> => new Promise((res) => fork(script, [id]).on('exit', (code) => res(code ?? 1)))
    expect(await Promise.all([run('a'), run('b')])).toEqual([0, 0])
    const { dismissals, problems } = loadReviews(path)
    expect(problems).toEqual([])
    expect(dismissals.length).toBe(40)
  })

  it('whoAmI names someone', () => {
    expect(whoAmI(root).length).toBeGreaterThan(0)
  })
})
