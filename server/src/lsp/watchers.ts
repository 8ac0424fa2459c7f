// Watching the files that shape linting: .claimlintrc.{yaml,yml}, rule packs
// named by configs and settings, and .claimlint/reviews.yaml. Registered
// dynamically when the client allows it (re-registered as new packs are
// named); otherwise the client's own file events are relied on.
import { DidChangeWatchedFilesNotification, type DidChangeWatchedFilesParams, type Disposable } from 'vscode-languageserver/node.js'
import type { ServerContext } from './context.js'

export class FileWatching {
  private registration: Promise<Disposable> | undefined
  private registered = ''
  private ready = false

  constructor(private readonly ctx: ServerContext) {}

  /** Called once the client is initialized (registration is not allowed before). */
  start(): void {
    this.ready = true
    this.update()
  }

  /** (Re-)register when the set of watched files changed. */
  update(): void {
    const { ctx } = this
    if (!this.ready || !ctx.features.watchedFilesDynamic) return
    const watchers = ctx.files.watchers(ctx.features.watchedFilesRelativePattern)
    const key = JSON.stringify(watchers)
    if (key === this.registered) return
    this.registered = key
    const previous = this.registration
    const next = ctx.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers })
    this.registration = next
    next.catch((err: unknown) => ctx.log.warn(`claimlint: cannot watch configuration files: ${err instanceof Error ? err.message : String(err)}`))
    previous?.then(
      (d) => d.dispose(),
      () => undefined,
    )
  }

  /** workspace/didChangeWatchedFiles: reload what changed and lint the open drafts again. */
  changed(params: DidChangeWatchedFilesParams): void {
    const { ctx } = this
    const what = ctx.files.filesChanged(params.changes)
    if (what.files.length === 0) return
    for (const f of what.files) ctx.problems.forgetFile(f)
    ctx.log.info(`claimlint: reloading after changes to ${what.files.join(', ')}`)
    ctx.lints.relintAll()
  }
}
