// The JSON contract: [{ file, findings: Finding[] }], offsets in UTF-16 code
// units. Only these two keys per file, so consumers can rely on the shape.
import type { Formatter } from './types.js'

export const json: Formatter = (results) => JSON.stringify(results.map((r) => ({ file: r.file, findings: r.findings }))) + '\n'
