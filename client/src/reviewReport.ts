// "claimlint: Open review report": the review report `claimlint report` writes,
// shown in a webview beside the draft and kept up to date as it changes.
//
// One panel per draft (or one for the whole workspace), not one that follows
// the active editor: a reviewer reads the report next to the draft it is
// about, and clicking into the report must not swap it for another file's.
// Running the command again for the same draft brings its panel forward.
// The panel asks the server again (claimlint/reviewReport) when edits to its
// draft pause for half a second, at once on save, and when claimlint's
// findings for the version shown change (a setting, .claimlintrc.yaml or a
// dismissal changed). A hidden panel waits until it is shown. A closed draft's panel keeps the last
// report.
//
// Security: the page comes from the bundled server and is self-contained; its
// CSP loads nothing and runs only scripts carrying a fresh nonce per render.
// The webview may not read local files (localResourceRoots: []) nor run
// command links.
import { randomBytes } from 'node:crypto'
import { basename } from 'node:path'
import * as vscode from 'vscode'
import { CancellationTokenSource, type LanguageClient, RequestType, State } from 'vscode-languageclient/node'

type ReviewReportParams = ({ uri: string } | { workspace: true }) & { nonce: string }
interface ReviewReportResult {
  html: string
  version: number | null
  drafts: number
  findings: number
}
const ReviewReportRequest = new RequestType<ReviewReportParams, ReviewReportResult, void>('claimlint/reviewReport')

export const REVIEW_REPORT_VIEW = 'claimlint.reviewReport'
/** Edits pausing this long refresh the report. */
export const REFRESH_DELAY_MS = 500
const WORKSPACE = 'workspace'

export interface ReviewReportHost {
  /** The running client, if any (it is replaced on restart). */
  client(): LanguageClient | undefined
  /** Language ids claimlint checks. */
  languages(): string[]
  log(line: string): void
}

export class ReviewReports implements vscode.Disposable {
  /** By document URI, or WORKSPACE. */
  private readonly panels = new Map<string, ReportPanel>()

  constructor(private readonly host: ReviewReportHost) {}

  /**
   * Open (or reveal) the report for `uri` (from the editor title), else the
   * active draft, else the workspace's drafts.
   */
  async open(uri?: vscode.Uri): Promise<void> {
    const isDraft = (d: vscode.TextDocument | undefined): boolean => d !== undefined && this.host.languages().includes(d.languageId)
    // With a webview focused there is no active text editor: a draft still on screen is meant.
    const active = vscode.window.activeTextEditor?.document ?? vscode.window.visibleTextEditors.map((e) => e.document).find(isDraft)
    const doc = uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) : active
    if (doc && isDraft(doc)) return this.show(doc.uri.toString(), { uri: doc.uri.toString() }, `Review: ${basename(doc.uri.path)}`)
    if (vscode.workspace.workspaceFolders?.length) return this.show(WORKSPACE, { workspace: true }, 'Review: workspace')
    void vscode.window.showInformationMessage(`claimlint: open a draft (${this.host.languages().join(', ')}) to see its review report.`)
  }

  private show(key: string, target: ReportTarget, title: string): void {
    const existing = this.panels.get(key)
    if (existing) {
      existing.reveal()
      return
    }
    const panel = new ReportPanel(this.host, target, title, () => this.panels.delete(key))
    this.panels.set(key, panel)
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose()
    this.panels.clear()
  }
}

type ReportTarget = { uri: string } | { workspace: true }

class ReportPanel {
  private readonly panel: vscode.WebviewPanel
  private readonly subscriptions: vscode.Disposable[] = []
  private timer: ReturnType<typeof setTimeout> | undefined
  private running: CancellationTokenSource | undefined
  /** The draft version the panel shows (uri reports); a re-lint of the same version means something else changed. */
  private shownVersion: number | null = null
  /** claimlint's diagnostics for the draft when the report was shown (see claimKey). */
  private shownClaims = ''
  /** Something changed while the panel was hidden. */
  private stale = false
  private disposed = false
  /** The draft this panel reports on; undefined for the workspace report. */
  private readonly draftUri: string | undefined

