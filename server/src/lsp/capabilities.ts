// What the client can do (read once from initialize) and what the server
// offers in return.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  CodeActionKind,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type InitializeParams,
  type ServerCapabilities,
} from 'vscode-languageserver/node.js'
import { rulesDir } from '../engine/packs/load.js'
import { COMMANDS } from './commands.js'
import { ACTION_KINDS } from './codeActions.js'

export interface ClientFeatures {
  /** workspace/configuration */
  configuration: boolean
  /** textDocument/diagnostic (pull); otherwise the server publishes. */
  pullDiagnostics: boolean
  /** workspace/diagnostic/refresh */
  diagnosticRefresh: boolean
  watchedFilesDynamic: boolean
  watchedFilesRelativePattern: boolean
  configurationDynamic: boolean
  /** window/workDoneProgress/create */
  workDoneProgress: boolean
  /** Code actions may come back without edits and be resolved later. */
  resolveEdit: boolean
  documentChanges: boolean
  createFile: boolean
  hoverMarkdown: boolean
  workspaceFolders: boolean
}

export function clientFeatures(caps: ClientCapabilities): ClientFeatures {
  const ws = caps.workspace
  const td = caps.textDocument
  return {
    configuration: ws?.configuration === true,
    pullDiagnostics: td?.diagnostic !== undefined,
    diagnosticRefresh: ws?.diagnostics?.refreshSupport === true,
    watchedFilesDynamic: ws?.didChangeWatchedFiles?.dynamicRegistration === true,
    watchedFilesRelativePattern: ws?.didChangeWatchedFiles?.relativePatternSupport === true,
    configurationDynamic: ws?.didChangeConfiguration?.dynamicRegistration === true,
    workDoneProgress: caps.window?.workDoneProgress === true,
    resolveEdit: td?.codeAction?.resolveSupport?.properties.includes('edit') === true,
    documentChanges: ws?.workspaceEdit?.documentChanges === true,
    createFile: ws?.workspaceEdit?.resourceOperations?.includes('create') === true,
    hoverMarkdown: td?.hover?.contentFormat === undefined || td.hover.contentFormat.includes('markdown'),
    workspaceFolders: ws?.workspaceFolders === true,
  }
}

export interface InitOptions {
  /** Delay between the last keystroke and the lint (ms). Tests use 0. */
  debounceMs: number
}

export const DEFAULT_DEBOUNCE_MS = 150

export function initOptions(params: InitializeParams): InitOptions {
  const raw = (params.initializationOptions ?? {}) as Record<string, unknown>
  const d = raw.debounceMs
  return { debounceMs: typeof d === 'number' && Number.isFinite(d) && d >= 0 ? d : DEFAULT_DEBOUNCE_MS }
}

export function serverCapabilities(features: ClientFeatures): ServerCapabilities {
  const caps: ServerCapabilities = {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    hoverProvider: true,
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, ...ACTION_KINDS], resolveProvider: true },
    executeCommandProvider: { commands: [...COMMANDS] },
    workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
  }
  if (features.pullDiagnostics) caps.diagnosticProvider = { identifier: 'claimlint', interFileDependencies: false, workspaceDiagnostics: false }
  return caps
}

let cachedVersion: string | undefined
/** The package version, for serverInfo. */
export function serverVersion(): string {
  if (cachedVersion === undefined) {
    try {
      cachedVersion = (JSON.parse(readFileSync(join(rulesDir(), '..', 'package.json'), 'utf8')) as { version: string }).version
    } catch {
      cachedVersion = '0.0.0'
    }
  }
  return cachedVersion
}
