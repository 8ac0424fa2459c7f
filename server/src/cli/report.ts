// `claimlint report [files|globs|folders] --out report.html [--format html|markdown]`:
// lint and review every draft, then write ONE report: a self-contained HTML
// page (inline CSS, SVG and a little JavaScript; nothing is loaded from
// anywhere) or Markdown for a review ticket. Each draft's .claimlintrc.yaml
// (severities, packs, sources, citation style, `review:` thresholds) and
// reviewers' dismissals apply as they do for linting. Exit 0 when the report
// is written, whatever it finds; 2 on a usage or configuration problem.
import { writeFileSync } from 'node:fs'
import { dirname, extname, relative, resolve, sep, isAbsolute } from 'node:path'
import { findConfig, severityConfig, reviewConfigFor, DEFAULT_MAX_FILE_SIZE } from '../engine/config.js'
import { findReviews, loadReviews, type Dismissal, type ReviewsProblem } from '../engine/reviews.js'
import { formatFor } from '../engine/lint.js'
import { buildDraftReport, type DraftReport } from '../report/model.js'
import { renderHtml } from '../report/html.js'
import { renderMarkdown } from '../report/markdown.js'
import { decodeDraft, expandInputs, readDraft, stdinInput, type Draft, type Input } from './inputs.js'
import { resolveConfig, version, type Io, type Resolved } from './main.js'
import { strictArgs, UsageError } from './args.js'

