// claimlint language server: protocol wiring only. Start with
//   node dist/server/src/server.js --stdio     (or --node-ipc, as the VS Code client does)
// The logic lives in lsp/: settings, workspace files, the lint scheduler,
// diagnostics, hover, code actions, commands and the workspace check.
import './v8flags.js'
import {
  DidChangeConfigurationNotification,
  TextDocuments,
  type InitializeResult,
  type WorkDoneProgressParams,
} from 'vscode-languageserver/node.js'
import { TextDocument } from 'vscode-languageserver-textdocument'
import { serverCapabilities, serverVersion } from './lsp/capabilities.js'
import { CHECK_WORKSPACE_REQUEST, checkWorkspace, workDoneProgress } from './lsp/checkWorkspace.js'
import { listCodeActions, resolveCodeAction } from './lsp/codeActions.js'
import { executeCommand } from './lsp/commands.js'
import { createContext, type ServerContext } from './lsp/context.js'
import { pullDiagnostics } from './lsp/diagnostics.js'
import { hover } from './lsp/hover.js'
import { describeError, guardNotification, guardRequest, type Logger } from './lsp/log.js'
import { REVIEW_REPORT_REQUEST, reviewReport, type ReviewReportParams } from './lsp/reviewReport.js'
import { SETTINGS_ORIGIN } from './lsp/settings.js'
import { createServerConnection } from './lsp/transport.js'
import { FileWatching } from './lsp/watchers.js'

const TRANSPORT = /^--(stdio|node-ipc|socket=.+|pipe=.+)$/
if (!process.argv.slice(2).some((a) => TRANSPORT.test(a))) {
  process.stderr.write('usage: claimlint-server --stdio | --node-ipc | --socket=PORT | --pipe=NAME\n(the claimlint language server; editors start it)\n')
  process.exit(2)
}

const connection = createServerConnection()
const documents = new TextDocuments(TextDocument)
let ctx: ServerContext | undefined
let watching: FileWatching | undefined

/** Until initialize, log straight to the connection. */
const fallbackLog: Logger = {
  info: (m) => connection.console.info(m),
  warn: (m) => connection.console.warn(m),
  error: (m) => connection.console.error(m),
  verbose: () => undefined,
  setVerbose: () => undefined,
}
const log = (): Logger => ctx?.log ?? fallbackLog
const lazyLog: Logger = {
  info: (m) => log().info(m),
  warn: (m) => log().warn(m),
  error: (m) => log().error(m),
  verbose: (m) => log().verbose(m),
  setVerbose: (on) => log().setVerbose(on),
}
const need = (): ServerContext => {
  if (!ctx) throw new Error('the server is not initialized')
  return ctx
}

process.on('uncaughtException', (err) => lazyLog.error(`claimlint: uncaught exception: ${describeError(err)}`))
process.on('unhandledRejection', (err) => lazyLog.error(`claimlint: unhandled rejection: ${describeError(err)}`))

connection.onInitialize((params): InitializeResult => {
  ctx = createContext(connection, documents, params)
  const w = new FileWatching(ctx)
  watching = w
  ctx.files.onNewPacks = () => w.update()
  return { capabilities: serverCapabilities(ctx.features), serverInfo: { name: 'claimlint', version: serverVersion() } }
})

connection.onInitialized(
  guardNotification(lazyLog, 'initialized', () => {
    const c = need()
    if (c.features.configurationDynamic) {
      connection.client.register(DidChangeConfigurationNotification.type, { section: 'claimlint' }).catch(() => undefined)
    }
    if (c.features.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(
        guardNotification(lazyLog, 'didChangeWorkspaceFolders', (e) => {
          c.files.changeFolders(
            e.added.map((f) => f.uri),
            e.removed.map((f) => f.uri),
          )
          c.lints.relintAll()
        }),
      )
    }
    watching?.start()
  }),
)

documents.onDidOpen(guardNotification(lazyLog, 'didOpen', (e) => need().lints.opened(e.document)))
documents.onDidChangeContent(guardNotification(lazyLog, 'didChange', (e) => need().lints.changed(e.document)))
documents.onDidClose(
  guardNotification(lazyLog, 'didClose', (e) => {
    need().lints.closed(e.document.uri)
    need().settings.forget(e.document.uri)
  }),
)

connection.onDidChangeConfiguration(
  guardNotification(lazyLog, 'didChangeConfiguration', (params) => {
    const c = need()
    c.settings.changed(params)
    c.problems.forgetFile(SETTINGS_ORIGIN)
    c.lints.relintAll()
  }),
)
connection.onDidChangeWatchedFiles(guardNotification(lazyLog, 'didChangeWatchedFiles', (params) => watching?.changed(params)))

connection.languages.diagnostics.on(guardRequest(lazyLog, 'textDocument/diagnostic', (params) => pullDiagnostics(documents, need().lints, params)))
connection.onHover(guardRequest(lazyLog, 'textDocument/hover', (params) => hover(documents, need().lints, params, need().features.hoverMarkdown)))
connection.onCodeAction(guardRequest(lazyLog, 'textDocument/codeAction', (params) => listCodeActions(need(), params)))
connection.onCodeActionResolve(guardRequest(lazyLog, 'codeAction/resolve', (action) => resolveCodeAction(need(), action)))
connection.onExecuteCommand(guardRequest(lazyLog, 'workspace/executeCommand', (params, token) => executeCommand(need(), params, token)))
connection.onRequest(
  CHECK_WORKSPACE_REQUEST,
  guardRequest(lazyLog, CHECK_WORKSPACE_REQUEST, async (params: WorkDoneProgressParams | undefined, token) => {
    const c = need()
    const progress = await workDoneProgress(c, params?.workDoneToken)
    return checkWorkspace(c, [token, progress.token], progress.reporter)
  }),
)
connection.onRequest(REVIEW_REPORT_REQUEST, guardRequest(lazyLog, REVIEW_REPORT_REQUEST, (params: ReviewReportParams | undefined, token) => reviewReport(need(), params, token)))

documents.listen(connection)
connection.listen()
