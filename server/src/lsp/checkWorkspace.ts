// claimlint/checkWorkspace: lint every draft (*.md, *.markdown, *.txt) under
// the workspace folders, with work-done progress and cancellation. Open
// drafts are linted as the editor holds them; the others are read from disk
// (binary and oversized files skipped, as the CLI does) and their
// diagnostics published.
import { fastGlob } from '../engine/lazy.js'
import { pathToFileURL } from 'node:url'
import type { CancellationToken, ProgressToken, WorkDoneProgressReporter } from 'vscode-languageserver/node.js'
import type { TextDocument } from 'vscode-languageserver-textdocument'
import { DRAFT_GLOB, readDraft, type Draft } from '../cli/inputs.js'
import type { ServerContext } from './context.js'
import type { DraftLint } from './draftLint.js'
import { toDiagnostics } from './diagnostics.js'
import { uriToPath } from './workspaceFiles.js'

export const CHECK_WORKSPACE_REQUEST = 'claimlint/checkWorkspace'
export const CHECK_WORKSPACE_COMMAND = 'claimlint.checkWorkspace'

const IGNORE = ['**/node_modules/**', '**/.git/**']

export interface CheckWorkspaceResult {
  /** Drafts linted. */
  files: number
  /** Findings in them. */
  findings: number
  /** Drafts skipped (binary, too large, unreadable). */
  skipped: number
  cancelled: boolean
}

export async function listDrafts(folders: readonly string[]): Promise<string[]> {
  const all = new Set<string>()
  for (const cwd of folders) {
    try {
      for (const p of await fastGlob()(DRAFT_GLOB, { cwd, absolute: true, onlyFiles: true, ignore: IGNORE, followSymbolicLinks: false, suppressErrors: true })) all.add(p)
    } catch {
      // A folder that vanished has no drafts.
    }
  }
  return [...all].sort()
}

const DRAFT_EXT = /\.(md|markdown|txt)$/i
const IGNORED_DIR = /[\\/](node_modules|\.git)[\\/]/

function isWorkspaceDraft(ctx: ServerContext, path: string): boolean {
  const folder = ctx.files.folderFor(path)
  return folder !== undefined && DRAFT_EXT.test(path) && !IGNORED_DIR.test(path.slice(folder.length))
}

const yieldToEvents = (): Promise<void> => new Promise((r) => setImmediate(r))

/**
 * Progress for a long request: the client's token if it sent one
 * (params.workDoneToken), else one the server creates when the client allows
 * it, else none. `token` is cancelled when the user cancels the progress.
 */
export async function workDoneProgress(ctx: ServerContext, workDoneToken: ProgressToken | undefined): Promise<{ reporter: WorkDoneProgressReporter; token?: CancellationToken }> {
  if (workDoneToken !== undefined) return { reporter: ctx.connection.window.attachWorkDoneProgress(workDoneToken) }
  if (ctx.features.workDoneProgress) {
    try {
      const reporter = await ctx.connection.window.createWorkDoneProgress()
      return { reporter, token: reporter.token }
    } catch (err) {
      ctx.log.warn(`claimlint: cannot show progress: ${err instanceof Error ? err.message : String(err)}`)
    }
  }
  return { reporter: ctx.connection.window.attachWorkDoneProgress(undefined) }
}

/** Lint the workspace's drafts; stops early (cancelled: true) when any token is cancelled. */
export async function checkWorkspace(ctx: ServerContext, tokens: readonly (CancellationToken | undefined)[], progress: WorkDoneProgressReporter): Promise<CheckWorkspaceResult> {
  const result: CheckWorkspaceResult = { files: 0, findings: 0, skipped: 0, cancelled: false }
  progress.begin('claimlint: checking the workspace', 0, 'Finding drafts…', true)
  try {
    const open = new Map<string, TextDocument>()
    for (const d of ctx.documents.all()) {
      const p = uriToPath(d.uri)
      if (p) open.set(p, d)
    }
    // Drafts on disk, and open drafts in the workspace not saved yet.
    const found = new Set(await listDrafts(ctx.files.folders))
    for (const p of open.keys()) if (isWorkspaceDraft(ctx, p)) found.add(p)
    const paths = [...found].sort()
    for (let i = 0; i < paths.length; i++) {
      if (tokens.some((t) => t?.isCancellationRequested)) {
        result.cancelled = true
        break
      }
      const path = paths[i]
      const got = await lintWorkspaceDraft(ctx, path, open)
      if ('skipped' in got) {
        result.skipped++
        ctx.log.info(`claimlint: skipped ${path}: ${got.skipped}`)
      } else {
        // An open draft has its diagnostics already; a file from disk gets them now.
        if (got.fromDisk) ctx.publish(got.linted.uri, undefined, toDiagnostics(got.linted.findings))
        result.files++
        result.findings += got.linted.findings.length
      }
      progress.report(Math.round(((i + 1) / paths.length) * 100), `${i + 1}/${paths.length} drafts`)
      // Let cancellation and edits in between files.
      await yieldToEvents()
    }
    ctx.log.info(`claimlint: workspace check${result.cancelled ? ' (cancelled)' : ''}: ${result.files} drafts, ${result.findings} findings, ${result.skipped} skipped`)
    return result
  } finally {
    progress.done()
  }
}

/**
 * One workspace draft as the editor has it (when open) or as it is on disk:
 * its lint and text, or why it was skipped (too large, binary, unreadable).
 * Shared by the workspace check and the workspace review report.
 */
export async function lintWorkspaceDraft(
  ctx: ServerContext,
  path: string,
  open: ReadonlyMap<string, TextDocument>,
): Promise<{ linted: DraftLint; text: string; fromDisk: boolean } | { skipped: string }> {
  const doc = open.get(path)
  if (doc) {
    const linted = await ctx.lints.current(doc)
    return { linted, text: linted.snapshot.getText(), fromDisk: false }
  }
  const uri = pathToFileURL(path).href
  const eff = await ctx.linter.effective(uri)
  let draft: Draft
  try {
    draft = readDraft(path, eff.maxFileSize)
  } catch (err) {
    draft = { skipped: `cannot read: ${err instanceof Error ? err.message : String(err)}` }
  }
  if ('skipped' in draft) return draft
  return { linted: await ctx.linter.lint({ uri, text: draft.text }), text: draft.text, fromDisk: true }
}
