// Command-line flags. Parsing is strict: an unknown flag or a bad value is a
// usage error (exit 2) rather than something silently ignored in CI.
import { parseArgs, type ParseArgsConfig } from 'node:util'

export const FORMATS = ['stylish', 'json', 'sarif'] as const
export type OutputFormat = (typeof FORMATS)[number]

export interface CliArgs {
  inputs: string[]
  format: OutputFormat
  config?: string
  /** -1 means no limit. */
  maxWarnings: number
  stdinFilename?: string
  help: boolean
  version: boolean
  checkPacks: boolean
  /** Apply each finding's preferred fix and write the draft. */
  fix: boolean
  /** Print the preferred fixes as a unified diff; write nothing. */
  fixDryRun: boolean
  /** Add the whole-draft review's findings (off with --no-review). */
  review: boolean
}

export class UsageError extends Error {}

export const USAGE = `Usage: claimlint [files|globs|folders|-] [options]
       claimlint report [files|globs|folders] --out report.html [--format html|markdown]

Flags unsupported medical claims in patient-education drafts, and what each draft
leaves out (the whole-draft review: risks, off-label use, other options, sources,
date, reading level; the "review:" settings of .claimlintrc.yaml apply).
Folders expand to **/*.{md,markdown,txt}; "-" (or piped input with no files) reads stdin.

Options:
  -f, --format <name>        stylish (default), json or sarif
  -c, --config <file>        use this config instead of the nearest .claimlintrc.yaml
      --max-warnings <n>     exit 1 when there are more than n warnings
      --stdin-filename <name> name (and format: .txt is plain text) for stdin input
      --fix                  apply each claim's preferred fix (evidence-backed rewrite
                             with its reference, else a softened sentence) and save
      --fix-dry-run          print those fixes as a unified diff; change nothing
      --no-review            claims only: leave out the whole-draft review (balance,
                             off-label, options, sources, currency, readability), e.g.
                             to gate CI on claims while editors work through the rest
      --check-packs          validate the rule packs and config, lint nothing
  -h, --help                 show this help
  -v, --version              show the version

Exit status: 0 clean, 1 errors or too many warnings, 2 usage or configuration error.
`

/**
 * Node's strict parseArgs, with its error turned into a usage error. Node's
 * messages run on with advice about "--"; the first sentence is enough.
 */
export function strictArgs<T extends ParseArgsConfig['options']>(argv: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options })
  } catch (err) {
    throw new UsageError((err as Error).message.split(/\.( |$)/)[0])
  }
}

export function parseCliArgs(argv: readonly string[]): CliArgs {
  const parsed = strictArgs(argv, {
    format: { type: 'string', short: 'f' },
    config: { type: 'string', short: 'c' },
    'max-warnings': { type: 'string' },
    'stdin-filename': { type: 'string' },
    'check-packs': { type: 'boolean' },
    fix: { type: 'boolean' },
    'fix-dry-run': { type: 'boolean' },
    'no-review': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean', short: 'v' },
  })
  const v = parsed.values
  const format = v.format ?? 'stylish'
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}" (use ${FORMATS.join(', ')})`)
  let maxWarnings = -1
  if (v['max-warnings'] !== undefined) {
    if (!/^\d+$/.test(v['max-warnings'])) throw new UsageError(`--max-warnings needs a whole number, got "${v['max-warnings']}"`)
    maxWarnings = Number(v['max-warnings'])
  }
  return {
    inputs: parsed.positionals,
    format: format as OutputFormat,
    config: v.config,
    maxWarnings,
    stdinFilename: v['stdin-filename'],
    help: v.help ?? false,
    version: v.version ?? false,
    checkPacks: v['check-packs'] ?? false,
    fix: v.fix ?? false,
    fixDryRun: v['fix-dry-run'] ?? false,
    review: !(v['no-review'] ?? false),
  }
}
