// scripts/ascii.mjs makes the bundles pure ASCII (they load faster): the
// escaped code behaves the same, and its source map still points each
// piece of code at the line and column it came from.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { SourceMap } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { afterAll, describe, expect, it } from 'vitest'

const repo = join(import.meta.dirname, '..', '..')
const { asciiOnly } = (await import(pathToFileURL(join(repo, 'scripts', 'ascii.mjs')).href)) as { asciiOnly: (file: string) => number }

const dir = mkdtempSync(join(tmpdir(), 'claimlint-ascii-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const SOURCE = [
  'export const dash = /[–—]/',
  "export const quotes = (s) => s.replace(/[’‘]/g, \"'\")",
  'export const accent = /\\é|ü/',
  "export const label = 'naïve'",
  "export const marker = () => 'after the escapes'",
  '',
].join('\n')

describe('asciiOnly', () => {
  it('escapes regular expressions, strings and all, keeps their meaning, and keeps the source map right', async () => {
    // Minified into one line, as the bundles are: escapes shift what follows them on the line.
    writeFileSync(join(dir, 'source.js'), SOURCE)
    const out = join(dir, 'out.mjs')
    await build({ entryPoints: [join(dir, 'source.js')], outfile: out, format: 'esm', minifyWhitespace: true, sourcemap: true, logLevel: 'silent' })
    const before = readFileSync(out, 'utf8')
    const mapBefore = new SourceMap(JSON.parse(readFileSync(`${out}.map`, 'utf8')))
    expect(before).toMatch(/[^\x00-\x7f]/)

    expect(asciiOnly(out)).toBeGreaterThan(0)
    const after = readFileSync(out, 'utf8')
    expect(after).not.toMatch(/[^\x00-\x7f]/)
    const m = (await import(pathToFileURL(out).href)) as { dash: RegExp; quotes: (s: string) => string; accent: RegExp; label: string }
    expect(m.dash.test('1–2') && m.dash.test('1—2') && !m.dash.test('1-2')).toBe(true)
    expect(m.quotes('‘hi’')).toBe("'hi'")
    expect(m.accent.test('é') && m.accent.test('ü') && !m.accent.test('e')).toBe(true)
    expect(m.label).toBe('naïve')

    // The code after the escapes maps to the same place in the source as before.
    const mapAfter = new SourceMap(JSON.parse(readFileSync(`${out}.map`, 'utf8')))
    const at = (code: string, text: string): { line: number; column: number } => {
      const lines = code.split('\n')
      const line = lines.findIndex((l) => l.includes(text))
      return { line, column: lines[line].indexOf(text) }
    }
    const old = at(before, 'after the escapes')
    const now = at(after, 'after the escapes')
    expect(now.column).toBeGreaterThan(old.column)
    const origin = (e: ReturnType<SourceMap['findEntry']>): unknown => ('originalLine' in e ? [e.originalSource, e.originalLine, e.originalColumn] : undefined)
    const was = origin(mapBefore.findEntry(old.line, old.column))
    expect(origin(mapAfter.findEntry(now.line, now.column))).toEqual(was)
    expect(was).toEqual([expect.stringContaining('source.js'), 4, expect.any(Number)])
  })

  it('leaves a file that is already ASCII as it is', () => {
    const file = join(dir, 'plain.mjs')
    writeFileSync(file, 'export const x = /[-]/\n')
    expect(asciiOnly(file)).toBe(0)
    expect(readFileSync(file, 'utf8')).toBe('export const x = /[-]/\n')
  })
})
