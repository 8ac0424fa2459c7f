// Human output in the style of eslint's "stylish": findings grouped per file,
// `line:col  severity  message  ruleId`, then a one-line summary.
import type { Severity } from '../../engine/types.js'
import type { Formatter } from './types.js'

const ANSI = { red: 31, yellow: 33, blue: 34, dim: 2, underline: 4, bold: 1 } as const

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

export const stylish: Formatter = (results, ctx) => {
  const paint = (code: keyof typeof ANSI, s: string): string => (ctx.color ? `\u001b[${ANSI[code]}m${s}\u001b[0m` : s)
  const sevColor: Record<Severity, keyof typeof ANSI> = { error: 'red', warning: 'yellow', info: 'blue' }
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 }
  const out: string[] = []
  for (const r of results) {
    if (r.findings.length === 0) continue
    out.push(paint('underline', r.file))
    const pos = r.findings.map((f) => `${f.line}:${f.column}`)
    const posWidth = Math.max(...pos.map((p) => p.length))
    const sevWidth = Math.max(...r.findings.map((f) => f.severity.length))
    r.findings.forEach((f, i) => {
      counts[f.severity]++
      const sev = paint(sevColor[f.severity], f.severity.padEnd(sevWidth))
      out.push(`  ${paint('dim', pos[i].padEnd(posWidth))}  ${sev}  ${f.message}  ${paint('dim', f.ruleId)}`)
    })
    out.push('')
  }
  const total = counts.error + counts.warning + counts.info
  if (total === 0) return ''
  const summary = `\u2716 ${plural(total, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info)`
  out.push(paint('bold', paint(counts.error > 0 ? 'red' : 'yellow', summary)))
  return out.join('\n') + '\n'
}
