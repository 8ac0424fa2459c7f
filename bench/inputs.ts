// `npm run bench:inputs`: how long claimlint takes on huge and odd drafts,
// the kinds clinicians paste (a Word export, a table from a PDF, a file of
// blank lines) and the kinds built to be slow (links nested a thousand deep).
// A benchmark, not a test: it prints one row per input class and format with
// the time, the findings and the largest chunk, next to the parse floor
// (remark-parse alone for Markdown; the engine's plain-text reader is its own
// parser) on the same text, and asserts nothing.
//
//   node dist/bench/inputs.js [--mb N] [--only class,class] [--no-floor]
//     --mb N      size of each draft in megabytes (default 10)
//     --only      run only these classes
//     --no-floor  skip the parse floor (remark-parse is slow on some classes)
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { unified } from 'unified'
import remarkParse from 'remark-parse'
import remarkGfm from 'remark-gfm'
import { IncrementalLinter } from '../server/src/engine/incremental.js'
import type { Format } from '../server/src/engine/types.js'
import { generateDraft } from './drafts.js'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const args = process.argv.slice(2)
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}
const MB = Number(flag('--mb') ?? 10)
const only = flag('--only')?.split(',')
const withFloor = !args.includes('--no-floor')
const size = Math.round(MB * 1024 * 1024)

/** `unit` repeated to exactly `size` characters (never ending inside a surrogate pair). */
function fill(unit: string): string {
  let t = unit
  while (t.length < size) t += t
  let end = size
  const c = t.charCodeAt(end - 1)
  if (c >= 0xd800 && c <= 0xdbff) end--
  return t.slice(0, end)
}

/** The dev drafts, when ../shared is there (read at run time, never copied); else generated prose. */
function realProse(): string {
  const dir = join(repo, '..', 'shared', 'corpus', 'dev')
  try {
    const files = readdirSync(dir).filter((f) => f.endsWith('.txt') || f.endsWith('.md'))
    if (files.length) return files.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n\n') + '\n\n'
  } catch {
    // No corpus: generated drafts stand in.
  }
  return generateDraft({ words: 20_000, format: 'markdown' })
}

const row = (i: number, depth: number): string => '  '.repeat(i % depth) + '- ketamine cures PTSD in every patient'
const CLASSES: Record<string, { what: string; make: () => string }> = {
  prose: { what: 'real drafts repeated', make: () => fill(realProse()) },
  generated: { what: 'generated draft (bench/drafts.ts)', make: () => fill(generateDraft({ words: 20_000, format: 'markdown' }) + '\n\n') },
  blankLines: { what: 'nothing but line breaks', make: () => fill('\n') },
  crlf: { what: 'CRLF blank lines', make: () => fill('\r\n') },
  loneCR: { what: 'lines ended by a lone CR (old Mac export)', make: () => fill('Ketamine is a miracle cure for depression.\r') },
  oneParagraph: { what: 'one paragraph, no line break', make: () => fill('Ketamine is safe and works for everyone with PTSD. ') },
  noSentenceEnd: { what: 'one paragraph of lines with no full stop', make: () => fill('ketamine works wonders\n') },
  oneWord: { what: 'one word of 10 MB', make: () => fill('a') },
  table: { what: 'GFM table, thousands of rows (PDF paste)', make: () => fill('| Drug | Claim | Note |\n|---|---|---|\n' + '| ketamine | cures PTSD in 100% of patients | x |\n'.repeat(2000) + '\n') },
  nestedQuotes: { what: 'blockquotes 1,000 deep', make: () => fill('>'.repeat(1000) + ' ketamine cures PTSD\n\n') },
  nestedLists: { what: 'lists nested 200 deep', make: () => fill(Array.from({ length: 400 }, (_, i) => row(i, 200)).join('\n') + '\n\n') },
  brackets: { what: 'link labels opened 2,000 times a line', make: () => fill('['.repeat(2000) + 'ketamine](x)\n') },
  html: { what: 'HTML markup on every line', make: () => fill('<div><span>Ketamine is a breakthrough</span></div>\n') },
  emoji: { what: 'emoji and astral characters', make: () => fill('💊🧠✨ Ketamine 🚀 is a miracle. ') },
  invisible: { what: 'zero-width characters and soft hyphens inside words', make: () => fill('Ke\u200btamine is a mir\u00adacle cu\u200dre. ') },
  controls: { what: 'NUL and other control characters', make: () => fill('ketamine\u0000is\u0001safe\u0007 and a miracle.\u000b ') },
  rtl: { what: 'right-to-left text and bidi overrides', make: () => fill('\u202eKetamine is a miracle. \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627. ') },
  lookalikes: { what: 'Cyrillic look-alike letters', make: () => fill('Ketаmine is а grоundbreaking cure. ') },
  backticks: { what: 'unclosed code spans', make: () => fill('`'.repeat(50) + ' ketamine is safe\n') },
}

const md = unified().use(remarkParse).use(remarkGfm).freeze()
const log = (s: string): void => {
  process.stdout.write(`${s}\n`)
}

log(`bench:inputs: ${MB} MB drafts (${size.toLocaleString('en')} UTF-16 units), node ${process.version}`)
log(`${'class'.padEnd(14)} ${'format'.padEnd(9)} ${'lint s'.padStart(7)} ${'s/MB'.padStart(6)} ${'floor s'.padStart(8)} ${'findings'.padStart(9)} ${'chunks'.padStart(8)} ${'largest chunk'.padStart(13)}  what`)
for (const [name, c] of Object.entries(CLASSES)) {
  if (only && !only.includes(name)) continue
  const text = c.make()
  for (const format of ['markdown', 'plaintext'] as Format[]) {
    const linter = new IncrementalLinter({ format })
    const t0 = performance.now()
    let findings: string
    try {
      findings = String(linter.update(text).length)
    } catch (err) {
      findings = `THREW ${(err as Error).message}`
    }
    const s = (performance.now() - t0) / 1000
    let floor = ''
    if (withFloor && format === 'markdown') {
      const f0 = performance.now()
      md.parse(text)
      floor = ((performance.now() - f0) / 1000).toFixed(2)
    }
    log(
      `${name.padEnd(14)} ${format.padEnd(9)} ${s.toFixed(2).padStart(7)} ${(s / MB).toFixed(2).padStart(6)} ${floor.padStart(8)} ${findings.padStart(9)} ${String(linter.stats.chunks).padStart(8)} ${String(linter.stats.largestChunk).padStart(13)}  ${c.what}`,
    )
  }
}
