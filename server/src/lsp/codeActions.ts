// Code actions for a finding: the evidence-backed rewrite with its reference
// (preferred), a softened sentence, "cite a source", disable the rule for
// the line, dismiss it as reviewed, turn the rule off in .claimlintrc.yaml;
// and source.fixAll for the few safe fixes. Whole-draft review findings get
// the fixes docFixes gives (a risks section, an off-label statement, other
// options, a "Last reviewed" line, a missing reference), offered once their
// review is exact for the version. Actions are listed without edits;
// codeAction/resolve computes the edit for the version the action was listed
// for, and refuses if the draft changed since.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import {
  CreateFile,
  TextDocumentEdit,
  TextEdit,
  type CodeAction,
  type CodeActionParams,
  type Command,
  type WorkspaceEdit,
} from 'vscode-languageserver/node.js'
import { TextDocument } from 'vscode-languageserver-textdocument'
import { fixesFor, type Fix, type FixKind } from '../engine/rewrite/suggestions.js'
import { bibliographyText } from '../cli/bibliography.js'
import { dirname } from 'node:path'
import { ruleOffConfigText, safeFixes, suppressionEdit, type TextEdit as EngineEdit } from '../engine/fixes.js'
import type { Finding } from '../engine/types.js'
import type { DocFix } from '../engine/review/index.js'
import type { ServerContext } from './context.js'
import { toDiagnostic, toReviewDiagnostic } from './diagnostics.js'
import { DISMISS_COMMAND, dismissible, type DismissArgs } from './dismiss.js'
import { isInside, uriToPath } from './workspaceFiles.js'

export const KIND = {
  rewrite: 'quickfix.claimlint.rewrite',
  cite: 'quickfix.claimlint.cite',
  soften: 'quickfix.claimlint.soften',
  disableLine: 'quickfix.claimlint.disableLine',
  dismiss: 'quickfix.claimlint.dismiss',
  ruleOff: 'quickfix.claimlint.ruleOff',
  fixAll: 'source.fixAll.claimlint',
  /** A whole-draft review fix (ActionData.fix says which). */
  review: 'quickfix.claimlint.review',
} as const

export type ActionName = keyof typeof KIND
export const ACTION_KINDS: readonly string[] = Object.values(KIND)

export const STALE_REASON = 'The draft changed; ask for fixes again.'
const GONE = 'The finding is gone; ask for fixes again.'

/** What resolve needs: which draft, at which version, which finding. */
export interface ActionData {
  action: ActionName
  uri: string
  version: number
  ruleId?: string
  start?: number
  end?: number
  sentenceStart?: number
  sentenceEnd?: number
  /** For `review`: the DocFix kind. */
  fix?: string
}

const shorten = (s: string, n: number): string => {
  const one = s.replace(/\s+/g, ' ').trim()
  return one.length > n ? `${one.slice(0, n - 1)}…` : one
}

