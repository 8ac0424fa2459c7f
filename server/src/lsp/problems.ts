// Configuration, pack, reviews and settings problems: each is logged to the
// output with its file, line and key, and shown once as an error message.
// A problem is shown again only after its file changes (it may have been
// fixed and broken anew).
import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver/node.js'
import type { ConfigProblem } from '../engine/config.js'
import type { Logger } from './log.js'

export function formatProblem(p: ConfigProblem): string {
  return p.line > 0 ? `${p.file}:${p.line}:${p.column}: ${p.message}` : `${p.file}: ${p.message}`
}

export class ProblemReporter {
  private readonly shown = new Set<string>()
  private readonly byFile = new Map<string, Set<string>>()

  constructor(
    private readonly connection: Connection,
    private readonly log: Logger,
  ) {}

  /** Log and show the problems not reported yet. */
  report(problems: readonly ConfigProblem[]): void {
    const fresh: ConfigProblem[] = []
    for (const p of problems) {
      const key = formatProblem(p)
      if (this.shown.has(key)) continue
      this.shown.add(key)
      let keys = this.byFile.get(p.file)
      if (!keys) this.byFile.set(p.file, (keys = new Set()))
      keys.add(key)
      fresh.push(p)
    }
    if (fresh.length === 0) return
    for (const p of fresh) this.log.error(`claimlint: ${formatProblem(p)}`)
    const first = fresh[0]
    const where = first.line > 0 ? `${first.file}, line ${first.line}` : first.file
    const more = fresh.length > 1 ? ` (and ${fresh.length - 1} more; see the claimlint output)` : ''
    const text = `claimlint: ${where}: ${first.message}${more}. Linting goes on with the valid settings.`
    try {
      void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Error, message: text })
    } catch {
      // Connection closed.
    }
  }

  private readonly notices = new Set<string>()

  /** A warning that is not a configuration problem (a draft skipped as too large), shown once per key. */
  notice(key: string, text: string): void {
    if (this.notices.has(key)) return
    this.notices.add(key)
    this.log.warn(text)
    try {
      void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: text })
    } catch {
      // Connection closed.
    }
  }

  /** What the notice was about is gone: it may be shown again. */
  forgetNotice(key: string): void {
    this.notices.delete(key)
  }

  /** The file changed: its problems may be reported again. */
  forgetFile(file: string): void {
    const keys = this.byFile.get(file)
    if (!keys) return
    for (const k of keys) this.shown.delete(k)
    this.byFile.delete(file)
  }
}
