// A small LSP client for the server tests: spawns the built server
// (dist/server/src/server.js --stdio) and talks to it over its real stdio
// transport with vscode-jsonrpc. It answers the server's requests
// (workspace/configuration from test-provided settings, capability
// registration, progress creation), records what the server sends
// (diagnostics, messages, logs, progress) and shuts the server down cleanly.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node.js'
import { TextDocument } from 'vscode-languageserver-textdocument'
import type {
  CodeAction,
  Diagnostic,
  InitializeResult,
  PublishDiagnosticsParams,
  ShowMessageParams,
  LogMessageParams,
  TextEdit,
  WorkspaceEdit,
  Range,
} from 'vscode-languageserver-protocol'

export const repo = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..')
export const serverJs = join(repo, 'dist', 'server', 'src', 'server.js')

/** Generous: only ever a ceiling for waiting, never an assertion about speed. */
export const WAIT_MS = 30_000

export interface StartOptions {
  /** The claimlint settings section the client hands out on workspace/configuration. */
  settings?: Record<string, unknown>
  /** Advertise textDocument.diagnostic (pull) instead of relying on publishDiagnostics. */
  pull?: boolean
  /** Files to write in the workspace before the server starts (path relative to the root -> content). */
  files?: Record<string, string>
  initializationOptions?: Record<string, unknown>
  /** What node runs; default the built server with --stdio. */
  argv?: string[]
}

export interface ProgressEvent {
  token: string | number
  value: { kind: 'begin' | 'report' | 'end'; title?: string; message?: string; percentage?: number; cancellable?: boolean }
}

interface Waiter {
  check: () => boolean
  resolve: () => void
}

export class TestClient {
  readonly diagnostics: PublishDiagnosticsParams[] = []
  readonly messages: ShowMessageParams[] = []
  readonly logs: LogMessageParams[] = []
  readonly progress: ProgressEvent[] = []
  readonly registrations: Array<{ method: string; registerOptions?: unknown }> = []
  refreshes = 0
  configurationRequests = 0
  initializeResult!: InitializeResult
  private readonly texts = new Map<string, TextDocument>()
  private waiters: Waiter[] = []
  private stderr = ''
  private exited = false

  private constructor(
    readonly root: string,
    readonly child: ChildProcessWithoutNullStreams,
    readonly conn: MessageConnection,
    public settings: Record<string, unknown>,
  ) {}

