// V8 settings for claimlint's own processes: the language server and the CLI
// (its worker threads share the process's flags). Imported first by each
// entry point, before any draft is parsed; the engine itself sets nothing, so
// a program that embeds it keeps its own settings.
//
// No allocation-site pretenuring: after a first lint, V8 sees that most
// tokenizer nodes and tokens of a draft outlive a young-generation collection
// and starts allocating them straight into the old generation, where they
// die soon after anyway (a draft's sentences are dropped once linted), so
// every lint then pays for full collections. Turned off, GC per lint of the
// 28 dev drafts fell from about 11 to 3 ms, and the median lint from 40-51 to
// 27-29 ms (plain text) in one run of each on this machine.
import { setFlagsFromString } from 'node:v8'

setFlagsFromString('--no-allocation-site-pretenuring')
