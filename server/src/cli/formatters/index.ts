import type { OutputFormat } from '../args.js'
import { json } from './json.js'
import { sarif } from './sarif.js'
import { stylish } from './stylish.js'
import type { Formatter } from './types.js'

export const formatters: Record<OutputFormat, Formatter> = { stylish, json, sarif }
export type { AnyFinding, FileResult, FormatContext, Formatter } from './types.js'
