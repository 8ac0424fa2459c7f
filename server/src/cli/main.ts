// claimlint command line: expand inputs, resolve each draft's config and rule
// packs, lint, print in the chosen format, and exit 0 (clean), 1 (errors or
// too many warnings) or 2 (usage or configuration problem, or a rule that
// failed: the check is incomplete). Configuration is
// checked for every draft before anything is linted, so a broken config never
// produces partial output.
import '../v8flags.js'
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { lint, lintAndAnalyze, formatFor, type RuleError } from '../engine/lint.js'
import type { EvidenceLibrary } from '../engine/evidence.js'
import { fixDraft, fixesFor } from '../engine/rewrite/suggestions.js'
import { writeBibliography } from './bibliography.js'
import { diff } from '../engine/lazy.js'
import { findReviews, loadReviews, type Dismissal, type ReviewsProblem } from '../engine/reviews.js'
import { rulesDir, type Rule, type RuleSet } from '../engine/packs/load.js'
import {
  DEFAULT_MAX_FILE_SIZE,
  findConfig,
  loadConfig,
  ruleSetFor,
  severityConfig,
  evidenceFor,
  type ClaimlintConfig,
  type ConfigProblem,
} from '../engine/config.js'
import { parseCliArgs, UsageError, USAGE, type CliArgs } from './args.js'
import { decodeDraft, expandInputs, readDraft, readStdin, stdinInput, type Draft, type Input } from './inputs.js'
import { formatters, type FileResult } from './formatters/index.js'
import { lintFile, resolveConfigFile, reviewFindings, withReview, type FileJob } from './lintFile.js'
import { lintInWorkers, totalBytes, workerCount } from './parallel.js'

export const EXIT = { clean: 0, findings: 1, usage: 2, incomplete: 2 } as const

export interface Io {
  cwd: string
  stdout: (s: string) => void
  stderr: (s: string) => void
  stdinIsTTY: boolean
  readStdin: () => Promise<Uint8Array>
  color: boolean
}

export interface Resolved {
  config?: ClaimlintConfig
  ruleSet?: RuleSet
  evidence?: EvidenceLibrary
  problems: ConfigProblem[]
}

/** Config and rule set per draft, cached per folder and per config file. */
class Configs {
  private readonly byDir = new Map<string, string | undefined>()
  private readonly byFile = new Map<string, Resolved>()
  constructor(private readonly explicit: string | undefined) {}

  /** The config file that applies to drafts in `dir` (undefined: none). */
  fileFor(dir: string): string | undefined {
    if (this.explicit !== undefined) return this.explicit
    if (!this.byDir.has(dir)) this.byDir.set(dir, findConfig(dir))
    return this.byDir.get(dir)
  }

  forDir(dir: string): Resolved {
    const file = this.fileFor(dir)
    const key = file ?? ''
    let r = this.byFile.get(key)
    if (!r) {
      r = resolveConfig(file)
      this.byFile.set(key, r)
    }
    return r
  }
}

export function resolveConfig(file: string | undefined): Resolved {
  return resolveConfigFile(file)
}

export function version(): string {
  return (JSON.parse(readFileSync(join(rulesDir(), '..', 'package.json'), 'utf8')) as { version: string }).version
}

function defaultIo(): Io {
  return {
    cwd: process.cwd(),
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    stdinIsTTY: process.stdin.isTTY === true,
    readStdin,
    color: process.stdout.isTTY === true && process.env.NO_COLOR === undefined,
  }
}

/** Dismissals recorded in the nearest .claimlint/reviews.yaml above a draft's folder. */
function draftReviews(dir: string): { root?: string; dismissals: Dismissal[]; problems: ReviewsProblem[] } {
  const found = findReviews(dir)
  if (!found) return { dismissals: [], problems: [] }
  return { root: found.root, ...loadReviews(found.path) }
}

