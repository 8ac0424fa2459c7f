// The other prose linters the benchmark runs on the same text, set up once:
// alex, write-good, textlint (write-good and max-comma rules, the common
// set from bench/textlintrc.json) and harper.js (WASM). A peer that fails to
// load is left out with a message.
import { join, resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Format } from '../server/src/engine/types.js'

export type Run = (text: string, format: Format) => unknown

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const log = (s: string): void => {
  process.stderr.write(`${s}\n`)
}

export async function peers(only?: string): Promise<Array<{ name: string; run: Run }>> {
  const out: Array<{ name: string; run: Run }> = []
  const load = async (name: string, make: () => Promise<Run>): Promise<void> => {
    if (only !== undefined && name !== only) return
    try {
      out.push({ name, run: await make() })
    } catch (err) {
      log(`bench: ${name} unavailable: ${(err as Error).message}`)
    }
  }
  const dynamic = (spec: string): Promise<any> => import(spec) // eslint-disable-line @typescript-eslint/no-explicit-any
  await load('alex', async () => {
    const alex = await dynamic('alex')
    return (text, format) => (format === 'plaintext' ? alex.text(text) : alex.markdown(text))
  })
  await load('write-good', async () => {
    const writeGood = (await dynamic('write-good')).default
    return (text) => writeGood(text)
  })
  await load('textlint', async () => {
    const { createLinter, loadTextlintrc } = await dynamic('textlint')
    const descriptor = await loadTextlintrc({ configFilePath: join(repo, 'bench', 'textlintrc.json'), node_modulesDir: join(repo, 'node_modules') })
    const linter = createLinter({ descriptor })
    return (text, format) => linter.lintText(text, format === 'plaintext' ? 'draft.txt' : 'draft.md')
  })
  await load('harper.js', async () => {
    const { LocalLinter } = await dynamic('harper.js')
    const { binary } = await dynamic('harper.js/binary')
    const harper = new LocalLinter({ binary })
    await harper.setup()
    return (text, format) => harper.lint(text, { language: format })
  })
  return out
}

