// claimlint VS Code client: starts the bundled language server, shows a
// status-bar count of the active draft's claims and contributes four commands
// (the review report's webview lives in reviewReport.ts).
//
// Security: the client only starts the server shipped inside this extension
// (dist/server.bundle.mjs, the whole server in one file built by
// `npm run build:server`). It never runs code from the workspace; rule packs
// named in settings are YAML data that the server reads.
import { randomUUID } from 'node:crypto'
import * as vscode from 'vscode'
import {
  CloseAction,
  type DocumentFilter,
  type ErrorHandler,
  ExecuteCommandRequest,
  LanguageClient,
  type LanguageClientOptions,
  RequestType,
  type ServerOptions,
  State,
  TransportKind,
  WorkDoneProgress,
  type WorkDoneProgressParams,
} from 'vscode-languageclient/node'
import { ReviewReports } from './reviewReport'

const ID = 'claimlint'
const SOURCE = 'claimlint' // Diagnostic.source the server sets on its findings

// Commands this client implements itself. They must match "contributes.commands"
// in package.json (test/client/manifest.test.ts checks both directions).
const CMD_CHECK_WORKSPACE = 'claimlint.checkWorkspace'
const CMD_RESTART = 'claimlint.restartServer'
const CMD_SHOW_OUTPUT = 'claimlint.showOutput'
const CMD_OPEN_REVIEW_REPORT = 'claimlint.openReviewReport'
const CLIENT_COMMANDS = new Set([CMD_CHECK_WORKSPACE, CMD_RESTART, CMD_SHOW_OUTPUT, CMD_OPEN_REVIEW_REPORT])

// Custom request: check every draft in the workspace, with work-done progress.
// `files` and `findings` are counts (arrays are tolerated and counted).
interface CheckWorkspaceResult {
  files: number | unknown[]
  findings: number | unknown[]
}
const CheckWorkspaceRequest = new RequestType<WorkDoneProgressParams, CheckWorkspaceResult, void>(
  'claimlint/checkWorkspace',
)

let client: LanguageClient | undefined
let output: vscode.OutputChannel
let statusItem: vscode.StatusBarItem

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('claimlint')
  statusItem = vscode.window.createStatusBarItem('claimlint.status', vscode.StatusBarAlignment.Left, 0)
  statusItem.name = 'claimlint'
  const reports = new ReviewReports({ client: () => client, languages, log: (line) => output.appendLine(`[${time()}] ${line}`) })
  context.subscriptions.push(
    output,
    statusItem,
    reports,
    vscode.commands.registerCommand(CMD_CHECK_WORKSPACE, checkWorkspace),
    vscode.commands.registerCommand(CMD_RESTART, () => restartClient(context)),
    vscode.commands.registerCommand(CMD_SHOW_OUTPUT, () => output.show(true)),
    // From the editor title the draft's URI comes along; from the palette, the active draft.
    vscode.commands.registerCommand(CMD_OPEN_REVIEW_REPORT, (uri?: unknown) => reports.open(uri instanceof vscode.Uri ? uri : undefined)),
    vscode.languages.onDidChangeDiagnostics(() => updateStatus()),
    vscode.window.onDidChangeActiveTextEditor(() => updateStatus()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // The document selector is fixed when a client is created, so a change of
      // languages (or enable) needs a new client; other settings reach the running
      // server through `synchronize.configurationSection`.
      if (e.affectsConfiguration('claimlint.languages') || e.affectsConfiguration('claimlint.enable')) {
        void restartClient(context)
      }
    }),
  )
  await startClient(context)
}

export async function deactivate(): Promise<void> {
  await stopClient()
}

function languages(): string[] {
  const value = vscode.workspace.getConfiguration(ID).get<unknown>('languages')
  if (!Array.isArray(value)) return ['markdown', 'plaintext']
  return value.filter((v): v is string => typeof v === 'string' && v.length > 0)
}

