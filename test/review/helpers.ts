// Shared helpers for the whole-draft review tests. Drafts are invented for
// these tests (test/review/drafts/ and inline).
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { reviewDraft, type ReviewConfig, type ReviewSettings } from '../../server/src/engine/review/index.js'
import type { DocFinding, Format } from '../../server/src/engine/types.js'

export const here = resolve(fileURLToPath(new URL('.', import.meta.url)))
export const drafts = join(here, 'drafts')
export const NOW = new Date('2026-11-23T12:00:00Z')

export function draft(name: string): string {
  return readFileSync(join(drafts, name), 'utf8')
}

export function review(text: string, format: Format = 'markdown', config?: ReviewSettings | ReviewConfig): DocFinding[] {
  return reviewDraft(text, { format, config, now: NOW })
}

export const ids = (fs: readonly DocFinding[]): string[] => fs.map((f) => f.ruleId)

export function only(fs: readonly DocFinding[], prefix: string): DocFinding[] {
  return fs.filter((f) => f.ruleId.startsWith(prefix))
}

/** Invented for the review tests (CLI and server): benefits of ketamine and no word on its risks; dated, signed and sourced. */
export const NO_RISKS = `# Ketamine for depression

Last reviewed: 2025-02-01. Written by Lee Park, PharmD; reviewed by Dr. Ana Ruiz, MD.

## How ketamine can help

Ketamine relieves depression within hours for most people who try it.[^clinic2024]

For depression, guidelines advise talk therapy such as CBT first, and antidepressant medicines are an option.

[^clinic2024]: Riverside Clinic. Outcomes of our ketamine service, 2024 summary. 2024.
`
export const BALANCE = 'balance/benefits-without-risks'
