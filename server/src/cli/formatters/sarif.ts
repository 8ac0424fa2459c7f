// SARIF 2.1.0 for code-scanning services: one run, the rules that produced
// results, and regions in UTF-16 columns (SARIF's default column kind).
import { isAbsolute, relative, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ruleDocsUrl } from '../../engine/lint.js'
import { DOC_RULES } from '../../engine/review/index.js'
import type { Severity } from '../../engine/types.js'
import type { AnyFinding, FileResult, Formatter } from './types.js'

/** The whole-draft review's checks by id: they are not pack rules, so ctx.rules does not hold them. */
const DOC_RULE = new Map(DOC_RULES.map((r) => [r.id, r]))

type Level = 'error' | 'warning' | 'note'
const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'note' }
const BASE = 'SRCROOT'

/** Relative to the working folder when inside it (portable across checkouts), else a file URL. */
function artifactLocation(r: FileResult, cwd: string): { uri: string; uriBaseId?: string } {
  if (!r.abs) return { uri: encodeURIComponent(r.file) }
  const rel = relative(cwd, r.abs)
  if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: BASE }
  return { uri: pathToFileURL(r.abs).href }
}

export const sarif: Formatter = (results, ctx) => {
  const descriptors: object[] = []
  const index = new Map<string, number>()
  const ruleIndex = (f: AnyFinding): number => {
    let i = index.get(f.ruleId)
    if (i === undefined) {
      const rule = ctx.rules.get(f.ruleId)
      const check = rule ? undefined : DOC_RULE.get(f.ruleId)
      i = descriptors.length
      index.set(f.ruleId, i)
      descriptors.push({
        id: f.ruleId,
        name: f.ruleId.split('/')[1],
        shortDescription: { text: rule?.summary ?? check?.summary ?? f.ruleId },
        fullDescription: { text: rule?.message ?? check?.summary ?? f.message },
        helpUri: f.url || ruleDocsUrl(f.ruleId),
        defaultConfiguration: { level: LEVEL[rule?.severity ?? check?.severity ?? f.severity] },
        properties: { category: f.category, pack: f.pack },
      })
    }
    return i
  }
  const sarifResults = results.flatMap((r) => {
    const artifact = artifactLocation(r, ctx.cwd)
    return r.findings.map((f) => ({
      ruleId: f.ruleId,
      ruleIndex: ruleIndex(f),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifact,
            region: {
              startLine: f.line,
              startColumn: f.column,
              endLine: f.endLine,
              endColumn: f.endColumn,
              charOffset: f.start,
              charLength: f.end - f.start,
            },
          },
        },
      ],
      properties: { category: f.category },
    }))
  })
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'claimlint', version: ctx.version, semanticVersion: ctx.version, rules: descriptors } },
        originalUriBaseIds: { [BASE]: { uri: pathToFileURL(ctx.cwd).href.replace(/\/?$/, '/') } },
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
      },
    ],
  }
  return JSON.stringify(log, null, 2) + '\n'
}