function enabled(): boolean {
  return vscode.workspace.getConfiguration(ID).get<boolean>('enable', true)
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  if (!enabled()) {
    output.appendLine(`[${time()}] claimlint is disabled (claimlint.enable = false); server not started.`)
    updateStatus()
    return
  }
  // The bundle finds rules/, the evidence library and docs/rules by walking up
  // from its own file, so it must stay in <extension>/dist.
  const serverModule = context.asAbsolutePath('dist/server.bundle.mjs')
  // Over stdio, not node IPC: the server writes each message's JSON once into
  // a reused buffer (server/src/lsp/wire.ts), which IPC's process.send cannot
  // use; a keystroke in a long draft resends every diagnostic.
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio },
    debug: {
      module: serverModule,
      transport: TransportKind.stdio,
      options: { execArgv: ['--nolazy', '--inspect=6009'] },
    },
  }

  const documentSelector: DocumentFilter[] = languages().flatMap((language) => [
    { scheme: 'file', language },
    { scheme: 'untitled', language },
  ])

  // Keep the client's default error handler (restart up to 4 times in
  // 3 minutes, then give up with a message) and only log what it decides.
  // It is created after the client exists, hence the indirection.
  let defaults: ErrorHandler | undefined
  const errorHandler: ErrorHandler = {
    error: (error, message, count) => defaults!.error(error, message, count),
    closed: async () => {
      const result = await defaults!.closed()
      output.appendLine(
        result.action === CloseAction.Restart
          ? `[${time()}] claimlint server stopped unexpectedly; restarting it.`
          : `[${time()}] claimlint server stopped unexpectedly too often; not restarting. Use "claimlint: Restart server" after fixing the cause.`,
      )
      return result
    },
  }

  const clientOptions: LanguageClientOptions = {
    documentSelector,
    synchronize: { configurationSection: ID },
    outputChannel: output,
    errorHandler,
    middleware: {
      workspace: {
        // A severity of "default" means "no editor override": send it as null,
        // which the server reads as "keep the pack / .claimlintrc.yaml severity".
        configuration: async (params, token, next) => {
          const result = await next(params, token)
          if (!Array.isArray(result)) return result
          return result.map((value, i) => (params.items[i]?.section === ID ? withoutDefaultSeverities(value) : value))
        },
      },
    },
  }

  // The id 'claimlint' also makes the client honour `claimlint.trace.server`.
  const next = new LanguageClient(ID, 'claimlint', serverOptions, clientOptions)
  defaults = next.createDefaultErrorHandler()
  keepClientCommands(next)
  next.onDidChangeState(() => updateStatus())
  client = next
  updateStatus()
  try {
    await next.start()
  } catch (error) {
    output.appendLine(`[${time()}] claimlint server failed to start: ${String(error)}`)
    void vscode.window
      .showErrorMessage('claimlint: the language server failed to start.', 'Show output')
      .then((choice) => choice && output.show(true))
  }
  updateStatus()
}

// The server may also advertise `claimlint.checkWorkspace` as an executeCommand
// command. The client library would register every advertised id as a VS Code
// command, which fails ("command already exists") for ids this extension owns,
// so those are left out; the rest (e.g. `claimlint.dismiss`, used by code
// actions) are still forwarded to the server as usual.
function keepClientCommands(c: LanguageClient): void {
  const feature = c.getFeature(ExecuteCommandRequest.method)
  const register = feature.register.bind(feature)
  feature.register = (data) =>
    register({
      ...data,
      registerOptions: {
        ...data.registerOptions,
        commands: (data.registerOptions.commands ?? []).filter((id) => !CLIENT_COMMANDS.has(id)),
      },
    })
}

async function stopClient(): Promise<void> {
  const old = client
  client = undefined
  if (old) {
    try {
      await old.dispose() // stops the server and removes its diagnostics
    } catch (error) {
      output.appendLine(`[${time()}] stopping the claimlint server failed: ${String(error)}`)
    }
  }
}

// Restarts are queued so that quick setting changes never leave two servers.
let restarting: Promise<void> = Promise.resolve()
function restartClient(context: vscode.ExtensionContext): Promise<void> {
  restarting = restarting.then(async () => {
    output.appendLine(`[${time()}] restarting the claimlint server`)
    await stopClient()
    await startClient(context)
  })
  return restarting
}