  static async start(options: StartOptions = {}): Promise<TestClient> {
    if (!existsSync(serverJs)) throw new Error('dist/ is missing: run `npx tsc -p tsconfig.json` before the server tests')
    const root = mkdtempSync(join(tmpdir(), 'claimlint-lsp-'))
    for (const [rel, text] of Object.entries(options.files ?? {})) {
      mkdirSync(dirname(join(root, rel)), { recursive: true })
      writeFileSync(join(root, rel), text)
    }
    const child = spawn(process.execPath, options.argv ?? [serverJs, '--stdio'], { cwd: root, stdio: 'pipe' })
    const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin))
    const client = new TestClient(root, child, conn, options.settings ?? {})
    child.stderr.on('data', (d: Buffer) => {
      client.stderr += d.toString()
    })
    child.on('exit', () => {
      client.exited = true
      client.notify()
    })
    client.listen()
    conn.listen()
    const initialize = conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'drafts' }],
      initializationOptions: { debounceMs: 0, ...options.initializationOptions },
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
          workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
          diagnostics: options.pull ? { refreshSupport: true } : undefined,
          executeCommand: { dynamicRegistration: false },
        },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          diagnostic: options.pull ? { dynamicRegistration: false, relatedDocumentSupport: false } : undefined,
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: {
            dataSupport: true,
            isPreferredSupport: true,
            disabledSupport: true,
            resolveSupport: { properties: ['edit'] },
            codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source', 'source.fixAll'] } },
          },
        },
        window: { workDoneProgress: true, showMessage: {} },
      },
    }) as Promise<InitializeResult>
    const exited = new Promise<never>((_, rej) => child.once('exit', (code) => rej(new Error(`server exited (${code}) before initialize; stderr: ${client.stderr}`))))
    exited.catch(() => undefined)
    try {
      client.initializeResult = await Promise.race([initialize, exited, client.timeout('the initialize response', WAIT_MS)])
    } catch (err) {
      child.kill()
      rmSync(root, { recursive: true, force: true })
      throw err
    }
    void conn.sendNotification('initialized', {})
    return client
  }

  private listen(): void {
    const { conn } = this
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.push(p)
      this.notify()
    })
    conn.onNotification('window/showMessage', (p: ShowMessageParams) => {
      this.messages.push(p)
      this.notify()
    })
    conn.onNotification('window/logMessage', (p: LogMessageParams) => {
      this.logs.push(p)
      this.notify()
    })
    conn.onUnhandledProgress((p) => {
      this.progress.push(p as ProgressEvent)
      this.notify()
    })
    conn.onRequest('workspace/configuration', (p: { items: Array<{ section?: string; scopeUri?: string }> }) => {
      this.configurationRequests++
      return p.items.map((item) => (item.section === 'claimlint' ? this.settings : null))
    })
    conn.onRequest('client/registerCapability', (p: { registrations: Array<{ method: string; registerOptions?: unknown }> }) => {
      this.registrations.push(...p.registrations)
      this.notify()
      return null
    })
    conn.onRequest('client/unregisterCapability', () => null)
    conn.onRequest('window/workDoneProgress/create', () => null)
    conn.onRequest('window/showMessageRequest', (p: ShowMessageParams) => {
      this.messages.push(p)
      this.notify()
      return null
    })
    conn.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshes++
      this.notify()
      return null
    })
  }

  private timeout(what: string, ms: number): Promise<never> {
    return new Promise((_, rej) => {
      const t = setTimeout(() => rej(new Error(`timed out waiting for ${what}; ${this.recent()}`)), ms)
      t.unref()
    })
  }

  /** The end of the server's stderr and output, for failure messages. */
  private recent(): string {
    const logs = this.logs.slice(-10).map((l) => l.message).join('\n')
    return `server stderr: ${this.stderr.slice(-2000)}\nserver log: ${logs}`
  }

  private notify(): void {
    const pending = this.waiters
    this.waiters = []
    for (const w of pending) {
      if (w.check()) w.resolve()
      else this.waiters.push(w)
    }
  }

  /** Wait until `check` holds (re-checked whenever the server sends something). */
  waitFor(what: string, check: () => boolean, timeout = WAIT_MS): Promise<void> {
    if (check()) return Promise.resolve()
    return new Promise((res, rej) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter)
        rej(new Error(`timed out waiting for ${what}; ${this.recent()}`))
      }, timeout)
      const waiter: Waiter = {
        check: () => this.exited || check(),
        resolve: () => {
          clearTimeout(timer)
          if (this.exited && !check()) rej(new Error(`server exited while waiting for ${what}; ${this.recent()}`))
          else res()
        },
      }
      this.waiters.push(waiter)
    })
  }

  /** The first publishDiagnostics for `uri` after the `since` mark that satisfies `pred`. */
  async waitForDiagnostics(uri: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true, since = 0, timeout = WAIT_MS): Promise<PublishDiagnosticsParams> {
    let found: PublishDiagnosticsParams | undefined
    await this.waitFor(
      `diagnostics for ${uri}`,
      () => {
        found = this.diagnostics.slice(since).find((p) => p.uri === uri && pred(p))
        return found !== undefined
      },
      timeout,
    )
    return found!
  }

  /** A mark for waitForDiagnostics: only notifications after now. */
  mark(): number {
    return this.diagnostics.length
  }

  uri(rel: string): string {
    return pathToFileURL(join(this.root, rel)).href
  }

  path(rel: string): string {
    return join(this.root, rel)
  }

  write(rel: string, text: string): void {
    mkdirSync(dirname(this.path(rel)), { recursive: true })
    writeFileSync(this.path(rel), text)
  }

  read(rel: string): string {
    return readFileSync(this.path(rel), 'utf8')
  }

  /** didOpen; the draft need not exist on disk. */
  open(rel: string, text: string, languageId = 'markdown'): string {
    const uri = this.uri(rel)
    this.texts.set(uri, TextDocument.create(uri, languageId, 1, text))
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } })
    return uri
  }

  text(uri: string): string {
    return this.doc(uri).getText()
  }

  version(uri: string): number {
    return this.doc(uri).version
  }

  private doc(uri: string): TextDocument {
    const d = this.texts.get(uri)
    if (!d) throw new Error(`not open: ${uri}`)
    return d
  }

  /** An incremental didChange; returns the new version. */
  change(uri: string, edits: Array<{ range: Range; text: string }>): number {
    const d = this.doc(uri)
    const version = d.version + 1
    TextDocument.update(d, edits, version)
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: edits })
    return version
  }

  /** Replace the whole text through an incremental change covering the document. */
  replaceAll(uri: string, text: string): number {
    const d = this.doc(uri)
    return this.change(uri, [{ range: { start: { line: 0, character: 0 }, end: d.positionAt(d.getText().length) }, text }])
  }

  close(uri: string): void {
    this.texts.delete(uri)
    void this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } })
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return Promise.race([this.conn.sendRequest(method, params) as Promise<R>, this.timeout(`the ${method} response`, WAIT_MS)])
  }

  pull(uri: string): Promise<{ kind: string; items: Diagnostic[] }> {
    return this.request('textDocument/diagnostic', { textDocument: { uri } })
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[] = [], only?: string[]): Promise<CodeAction[]> {
    return this.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, only } })
  }

  resolve(action: CodeAction): Promise<CodeAction> {
    return this.request('codeAction/resolve', action)
  }

  /** Tell the server the settings changed (it reads them again through workspace/configuration). */
  changeSettings(settings: Record<string, unknown>): void {
    this.settings = settings
    void this.conn.sendNotification('workspace/didChangeConfiguration', { settings: null })
  }

  /** Tell the server about file changes (as an editor's watcher would). type: 1 created, 2 changed, 3 deleted. */
  filesChanged(changes: Array<{ rel: string; type: 1 | 2 | 3 }>): void {
    void this.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.map((c) => ({ uri: this.uri(c.rel), type: c.type })) })
  }

  /**
   * Apply a workspace edit as an editor would: text edits to open documents
   * (checking the version they were computed for) or files on disk, and file
   * creation. Returns the new text of each touched document or file, by URI.
   */
  applyEdit(edit: WorkspaceEdit): Map<string, string> {
    const out = new Map<string, string>()
    const applyText = (uri: string, version: number | null | undefined, edits: TextEdit[]): void => {
      const open = this.texts.get(uri)
      if (open) {
        if (version !== null && version !== undefined && version !== open.version) throw new Error(`edit for version ${version} but ${uri} is at ${open.version}`)
        const text = TextDocument.applyEdits(open, edits)
        this.replaceAll(uri, text)
        out.set(uri, text)
      } else {
        const path = fileURLToPath(uri)
        const current = existsSync(path) ? readFileSync(path, 'utf8') : ''
        const text = TextDocument.applyEdits(TextDocument.create(uri, 'text', 0, current), edits)
        writeFileSync(path, text)
        out.set(uri, text)
      }
    }
    for (const change of edit.documentChanges ?? []) {
      if ('kind' in change) {
        if (change.kind !== 'create') throw new Error(`unexpected resource operation ${change.kind}`)
        const path = fileURLToPath(change.uri)
        if (existsSync(path) && !change.options?.overwrite && !change.options?.ignoreIfExists) throw new Error(`${path} exists`)
        mkdirSync(dirname(path), { recursive: true })
        if (!existsSync(path) || change.options?.overwrite) writeFileSync(path, '')
      } else {
        applyText(change.textDocument.uri, change.textDocument.version, change.edits as TextEdit[])
      }
    }
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) applyText(uri, undefined, edits)
    return out
  }

  /** shutdown + exit; kill if the server does not go. Removes the workspace folder. Returns the exit code. */
  async stop(): Promise<number | null> {
    try {
      if (!this.exited) {
        await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 5000))])
        void this.conn.sendNotification('exit')
        await Promise.race([new Promise<void>((r) => (this.exited ? r() : this.child.once('exit', () => r()))), new Promise((r) => setTimeout(r, 5000))])
      }
    } catch {
      // Fall through to the kill.
    } finally {
      if (!this.exited) this.child.kill()
      this.conn.dispose()
      rmSync(this.root, { recursive: true, force: true })
    }
    return this.child.exitCode
  }

  get exitCode(): number | null {
    return this.child.exitCode
  }

  get serverStderr(): string {
    return this.stderr
  }
}

/** Drafts invented for these tests. */
export const DRAFTS = {
  regulatory: 'Ketamine is FDA-approved for PTSD.',
  hype: 'TMS is a groundbreaking treatment.',
  efficacy: 'Ketamine relieves PTSD symptoms within hours.',
  clean: 'Our clinic is open on weekdays.',
} as const

/** Claim diagnostics only: without the whole-draft review's (their data has `review: true`), for tests about claims. */
export function claimDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => (d.data as { review?: boolean } | undefined)?.review !== true)
}

/** The text a diagnostic's range covers. */
export function rangeText(text: string, range: Range): string {
  const d = TextDocument.create('file:///x', 'markdown', 0, text)
  return text.slice(d.offsetAt(range.start), d.offsetAt(range.end))
}
