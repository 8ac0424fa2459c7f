// Dismissals: a reviewer's decision that a finding is acceptable, recorded
// in .claimlint/reviews.yaml so it is reviewable in version control and
// honoured by the CLI and the editor alike. A dismissal names the rule, the
// claim's text and a hash of its sentence, so it survives edits elsewhere
// in the draft but not a rewrite of the sentence itself.
import { createHash } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import { dirname, join } from 'node:path'
import { stringify } from 'yaml'
import { parseYamlData } from './yaml-data.js'
import type { Finding } from './types.js'

export interface Dismissal {
  rule: string
  /** Draft path relative to the workspace root, with forward slashes; absent means any draft. */
  file?: string
  claim: string
  /** Hash of the sentence the claim sits in (see sentenceHash). */
  sentence: string
  reason: string
  by: string
  date: string
}

export interface ReviewsProblem {
  file: string
  line: number
  column: number
  message: string
}

export interface LoadedReviews {
  dismissals: Dismissal[]
  problems: ReviewsProblem[]
}

export function reviewsPath(workspaceRoot: string): string {
  return join(workspaceRoot, '.claimlint', 'reviews.yaml')
}

/** Hash of a sentence, insensitive to whitespace and case so re-wrapping a line keeps the decision. */
export function sentenceHash(sentenceText: string): string {
  const normal = sentenceText.replace(/\s+/g, ' ').trim().toLowerCase()
  return createHash('sha256').update(normal).digest('hex').slice(0, 16)
}

const FIELDS = ['rule', 'file', 'claim', 'sentence', 'reason', 'by', 'date'] as const
const REQUIRED = ['rule', 'claim', 'sentence', 'reason', 'by', 'date'] as const

/** Read reviews.yaml. A missing file is no dismissals; a broken one is reported, never thrown. */
export function loadReviews(path: string): LoadedReviews {
  if (!existsSync(path)) return { dismissals: [], problems: [] }
  const problems: ReviewsProblem[] = []
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    return { dismissals: [], problems: [{ file: path, line: 0, column: 0, message: `cannot read: ${(err as Error).message}` }] }
  }
  // Plain data only: custom tags, excessive nesting and alias bombs are problems (yaml-data.ts).
  const yaml = parseYamlData(text, { prettyErrors: true })
  if (yaml.problems.length > 0) return { dismissals: [], problems: yaml.problems.map((p) => ({ file: path, ...p })) }
  const doc = yaml.doc!
  const lines = yaml.lines
  const at = (path_: Array<string | number>): { line: number; column: number } => {
    const node = doc.getIn(path_, true) as { range?: [number, number, number] } | undefined
    const p = lines.linePos(node?.range?.[0] ?? 0)
    return { line: p.line, column: p.col }
  }
  const data = (yaml.data ?? {}) as { version?: unknown; dismissals?: unknown }
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { dismissals: [], problems: [{ file: path, line: 1, column: 1, message: 'must be a mapping with "version" and "dismissals"' }] }
  }
  for (const key of Object.keys(data)) {
    if (key !== 'version' && key !== 'dismissals') problems.push({ file: path, ...at([key]), message: `unknown key "${key}"` })
  }
  if (data.version !== undefined && data.version !== 1) problems.push({ file: path, ...at(['version']), message: 'version must be 1' })
  const list = data.dismissals ?? []
  if (!Array.isArray(list)) {
    problems.push({ file: path, ...at(['dismissals']), message: '"dismissals" must be a list' })
    return { dismissals: [], problems }
  }
  const dismissals: Dismissal[] = []
  list.forEach((entry: unknown, i: number) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push({ file: path, ...at(['dismissals', i]), message: `dismissals[${i}] must be a mapping` })
      return
    }
    const e = entry as Record<string, unknown>
    let ok = true
    for (const k of Object.keys(e)) {
      if (!(FIELDS as readonly string[]).includes(k)) {
        problems.push({ file: path, ...at(['dismissals', i, k]), message: `dismissals[${i}]: unknown key "${k}"` })
        ok = false
      }
    }
    for (const k of REQUIRED) {
      if (typeof e[k] !== 'string' || (e[k] as string).trim() === '') {
        problems.push({ file: path, ...at(['dismissals', i]), message: `dismissals[${i}]: "${k}" must be a non-empty string` })
        ok = false
      }
    }
    if (e.file !== undefined && typeof e.file !== 'string') {
      problems.push({ file: path, ...at(['dismissals', i, 'file']), message: `dismissals[${i}]: "file" must be a string` })
      ok = false
    }
    if (ok) dismissals.push(e as unknown as Dismissal)
  })
  return { dismissals, problems }
}