async function checkWorkspace(): Promise<void> {
  const c = client
  if (!enabled()) {
    void vscode.window.showInformationMessage('claimlint is disabled (setting "claimlint.enable").')
    return
  }
  if (!c || c.state === State.Stopped) {
    void vscode.window
      .showErrorMessage('claimlint: the language server is not running.', 'Restart server')
      .then((choice) => choice && vscode.commands.executeCommand(CMD_RESTART))
    return
  }
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'claimlint: checking workspace', cancellable: true },
    async (progress, token) => {
      // Server-side work-done progress is reported on a token we choose.
      const workDoneToken = randomUUID()
      let done = 0 // VS Code wants increments, LSP sends absolute percentages
      const listener = c.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind === 'end') return
        const increment = value.percentage !== undefined ? Math.max(0, value.percentage - done) : undefined
        if (value.percentage !== undefined) done = Math.max(done, value.percentage)
        progress.report({ message: value.message, increment })
      })
      try {
        // Cancelling the notification cancels the request (sends $/cancelRequest).
        const result = await c.sendRequest(CheckWorkspaceRequest, { workDoneToken }, token)
        const files = count(result?.files)
        const findings = count(result?.findings)
        const summary =
          findings === 0
            ? `claimlint checked ${plural(files, 'draft')}: no unsupported claims found.`
            : `claimlint checked ${plural(files, 'draft')}: ${plural(findings, 'claim')} to review.`
        const choice = await vscode.window.showInformationMessage(summary, ...(findings > 0 ? ['Show problems'] : []))
        if (choice) await vscode.commands.executeCommand('workbench.actions.view.problems')
      } catch (error) {
        if (token.isCancellationRequested) {
          vscode.window.setStatusBarMessage('claimlint: workspace check cancelled', 5000)
          return
        }
        output.appendLine(`[${time()}] claimlint/checkWorkspace failed: ${String(error)}`)
        void vscode.window
          .showErrorMessage('claimlint: the workspace check failed.', 'Show output')
          .then((choice) => choice && output.show(true))
      } finally {
        listener.dispose()
      }
    },
  )
}

// Status bar: claims in the active draft by severity, from the diagnostics the
// server published (source "claimlint"; the whole-draft review has its own
// source, "claimlint review", and is left to the Problems view).
function updateStatus(): void {
  if (!statusItem) return
  const editor = vscode.window.activeTextEditor
  if (!editor || !languages().includes(editor.document.languageId)) {
    statusItem.hide()
    return
  }
  if (!enabled()) {
    show('$(circle-slash) claimlint: off', 'claimlint is disabled (setting "claimlint.enable").', CMD_SHOW_OUTPUT)
    return
  }
  // Never show "clean" while the server is down: a missing finding would look
  // like an approved draft.
  if (!client || client.state === State.Stopped) {
    show('$(circle-slash) claimlint: not running', 'The claimlint server is not running. Click for the output.', CMD_SHOW_OUTPUT)
    return
  }
  if (client.state === State.Starting) {
    show('$(sync~spin) claimlint', 'The claimlint server is starting.', CMD_SHOW_OUTPUT)
    return
  }

  let errors = 0
  let warnings = 0
  let infos = 0
  for (const d of vscode.languages.getDiagnostics(editor.document.uri)) {
    if (d.source !== SOURCE) continue
    if (d.severity === vscode.DiagnosticSeverity.Error) errors++
    else if (d.severity === vscode.DiagnosticSeverity.Warning) warnings++
    else infos++ // Information and Hint
  }
  const parts = [
    errors && plural(errors, 'error'),
    warnings && plural(warnings, 'warning'),
    infos && plural(infos, 'note'),
  ].filter(Boolean)
  const icon = errors ? '$(error)' : warnings ? '$(warning)' : infos ? '$(info)' : '$(check)'
  // Opens the Problems view. VS Code has no stable API or command to set the
  // Problems filter text, so the user filters by "claimlint" there if needed.
  const openProblems: vscode.Command = { title: 'Show problems', command: 'workbench.actions.view.problems' }
  show(
    parts.length ? `${icon} claimlint: ${parts.join(', ')}` : `${icon} claimlint`,
    parts.length
      ? `claimlint found ${parts.join(', ')} in this draft. Click to open the Problems view.`
      : 'claimlint found no unsupported claims in this draft.',
    openProblems,
  )
}

function show(text: string, tooltip: string, command: string | vscode.Command): void {
  statusItem.text = text
  statusItem.tooltip = tooltip
  statusItem.command = command
  statusItem.show()
}

function withoutDefaultSeverities(section: unknown): unknown {
  if (typeof section !== 'object' || section === null) return section
  const severity = (section as { severity?: unknown }).severity
  if (typeof severity !== 'object' || severity === null) return section
  const cleaned = Object.fromEntries(Object.entries(severity).map(([cat, level]) => [cat, level === 'default' ? null : level]))
  return { ...section, severity: cleaned }
}

function count(value: unknown): number {
  return typeof value === 'number' ? value : Array.isArray(value) ? value.length : 0
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

function time(): string {
  return new Date().toLocaleTimeString()
}