export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  if (argv[0] === 'report') return (await import('./report.js')).reportMain(argv.slice(1), io)
  const shown = (abs: string): string => {
    const rel = relative(io.cwd, abs)
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs
  }
  const report = (problems: readonly ConfigProblem[]): number => {
    const lines = new Set(problems.map((p) => (p.line > 0 ? `${shown(p.file)}:${p.line}:${p.column}: ${p.message}` : `${shown(p.file)}: ${p.message}`)))
    io.stderr([...lines].join('\n') + '\n')
    return EXIT.usage
  }

  let args: CliArgs
  try {
    args = parseCliArgs(argv)
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    io.stderr(`claimlint: ${err.message}\nRun "claimlint --help" for usage.\n`)
    return EXIT.usage
  }
  if (args.help) {
    io.stdout(USAGE)
    return EXIT.clean
  }
  if (args.version) {
    io.stdout(version() + '\n')
    return EXIT.clean
  }

  const configs = new Configs(args.config === undefined ? undefined : resolve(io.cwd, args.config))

  if (args.checkPacks) {
    const r = configs.forDir(io.cwd)
    if (r.problems.length) return report(r.problems)
    const { packs, rules } = r.ruleSet!
    io.stdout(`claimlint: ${packs.length} packs, ${rules.length} rules OK\n`)
    return EXIT.clean
  }

  let inputs: Input[]
  try {
    inputs = expandInputs(args.inputs, io.cwd, args.stdinFilename)
  } catch (err) {
    io.stderr(`claimlint: ${(err as Error).message}\n`)
    return EXIT.usage
  }
  if (args.inputs.length === 0) {
    if (io.stdinIsTTY) {
      io.stderr(`claimlint: no files given and nothing piped to stdin\n\n${USAGE}`)
      return EXIT.usage
    }
    inputs = [stdinInput(io.cwd, args.stdinFilename)]
  }

  // Resolve every draft's configuration and reviewers' dismissals up front;
  // any problem stops the run.
  const reviewsByDir = new Map<string, ReturnType<typeof draftReviews>>()
  const reviewsFor = (dir: string): ReturnType<typeof draftReviews> => {
    let r = reviewsByDir.get(dir)
    if (!r) reviewsByDir.set(dir, (r = draftReviews(dir)))
    return r
  }
  const plans = inputs.map((input) => {
    const dir = input.abs ? dirname(input.abs) : io.cwd
    return { input, resolved: configs.forDir(dir), reviews: reviewsFor(dir) }
  })
  const problems = [...plans.flatMap((p) => p.resolved.problems), ...new Set(plans.flatMap((p) => p.reviews.problems))]
  if (problems.length) return report(problems)

  const results: FileResult[] = []
  const rules = new Map<string, Rule>()
  // Rules that threw, in the order first met (file order, so a parallel run warns the same): one warning each.
  const ruleFaults = new Map<string, { error: RuleError; where: string; files: Set<string> }>()
  const ruleFailed = (e: RuleError, name: string): void => {
    const seen = ruleFaults.get(e.ruleId)
    if (seen) seen.files.add(name)
    else ruleFaults.set(e.ruleId, { error: e, where: `${name}:${e.line}:${e.column}`, files: new Set([name]) })
  }
  // Many files and nothing to fix: lint them on every core, then go through
  // the outcomes in order as below (same output, same exit code).
  const reviewsFile = (p: (typeof plans)[number]): string | undefined =>
    p.reviews.root && p.input.abs ? relative(p.reviews.root, p.input.abs).split(sep).join('/') : undefined
  const parallel = !args.fix && !args.fixDryRun && plans.every((p) => p.input.kind === 'file') && workerCount(plans.length) > 0 ? workerCount(plans.length, process.env, totalBytes(plans.map((p) => p.input.abs!))) : 0
  const jobs: FileJob[] = plans.map((p) => ({
    name: p.input.name,
    abs: p.input.abs ?? '',
    config: p.input.abs ? configs.fileFor(dirname(p.input.abs)) : undefined,
    dismissals: p.reviews.dismissals,
    file: reviewsFile(p),
    json: args.format === 'json',
    review: args.review,
  }))
  const outcomes = parallel > 0 ? await lintInWorkers(jobs, parallel, (i) => lintFile(jobs[i], plans[i].resolved)) : undefined
  for (const [index, { input, resolved, reviews }] of plans.entries()) {
    const config = resolved.config
    const ruleSet = resolved.ruleSet! // no problems, so the rule set loaded
    for (const r of ruleSet.rules) if (!rules.has(r.id)) rules.set(r.id, r)
    const outcome = outcomes?.[index]
    if (outcome) {
      if (outcome.kind === 'unreadable') {
        io.stderr(`claimlint: cannot read ${input.name}: ${outcome.message}\n`)
        return EXIT.usage
      }
      if (outcome.kind === 'skipped') io.stderr(`claimlint: skipped ${input.name}: ${outcome.message}\n`)
      else {
        for (const e of outcome.ruleErrors ?? []) ruleFailed(e, input.name)
        results.push({ file: input.name, abs: input.abs, findings: outcome.findings })
      }
      continue
    }
    const maxFileSize = config?.maxFileSize ?? DEFAULT_MAX_FILE_SIZE
    let draft: Draft
    try {
      draft = input.kind === 'stdin' ? decodeDraft(await io.readStdin(), maxFileSize) : readDraft(input.abs, maxFileSize)
    } catch (err) {
      io.stderr(`claimlint: cannot read ${input.name}: ${(err as Error).message}\n`)
      return EXIT.usage
    }
    if ('skipped' in draft) {
      io.stderr(`claimlint: skipped ${input.name}: ${draft.skipped}\n`)
      continue
    }
    const file = reviews.root && input.abs ? relative(reviews.root, input.abs).split(sep).join('/') : undefined
    const evidence = resolved.evidence
    const onRuleError = (e: RuleError): void => ruleFailed(e, input.name)
    const options = { filename: input.name, ruleSet, severity: severityConfig(config), reviews: { dismissals: reviews.dismissals, file }, evidence, onRuleError }
    const format = formatFor(input.name)
    const fixOptions = { format, ruleSet, evidence, citationStyle: config?.citationStyle }
    let text = draft.text
    if (args.fix || args.fixDryRun) {
      const fixed = fixDraft(text, (t) => lint(t, options), fixOptions)
      if (fixed.text !== text) {
        if (args.fixDryRun) io.stdout(diff().createTwoFilesPatch(input.name, input.name, text, fixed.text, '', '', { context: 2 }))
        else if (input.kind === 'stdin') io.stdout(fixed.text)
        else {
          writeFileSync(input.abs, fixed.text)
          for (const f of fixed.files) writeBibliography(join(dirname(input.abs), f.path), f.entries)
        }
        if (!args.fixDryRun) text = fixed.text
      }
      if (args.fix && input.kind === 'stdin') {
        const claims = lint(text, options)
        // Not printed (the fixed draft is), but the review counts for the exit code as below.
        const doc = args.review ? reviewFindings(text, { format, ruleSet, evidence, config, findings: claims, json: false, reviews: options.reviews }) : []
        results.push({ file: input.name, abs: input.abs, findings: withReview(claims, doc) })
        continue
      }
    }
    // One parse for the claims, their fixes and the review, as in lintFile (the parallel path): identical output either way.
    const linted = lintAndAnalyze(text, options)
    const analysis = linted.analysis
    let findings = linted.findings
    if (args.format === 'json') findings = findings.map((f) => ({ ...f, fixes: fixesFor(text, f, { ...fixOptions, analysis }) }))
    const doc = args.review ? reviewFindings(text, { format, ruleSet, evidence, config, findings, json: args.format === 'json', analysis, reviews: options.reviews }) : []
    results.push({ file: input.name, abs: input.abs, findings: withReview(findings, doc) })
  }

  for (const { error: e, where, files } of ruleFaults.values()) {
    const more = files.size > 1 ? `; in ${files.size} files` : ''
    io.stderr(`claimlint: warning: rule ${e.ruleId} (pack ${e.pack}) failed and was skipped: ${e.message} (first at ${where}${more}); its findings are missing, the other rules ran; the check is incomplete (exit 2)\n`)
  }

  // With --fix on stdin the fixed draft is the output; with --fix-dry-run the diff is.
  const stdinFixed = args.fix && plans.some((p) => p.input.kind === 'stdin')
  if (!stdinFixed && !args.fixDryRun) io.stdout(formatters[args.format](results, { cwd: io.cwd, version: version(), rules, color: io.color && args.format === 'stylish' }))

  // A rule that failed leaves the check incomplete: a CI gate must not pass on what it did not look at.
  if (ruleFaults.size > 0) return EXIT.incomplete
  const all = results.flatMap((r) => r.findings)
  const errors = all.filter((f) => f.severity === 'error').length
  const warnings = all.filter((f) => f.severity === 'warning').length
  if (errors > 0) return EXIT.findings
  if (args.maxWarnings >= 0 && warnings > args.maxWarnings) {
    io.stderr(`claimlint: too many warnings (${warnings}; --max-warnings is ${args.maxWarnings})\n`)
    return EXIT.findings
  }
  return EXIT.clean
}