export const REPORT_FORMATS = ['html', 'markdown'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

export const REPORT_USAGE = `Usage: claimlint report [files|globs|folders|-] [options]

Writes one review report for the drafts: per draft a score, findings by
category and severity, reading level, a DISCERN-style checklist, and every
claim with its suggested rewrite and sources; an overview across drafts.

Options:
  -o, --out <file>           write the report here (default: standard output)
  -f, --format <name>        html (default; one self-contained file) or markdown
                             (default markdown when --out ends in .md)
  -c, --config <file>        use this config instead of the nearest .claimlintrc.yaml
      --stdin-filename <name> name (and format) for a draft read from stdin
      --date <YYYY-MM-DD>    review as of this date (source ages, the report's date)
  -h, --help                 show this help

Exit status: 0 report written, 2 usage or configuration error.
`

interface ReportArgs {
  inputs: string[]
  out?: string
  format: ReportFormat
  config?: string
  stdinFilename?: string
  date?: Date
  help: boolean
}

export function parseReportArgs(argv: readonly string[]): ReportArgs {
  const parsed = strictArgs(argv, {
    out: { type: 'string', short: 'o' },
    format: { type: 'string', short: 'f' },
    config: { type: 'string', short: 'c' },
    'stdin-filename': { type: 'string' },
    date: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  })
  const v = parsed.values
  const byExt = v.out && /\.(md|markdown)$/i.test(extname(v.out)) ? 'markdown' : 'html'
  const format = v.format ?? byExt
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown report format "${format}" (use ${REPORT_FORMATS.join(' or ')})`)
  let date: Date | undefined
  if (v.date !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v.date) || Number.isNaN(Date.parse(v.date))) throw new UsageError(`--date needs a date as YYYY-MM-DD, got "${v.date}"`)
    date = new Date(`${v.date}T12:00:00Z`)
  }
  return { inputs: parsed.positionals, out: v.out, format: format as ReportFormat, config: v.config, stdinFilename: v['stdin-filename'], date, help: v.help ?? false }
}

export async function reportMain(argv: readonly string[], io: Io): Promise<number> {
  let args: ReportArgs
  try {
    args = parseReportArgs(argv)
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    io.stderr(`claimlint report: ${err.message}\nRun "claimlint report --help" for usage.\n`)
    return 2
  }
  if (args.help) {
    io.stdout(REPORT_USAGE)
    return 0
  }
  const shown = (abs: string): string => {
    const rel = relative(io.cwd, abs)
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs
  }

  let inputs: Input[]
  try {
    inputs = expandInputs(args.inputs, io.cwd, args.stdinFilename)
  } catch (err) {
    io.stderr(`claimlint report: ${(err as Error).message}\n`)
    return 2
  }
  if (inputs.length === 0) {
    if (io.stdinIsTTY) {
      io.stderr(`claimlint report: no drafts given\n\n${REPORT_USAGE}`)
      return 2
    }
    inputs = [stdinInput(io.cwd, args.stdinFilename)]
  }

  // Configuration and dismissals for every draft first; any problem stops the run.
  const explicit = args.config === undefined ? undefined : resolve(io.cwd, args.config)
  const byFile = new Map<string, Resolved>()
  const reviewsByDir = new Map<string, { root?: string; dismissals: Dismissal[]; problems: ReviewsProblem[] }>()
  const plans = inputs.map((input) => {
    const dir = input.abs ? dirname(input.abs) : io.cwd
    const file = explicit ?? findConfig(dir)
    let resolved = byFile.get(file ?? '')
    if (!resolved) byFile.set(file ?? '', (resolved = resolveConfig(file)))
    let reviews = reviewsByDir.get(dir)
    if (!reviews) {
      const found = findReviews(dir)
      reviews = found ? { root: found.root, ...loadReviews(found.path) } : { dismissals: [], problems: [] }
      reviewsByDir.set(dir, reviews)
    }
    return { input, resolved, reviews }
  })
  const problems = [...plans.flatMap((p) => p.resolved.problems), ...new Set(plans.flatMap((p) => p.reviews.problems))]
  if (problems.length) {
    const lines = new Set(problems.map((p) => (p.line > 0 ? `${shown(p.file)}:${p.line}:${p.column}: ${p.message}` : `${shown(p.file)}: ${p.message}`)))
    io.stderr([...lines].join('\n') + '\n')
    return 2
  }

  const now = args.date ?? new Date()
  const reports: DraftReport[] = []
  for (const { input, resolved, reviews } of plans) {
    const config = resolved.config
    let draft: Draft
    try {
      const max = config?.maxFileSize ?? DEFAULT_MAX_FILE_SIZE
      draft = input.kind === 'stdin' ? decodeDraft(await io.readStdin(), max) : readDraft(input.abs, max)
    } catch (err) {
      io.stderr(`claimlint report: cannot read ${input.name}: ${(err as Error).message}\n`)
      return 2
    }
    if ('skipped' in draft) {
      io.stderr(`claimlint report: skipped ${input.name}: ${draft.skipped}\n`)
      continue
    }
    const file = reviews.root && input.abs ? relative(reviews.root, input.abs).split(sep).join('/') : undefined
    reports.push(
      buildDraftReport(input.name, draft.text, {
        format: formatFor(input.name),
        ruleSet: resolved.ruleSet,
        evidence: resolved.evidence,
        severity: severityConfig(config),
        reviews: { dismissals: reviews.dismissals, file },
        citationStyle: config?.citationStyle,
        review: reviewConfigFor(config),
        now,
      }),
    )
  }

  const meta = { version: version(), date: now }
  const output = args.format === 'markdown' ? renderMarkdown(reports, meta) : renderHtml(reports, meta)
  if (args.out === undefined) {
    io.stdout(output)
    return 0
  }
  const out = resolve(io.cwd, args.out)
  try {
    writeFileSync(out, output)
  } catch (err) {
    io.stderr(`claimlint report: cannot write ${args.out}: ${(err as Error).message}\n`)
    return 2
  }
  const findings = reports.reduce((n, r) => n + r.claims.length + r.document.length, 0)
  io.stderr(`claimlint: wrote ${shown(out)} (${reports.length} draft${reports.length === 1 ? '' : 's'}, ${findings} finding${findings === 1 ? '' : 's'})\n`)
  return 0
}
