// "Dismiss as reviewed": record the finding in .claimlint/reviews.yaml (the
// nearest one above the draft, else <workspace root>/.claimlint/reviews.yaml)
// and lint again so the diagnostic goes away. Refuses if the draft changed
// since the action was offered.
import { relative, sep } from 'node:path'
import { LSPErrorCodes, ErrorCodes, MessageType, ResponseError, ShowMessageNotification } from 'vscode-languageserver/node.js'
import { addDismissal, dismissalFor, whoAmI, type Dismissal } from '../engine/reviews.js'
import type { ServerContext } from './context.js'
import type { DraftLint } from './draftLint.js'
import type { DocFinding, Finding } from '../engine/types.js'
import { uriToPath } from './workspaceFiles.js'

export const DISMISS_COMMAND = 'claimlint.dismiss'
export const DEFAULT_REASON = 'Reviewed: reason not given'
const STALE = 'The draft changed; ask for fixes again.'

export interface DismissArgs {
  uri: string
  version: number
  ruleId: string
  start: number
  end: number
  reason?: string
}

export interface DismissResult {
  dismissed: true
  /** The reviews file written. */
  path: string
  dismissal: Dismissal
}

/** Arguments as the command carries them: [{uri, version, ruleId, start, end, reason?}] or [{...}, reason]. */
export function parseDismissArgs(args: readonly unknown[] | undefined): DismissArgs {
  const a = (args?.[0] ?? {}) as Record<string, unknown>
  const ok = typeof a.uri === 'string' && typeof a.version === 'number' && typeof a.ruleId === 'string' && typeof a.start === 'number' && typeof a.end === 'number'
  if (!ok) throw new ResponseError(ErrorCodes.InvalidParams, `${DISMISS_COMMAND}: expected [{uri, version, ruleId, start, end, reason?}]`)
  const reason = typeof a.reason === 'string' ? a.reason : typeof args?.[1] === 'string' ? args[1] : undefined
  return { uri: a.uri as string, version: a.version as number, ruleId: a.ruleId as string, start: a.start as number, end: a.end as number, reason }
}

const today = (): string => {
  const d = new Date()
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

const reviewers = new Map<string, string>()
const reviewer = (root: string): string => {
  let who = reviewers.get(root)
  if (who === undefined) reviewers.set(root, (who = whoAmI(root)))
  return who
}

/**
 * The finding a dismissal is for: a claim, or a whole-draft review finding
 * (once the review is exact for this version: a carried-over one may be
 * gone). Both are recorded alike (rule, text, hash of the text it points at).
 */
export function dismissible(linted: Pick<DraftLint, 'findings' | 'review'>, ruleId: string | undefined, start: number | undefined, end: number | undefined): Finding | DocFinding | undefined {
  const claim = linted.findings.find((f) => f.ruleId === ruleId && f.start === start && f.end === end)
  if (claim) return claim
  return linted.review?.exact ? linted.review.find(ruleId, start, end) : undefined
}

export async function dismiss(ctx: ServerContext, args: DismissArgs): Promise<DismissResult> {
  const doc = ctx.documents.get(args.uri)
  if (!doc || doc.version !== args.version) throw new ResponseError(LSPErrorCodes.ContentModified, STALE)
  const linted = await ctx.lints.current(doc)
  if (linted.version !== args.version) throw new ResponseError(LSPErrorCodes.ContentModified, STALE)
  const finding = dismissible(linted, args.ruleId, args.start, args.end)
  if (!finding) throw new ResponseError(LSPErrorCodes.ContentModified, 'The finding is gone; ask for fixes again.')
  const path = uriToPath(args.uri)
  if (!path) throw new ResponseError(ErrorCodes.InvalidRequest, 'Save the draft in the workspace first: dismissals are kept in .claimlint/reviews.yaml next to it.')
  const target = ctx.files.reviewsTarget(path)
  const file = relative(target.root, path).split(sep).join('/')
  const reason = args.reason?.trim() || DEFAULT_REASON
  const dismissal = dismissalFor(finding, linted.snapshot.getText(), file, reason, reviewer(target.root), today())
  try {
    addDismissal(target.path, dismissal)
  } catch (err) {
    const message = `claimlint: cannot dismiss: ${err instanceof Error ? err.message : String(err)}`
    ctx.log.error(message)
    void ctx.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Error, message })
    throw new ResponseError(LSPErrorCodes.RequestFailed, message)
  }
  ctx.log.info(`claimlint: dismissed ${finding.ruleId} "${dismissal.claim}" in ${file} (${target.path})`)
  ctx.files.reviewsWritten(target.path)
  ctx.problems.forgetFile(target.path)
  ctx.lints.relintAll()
  return { dismissed: true, path: target.path, dismissal }
}
