import type { DocFinding, Finding } from '../../engine/types.js'
import type { Rule } from '../../engine/packs/load.js'

/** A claim finding, or a whole-draft review finding (same fields, a document category). */
export type AnyFinding = Finding | DocFinding

export interface FileResult {
  /** The path as given on the command line (or the stdin name). */
  file: string
  /** Absolute path, when the draft has one. */
  abs?: string
  findings: AnyFinding[]
}

export interface FormatContext {
  cwd: string
  version: string
  /** Every loaded rule by id, for formats that describe rules (SARIF); review checks come from DOC_RULES. */
  rules: ReadonlyMap<string, Rule>
  color: boolean
}

export type Formatter = (results: readonly FileResult[], ctx: FormatContext) => string
