// Everything the handlers share, built once on initialize.
import { DiagnosticRefreshRequest, type Connection, type Diagnostic, type InitializeParams, type TextDocuments } from 'vscode-languageserver/node.js'
import type { TextDocument } from 'vscode-languageserver-textdocument'
import { clientFeatures, initOptions, type ClientFeatures, type InitOptions } from './capabilities.js'
import type { LintDiagnostics } from './diagnostics.js'
import { DraftLinter } from './draftLint.js'
import { LintDocuments } from './lintDocuments.js'
import { connectionLogger, type Logger } from './log.js'
import { ProblemReporter } from './problems.js'
import { SettingsStore } from './settings.js'
import { WorkspaceFiles } from './workspaceFiles.js'

export interface ServerContext {
  connection: Connection
  documents: TextDocuments<TextDocument>
  features: ClientFeatures
  options: InitOptions
  files: WorkspaceFiles
  settings: SettingsStore
  problems: ProblemReporter
  linter: DraftLinter
  lints: LintDocuments
  log: Logger
  publish(uri: string, version: number | undefined, diagnostics: Diagnostic[] | LintDiagnostics): void
}

export function createContext(connection: Connection, documents: TextDocuments<TextDocument>, params: InitializeParams): ServerContext {
  const features = clientFeatures(params.capabilities)
  const options = initOptions(params)
  const log = connectionLogger(connection)
  const files = new WorkspaceFiles()
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : [])
  files.setFolders(folders)
  const settings = new SettingsStore(connection, features.configuration, (m) => log.warn(m))
  const problems = new ProblemReporter(connection, log)
  const linter = new DraftLinter(settings, files, problems, log)
  const publish = (uri: string, version: number | undefined, diagnostics: Diagnostic[] | LintDiagnostics): void => {
    // A LintDiagnostics is written as JSON by the stream writer (wire.ts), or made into objects by toJSON.
    void connection.sendDiagnostics({ uri, version, diagnostics: diagnostics as Diagnostic[] }).catch((err: unknown) => log.error(`claimlint: cannot publish diagnostics: ${String(err)}`))
  }
  const lints = new LintDocuments({
    documents,
    linter,
    debounceMs: options.debounceMs,
    pull: features.pullDiagnostics,
    publish,
    refresh: () => {
      if (features.diagnosticRefresh) connection.sendRequest(DiagnosticRefreshRequest.type).catch((err: unknown) => log.warn(`claimlint: diagnostics refresh failed: ${String(err)}`))
    },
    log,
  })
  return { connection, documents, features, options, files, settings, problems, linter, lints, log, publish }
}
