import type { Finding } from '../../engine/types.js'
import type { Rule } from '../../engine/packs/load.js'

export interface FileResult {
  /** The path as given on the command line (or the stdin name). */
  file: string
  /** Absolute path, when the draft has one. */
  abs?: string
  findings: Finding[]
}

export interface FormatContext {
  cwd: string
  version: string
  /** Every loaded rule by id, for formats that describe rules (SARIF). */
  rules: ReadonlyMap<string, Rule>
  color: boolean
}

export type Formatter = (results: readonly FileResult[], ctx: FormatContext) => string