/** What a dismissal is keyed by: a claim's rule and sentence, or a review finding's rule and its own range (its `sentence`). */
type Decidable = Pick<Finding, 'ruleId' | 'start' | 'end' | 'sentence'>

/** What the dismissal quotes, for people reading reviews.yaml (matching uses the rule and the hash): a review finding can point at a whole paragraph. */
const CLAIM_MAX = 160
const claimText = (s: string): string => {
  if (s.length <= CLAIM_MAX) return s
  return `${s.replace(/\s+/g, ' ').trim().slice(0, CLAIM_MAX - 1).trimEnd()}…`
}

export function dismissalFor(finding: Decidable, text: string, file: string | undefined, reason: string, by: string, date: string): Dismissal {
  const d: Dismissal = {
    rule: finding.ruleId,
    claim: claimText(text.slice(finding.start, finding.end)),
    sentence: sentenceHash(text.slice(finding.sentence.start, finding.sentence.end)),
    reason,
    by,
    date,
  }
  return file ? { rule: d.rule, file, claim: d.claim, sentence: d.sentence, reason, by, date } : d
}

/** Whether a reviewer dismissed this finding for this draft. */
export function isDismissed(finding: Decidable, text: string, dismissals: readonly Dismissal[], file?: string): boolean {
  if (dismissals.length === 0) return false
  const hash = sentenceHash(text.slice(finding.sentence.start, finding.sentence.end))
  return dismissals.some((d) => d.rule === finding.ruleId && d.sentence === hash && (d.file === undefined || file === undefined || d.file === file))
}

const same = (a: Dismissal, b: Dismissal): boolean => a.rule === b.rule && a.sentence === b.sentence && a.file === b.file

/**
 * Record a dismissal. Re-reads the file just before writing so a decision
 * made in another window is kept, and writes through a temporary file and a
 * rename so readers never see half a file.
 */
export function addDismissal(path: string, d: Dismissal): void {
  const current = loadReviews(path)
  if (current.problems.length > 0) {
    const p = current.problems[0]
    throw new Error(`${p.file}:${p.line}:${p.column}: ${p.message} (fix reviews.yaml before dismissing more findings)`)
  }
  mkdirSync(dirname(path), { recursive: true })
  withLock(`${path}.lock`, () => {
    // Re-read under the lock: another window may have written meanwhile.
    const latest = loadReviews(path)
    const dismissals = (latest.problems.length ? current.dismissals : latest.dismissals).filter((x) => !same(x, d))
    dismissals.push(d)
    const header = '# Findings a reviewer dismissed, with the reason. Written by claimlint; safe to edit by hand.\n'
    const tmp = `${path}.${process.pid}.${Date.now()}.tmp`
    writeFileSync(tmp, header + stringify({ version: 1, dismissals }, { lineWidth: 0 }))
    renameSync(tmp, path)
  })
}

/** A lock directory (mkdir is atomic); a lock older than 10 s is taken over. */
function withLock(lock: string, body: () => void): void {
  const deadline = Date.now() + 5000
  for (;;) {
    try {
      mkdirSync(lock)
      break
    } catch {
      try {
        if (Date.now() - statSync(lock).mtimeMs > 10_000) rmSync(lock, { recursive: true, force: true })
      } catch {
        // Gone already.
      }
      if (Date.now() > deadline) throw new Error(`${lock}: another claimlint is writing reviews; try again`)
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20)
    }
  }
  try {
    body()
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

/** Walk up from a draft's folder to the nearest .claimlint/reviews.yaml; returns [root, path]. */
export function findReviews(startDir: string): { root: string; path: string } | undefined {
  let dir = startDir
  for (;;) {
    const path = reviewsPath(dir)
    if (existsSync(path)) return { root: dir, path }
    const up = dirname(dir)
    if (up === dir) return undefined
    dir = up
  }
}

/** Who is dismissing: git's user.name (and email), else the OS user. */
export function whoAmI(cwd: string): string {
  const git = (key: string): string => {
    try {
      return execFileSync('git', ['config', '--get', key], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000 }).trim()
    } catch {
      return ''
    }
  }
  const name = git('user.name')
  const email = git('user.email')
  if (name) return email ? `${name} <${email}>` : name
  try {
    return userInfo().username
  } catch {
    return 'unknown'
  }
}