  constructor(
    private readonly host: ReviewReportHost,
    private readonly target: ReportTarget,
    title: string,
    private readonly onDispose: () => void,
  ) {
    this.draftUri = 'uri' in target ? target.uri : undefined
    this.panel = vscode.window.createWebviewPanel(
      REVIEW_REPORT_VIEW,
      title,
      // Beside the draft, keeping the caret in it: the reviewer goes on editing.
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, enableCommandUris: false, localResourceRoots: [], enableFindWidget: true },
    )
    this.panel.webview.html = notice('Building the review report…')
    this.subscriptions.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.onDidChangeViewState(() => {
        if (this.panel.visible && this.stale) this.schedule(0)
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && this.covers(e.document)) this.schedule(REFRESH_DELAY_MS)
      }),
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (this.covers(d)) this.schedule(0)
      }),
      vscode.languages.onDidChangeDiagnostics((e) => {
        // An edit is already scheduled; otherwise only a changed claimlint result for the version shown counts.
        const uri = this.draftUri
        if (uri === undefined || this.timer !== undefined) return
        if (!e.uris.some((u) => u.toString() === uri)) return
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri)
        if (doc && doc.version === this.shownVersion && claimKey(doc.uri) !== this.shownClaims) this.schedule(REFRESH_DELAY_MS)
      }),
    )
    void this.render()
  }

  reveal(): void {
    this.panel.reveal(undefined, true)
  }

  private covers(doc: vscode.TextDocument): boolean {
    if (this.draftUri !== undefined) return doc.uri.toString() === this.draftUri
    return this.host.languages().includes(doc.languageId) && vscode.workspace.getWorkspaceFolder(doc.uri) !== undefined
  }

  private schedule(delay: number): void {
    if (this.disposed) return
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = undefined
      void this.render()
    }, delay)
  }

  private async render(): Promise<void> {
    if (this.disposed) return
    if (!this.panel.visible) {
      this.stale = true
      return
    }
    this.stale = false
    // A closed draft's report stays as last shown.
    const uri = this.draftUri
    if (uri !== undefined && this.shownVersion !== null && !vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri)) return
    const client = await runningClient(this.host)
    if (this.disposed) return
    if (!client) {
      this.panel.webview.html = notice('The claimlint server is not running. Run "claimlint: Restart server", then open the report again.')
      return
    }
    // Only the newest request matters: an older one still running is cancelled.
    this.running?.cancel()
    const source = new CancellationTokenSource()
    this.running = source
    const nonce = randomBytes(18).toString('base64')
    try {
      const result = await client.sendRequest(ReviewReportRequest, { ...this.target, nonce }, source.token)
      if (this.disposed || this.running !== source) return
      this.shownVersion = result.version
      if (uri !== undefined) this.shownClaims = claimKey(vscode.Uri.parse(uri))
      this.panel.webview.html = keepScrollPosition(result.html, nonce)
    } catch (error) {
      if (this.disposed || source.token.isCancellationRequested) return
      const message = error instanceof Error ? error.message : String(error)
      this.host.log(`claimlint/reviewReport failed: ${message}`)
      this.panel.webview.html = notice(message)
    } finally {
      if (this.running === source) this.running = undefined
      source.dispose()
    }
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.running?.cancel()
    for (const s of this.subscriptions) s.dispose()
    this.panel.dispose()
    this.onDispose()
  }
}

/** The client once it has started (the command may run while the extension is still starting it). */
async function runningClient(host: ReviewReportHost): Promise<LanguageClient | undefined> {
  const client = host.client()
  if (client?.state === State.Starting) {
    await new Promise<void>((resolve) => {
      const listener = client.onDidChangeState((e) => {
        if (e.newState === State.Starting) return
        listener.dispose()
        resolve()
      })
    })
  }
  return client?.isRunning() ? client : undefined
}

/** What claimlint flags in a draft, to tell a re-lint that changed something from other extensions' diagnostics. */
function claimKey(uri: vscode.Uri): string {
  const claims = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'claimlint')
  return JSON.stringify(claims.map((d) => [String(typeof d.code === 'object' ? d.code.value : d.code), d.severity, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character]))
}

/**
 * Each update replaces the page, which would jump back to the top while the
 * reviewer reads further down: remember the scroll position in the webview's
 * state (kept across reloads) and restore it.
 */
function keepScrollPosition(html: string, nonce: string): string {
  const script = `<script nonce="${nonce}">(function(){var api=acquireVsCodeApi();var s=api.getState();if(s&&typeof s.y==='number')window.scrollTo(0,s.y);var t;window.addEventListener('scroll',function(){clearTimeout(t);t=setTimeout(function(){api.setState({y:window.scrollY})},100)})})();</script>`
  const end = html.lastIndexOf('</body>')
  return end < 0 ? html : `${html.slice(0, end)}${script}\n${html.slice(end)}`
}

/** A one-line page (loading, errors) under the same no-load CSP. */
function notice(message: string): string {
  const text = message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>claimlint review report</title></head><body style="font-family:system-ui,sans-serif;padding:16px 24px"><p class="claimlint-notice">${text}</p></body></html>`
}