/** Whether `kind` is asked for by the request's `only` filter. */
const wanted = (only: readonly string[] | undefined, kind: string): boolean => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`))

export function dismissCommand(data: ActionData): Command {
  const args: DismissArgs = { uri: data.uri, version: data.version, ruleId: data.ruleId ?? '', start: data.start ?? 0, end: data.end ?? 0 }
  return { title: 'Dismiss as reviewed', command: DISMISS_COMMAND, arguments: [args] }
}

export async function listCodeActions(ctx: ServerContext, params: CodeActionParams): Promise<CodeAction[]> {
  const doc = ctx.documents.get(params.textDocument.uri)
  if (!doc) return []
  const linted = await ctx.lints.current(doc)
  // Changed while linting: the client asks again for the new version.
  if (ctx.documents.get(doc.uri)?.version !== linted.version) return []
  const snap = linted.snapshot
  const text = snap.getText()
  const from = snap.offsetAt(params.range.start)
  const to = snap.offsetAt(params.range.end)
  const only = params.context.only
  const actions: CodeAction[] = []
  const rulesOffered = new Set<string>()
  const dataFor = (action: ActionName, f: Finding): ActionData => ({
    action,
    uri: doc.uri,
    version: linted.version,
    ruleId: f.ruleId,
    start: f.start,
    end: f.end,
    sentenceStart: f.sentence.start,
    sentenceEnd: f.sentence.end,
  })

  for (const f of linted.findings) {
    if (f.start > to || f.end < from) continue
    const diagnostics = [toDiagnostic(f)]
    if (wanted(only, KIND.rewrite) || wanted(only, KIND.soften) || wanted(only, KIND.cite)) {
      // Evidence-backed rewrite first (preferred), then soften, then cite a source.
      for (const fix of fixesFor(text, f, { format: linted.format, ruleSet: linted.ruleSet, evidence: linted.evidence, citationStyle: linted.citationStyle })) {
        const name = ACTION_OF[fix.kind]
        if (!wanted(only, KIND[name])) continue
        actions.push({ title: fix.title, kind: KIND[name], diagnostics, isPreferred: fix.preferred, data: dataFor(name, f) })
      }
    }
    if (wanted(only, KIND.disableLine)) {
      actions.push({ title: `Disable ${f.ruleId} for this line (give a reason)`, kind: KIND.disableLine, diagnostics, data: dataFor('disableLine', f) })
    }
    if (wanted(only, KIND.dismiss) && uriToPath(doc.uri)) {
      const data = dataFor('dismiss', f)
      actions.push({ title: `Dismiss "${shorten(f.actual, 40)}" as reviewed (${f.ruleId})`, kind: KIND.dismiss, diagnostics, command: dismissCommand(data), data })
    }
    if (wanted(only, KIND.ruleOff) && !rulesOffered.has(f.ruleId)) {
      rulesOffered.add(f.ruleId)
      actions.push({ title: `Turn off ${f.ruleId} in .claimlintrc.yaml`, kind: KIND.ruleOff, diagnostics, data: dataFor('ruleOff', f) })
    }
  }
  const review = linted.review
  if (review?.exact && (wanted(only, KIND.review) || wanted(only, KIND.dismiss))) {
    // At most one preferred action, a claim's first: an editor auto-applies only a single preferred one.
    let preferredTaken = actions.some((a) => a.isPreferred)
    for (const f of review.findings) {
      if (f.start > to || f.end < from) continue
      const diagnostics = [toReviewDiagnostic(f, linted.version)]
      if (wanted(only, KIND.review)) {
        for (const fix of review.fixes(f)) {
          const data: ActionData = { action: 'review', uri: doc.uri, version: linted.version, ruleId: f.ruleId, start: f.start, end: f.end, fix: fix.kind }
          const isPreferred = fix.preferred && !preferredTaken
          preferredTaken ||= isPreferred
          actions.push({ title: fix.title, kind: KIND.review, diagnostics, isPreferred, data })
        }
      }
      // A reviewer may accept what the review asks for (a handout that names no author, say), with a reason.
      if (wanted(only, KIND.dismiss) && uriToPath(doc.uri)) {
        const data: ActionData = { action: 'dismiss', uri: doc.uri, version: linted.version, ruleId: f.ruleId, start: f.start, end: f.end }
        actions.push({ title: `Dismiss ${f.ruleId} as reviewed`, kind: KIND.dismiss, diagnostics, command: dismissCommand(data), data })
      }
    }
  }
  if (wanted(only, KIND.fixAll) && safeFixes(text, linted.findings).length > 0) {
    actions.push({ title: 'Fix all safe claimlint problems', kind: KIND.fixAll, data: { action: 'fixAll', uri: doc.uri, version: linted.version } satisfies ActionData })
  }
  // A client that cannot resolve edits lazily gets them now.
  if (!ctx.features.resolveEdit) return Promise.all(actions.map((a) => resolveCodeAction(ctx, a)))
  return actions
}

const disabled = (action: CodeAction, reason: string): CodeAction => ({ ...action, edit: undefined, disabled: { reason } })

function isActionData(d: unknown): d is ActionData {
  if (typeof d !== 'object' || d === null) return false
  const x = d as Record<string, unknown>
  return typeof x.uri === 'string' && typeof x.version === 'number' && typeof x.action === 'string' && x.action in KIND
}

export async function resolveCodeAction(ctx: ServerContext, action: CodeAction): Promise<CodeAction> {
  const data = action.data
  if (!isActionData(data)) return action
  const doc = ctx.documents.get(data.uri)
  if (!doc || doc.version !== data.version) return disabled(action, STALE_REASON)
  const linted = await ctx.lints.current(doc)
  if (linted.version !== data.version || ctx.documents.get(data.uri)?.version !== data.version) return disabled(action, STALE_REASON)
  const snap = linted.snapshot
  const text = snap.getText()

  if (data.action === 'fixAll') return { ...action, edit: draftEdit(ctx, snap, safeFixes(text, linted.findings)) }
  if (data.action === 'review') {
    // The same version's review: a newer configuration may have made it anew, not yet run.
    if (!linted.review?.exact) return disabled(action, STALE_REASON)
    const finding = linted.review.find(data.ruleId, data.start, data.end)
    if (!finding) return disabled(action, GONE)
    const fix = linted.review.fixes(finding).find((x) => x.kind === data.fix)
    return fix ? { ...action, edit: fixEdit(ctx, snap, fix) } : disabled(action, 'This fix no longer applies; ask for fixes again.')
  }

  // A claim or a review finding: the command records either.
  if (data.action === 'dismiss') return dismissible(linted, data.ruleId, data.start, data.end) ? { ...action, command: dismissCommand(data) } : disabled(action, GONE)
  const f = linted.findings.find((x) => x.ruleId === data.ruleId && x.start === data.start && x.end === data.end)
  if (!f) return disabled(action, GONE)
  switch (data.action) {
    case 'rewrite':
    case 'soften':
    case 'cite': {
      const fix = fixesFor(text, f, { format: linted.format, ruleSet: linted.ruleSet, evidence: linted.evidence, citationStyle: linted.citationStyle }).find((x) => ACTION_OF[x.kind] === data.action)
      return fix ? { ...action, edit: fixEdit(ctx, snap, fix) } : disabled(action, 'This fix no longer applies; ask for fixes again.')
    }
    case 'disableLine':
      return { ...action, edit: draftEdit(ctx, snap, [suppressionEdit(text, f, linted.format)]) }
    case 'ruleOff':
      try {
        return { ...action, edit: ruleOffEdit(ctx, doc.uri, f.ruleId) }
      } catch (err) {
        return disabled(action, err instanceof Error ? err.message : String(err))
      }
  }
}

const ACTION_OF: Record<FixKind, 'rewrite' | 'soften' | 'cite'> = { evidence: 'rewrite', soften: 'soften', cite: 'cite' }

/** A fix's edits to the draft, plus its entries in a pandoc bibliography file the draft names. */
function fixEdit(ctx: ServerContext, snap: TextDocument, fix: Pick<Fix | DocFix, 'edits' | 'files'>): WorkspaceEdit {
  const edit = draftEdit(ctx, snap, fix.edits)
  const draftPath = uriToPath(snap.uri)
  if (!fix.files?.length || !draftPath || !edit.documentChanges) return edit
  for (const f of fix.files) {
    const path = join(dirname(draftPath), f.path)
    const uri = pathToFileURL(path).href
    const open = ctx.documents.get(uri)
    const existing = open ? open.getText() : existsSync(path) ? readFileSync(path, 'utf8') : undefined
    const next = bibliographyText(existing, f.entries, path)
    if (next === existing) continue
    if (existing === undefined) {
      edit.documentChanges.push(CreateFile.create(uri, { ignoreIfExists: true }), TextDocumentEdit.create({ uri, version: null }, [TextEdit.insert({ line: 0, character: 0 }, next)]))
    } else {
      const whole = TextDocument.create(uri, 'json', 0, existing)
      edit.documentChanges.push(TextDocumentEdit.create({ uri, version: open ? open.version : null }, [TextEdit.replace({ start: { line: 0, character: 0 }, end: whole.positionAt(existing.length) }, next)]))
    }
  }
  return edit
}

/** Edits to the draft, tied to the version they were computed on. */
function draftEdit(ctx: ServerContext, snap: TextDocument, edits: readonly EngineEdit[]): WorkspaceEdit {
  const lsp = edits.map((e) => TextEdit.replace({ start: snap.positionAt(e.start), end: snap.positionAt(e.end) }, e.newText))
  if (ctx.features.documentChanges) return { documentChanges: [TextDocumentEdit.create({ uri: snap.uri, version: snap.version }, lsp)] }
  return { changes: { [snap.uri]: lsp } }
}

/** The config that applies to the draft if it lies in the workspace, else <workspace root>/.claimlintrc.yaml. */
export function ruleOffTarget(ctx: ServerContext, draftUri: string): string {
  const path = uriToPath(draftUri)
  const root = ctx.files.rootFor(path)
  const applying = ctx.files.configFileFor(ctx.files.dirFor(path))
  return applying && isInside(root, applying) ? applying : join(root, '.claimlintrc.yaml')
}

function ruleOffEdit(ctx: ServerContext, draftUri: string, ruleId: string): WorkspaceEdit {
  const target = ruleOffTarget(ctx, draftUri)
  const uri = pathToFileURL(target).href
  const open = ctx.documents.get(uri)
  const existing = open ? open.getText() : existsSync(target) ? readFileSync(target, 'utf8') : undefined
  const newText = ruleOffConfigText(existing, ruleId)
  if (existing === undefined) {
    if (!ctx.features.documentChanges || !ctx.features.createFile) throw new Error(`The editor cannot create ${target}; add "rules: { ${ruleId}: off }" to it by hand.`)
    // No overwrite: if the file appeared meanwhile, the client refuses the whole edit.
    return { documentChanges: [CreateFile.create(uri), TextDocumentEdit.create({ uri, version: null }, [TextEdit.insert({ line: 0, character: 0 }, newText)])] }
  }
  const whole = TextDocument.create(uri, 'yaml', 0, existing)
  const edit = TextEdit.replace({ start: { line: 0, character: 0 }, end: whole.positionAt(existing.length) }, newText)
  if (ctx.features.documentChanges) return { documentChanges: [TextDocumentEdit.create({ uri, version: open ? open.version : null }, [edit])] }
  return { changes: { [uri]: [edit] } }
}
