// Linting open drafts as they change: one debounced run per document, a
// newer change cancels the pending or running one, and a result is only
// published for the version it was computed on. Results are cached per
// document version (and per configuration epoch) so hover, code actions and
// pull diagnostics share one lint.
import { CancellationTokenSource, type Diagnostic, type TextDocuments } from 'vscode-languageserver/node.js'
import { TextDocument } from 'vscode-languageserver-textdocument'
import { LintCancelled, type DraftLint, type DraftLinter } from './draftLint.js'
import { lintDiagnostics, type LintDiagnostics } from './diagnostics.js'
import { guardNotification, type Logger } from './log.js'

/** A lint result with the exact text it was computed on (documents are updated in place). */
export interface LintedDocument extends DraftLint {
  version: number
  snapshot: TextDocument
}

export interface LintDocumentsOptions {
  documents: TextDocuments<TextDocument>
  linter: DraftLinter
  debounceMs: number
  /** The client pulls diagnostics; nothing is published. */
  pull: boolean
  publish: (uri: string, version: number | undefined, diagnostics: Diagnostic[] | LintDiagnostics) => void
  /** Pull mode: ask the client to pull again (configuration changed). */
  refresh: () => void
  log: Logger
}

interface CacheEntry {
  epoch: number
  version: number
  promise: Promise<LintedDocument>
}

export class LintDocuments {
  /** Bumped when configuration, packs, settings or reviews change: cached results are then stale. */
  private epoch = 0
  /** Pending runs: a timer, or an immediate when there is no debounce (a 0 ms timeout still waits a millisecond or more). */
  private readonly timers = new Map<string, { cancel(): void }>()
  private readonly runs = new Map<string, CancellationTokenSource>()
  private readonly cache = new Map<string, CacheEntry>()
  private readonly openedAt = new Map<string, number>()

  constructor(private readonly o: LintDocumentsOptions) {
    o.linter.reviews.onReady = (uri, version) => this.reviewed(uri, version)
  }

  /** A deferred whole-draft review ran for this version (reviewFindings.ts): show it with that version's claims. */
  private reviewed(uri: string, version: number): void {
    if (this.o.documents.get(uri)?.version !== version) return
    if (this.o.pull) return this.o.refresh()
    const hit = this.cache.get(uri)
    if (!hit || hit.version !== version || hit.epoch !== this.epoch) return
    hit.promise.then(
      (linted) => {
        if (this.o.documents.get(uri)?.version === version) this.o.publish(uri, version, lintDiagnostics(linted))
      },
      () => undefined,
    )
  }

  /** The lint of the document as it is now; shared by every caller for this version. */
  current(doc: TextDocument, cancelled?: () => boolean): Promise<LintedDocument> {
    const hit = this.cache.get(doc.uri)
    if (hit && hit.version === doc.version && hit.epoch === this.epoch) return hit.promise
    const snapshot = TextDocument.create(doc.uri, doc.languageId, doc.version, doc.getText())
    const promise = this.o.linter
      .lint({ uri: doc.uri, languageId: doc.languageId, version: doc.version, text: snapshot.getText(), cancelled })
      .then((r): LintedDocument => ({ ...r, version: snapshot.version, snapshot }))
    const entry: CacheEntry = { epoch: this.epoch, version: doc.version, promise }
    this.cache.set(doc.uri, entry)
    promise.catch(() => {
      if (this.cache.get(doc.uri) === entry) this.cache.delete(doc.uri)
    })
    return promise
  }

  /** A draft just opened is linted at once; edits are debounced. */
  opened(doc: TextDocument): void {
    this.openedAt.set(doc.uri, doc.version)
    if (!this.o.pull) this.schedule(doc.uri, 0)
  }

  changed(doc: TextDocument): void {
    // TextDocuments reports the opening as a content change too.
    if (this.openedAt.get(doc.uri) === doc.version) return
    this.openedAt.delete(doc.uri)
    // Not the review of an older version while the new one is linted: its lint schedules one.
    this.o.linter.reviews.postpone(doc.uri)
    if (!this.o.pull) this.schedule(doc.uri, this.o.debounceMs)
  }

  closed(uri: string): void {
    this.openedAt.delete(uri)
    this.cancel(uri)
    this.cache.delete(uri)
    this.o.linter.forget(uri)
    if (!this.o.pull) this.o.publish(uri, undefined, [])
  }

  /** Something every lint depends on changed: lint every open draft again. */
  relintAll(): void {
    this.epoch++
    if (this.o.pull) {
      this.o.refresh()
      return
    }
    for (const doc of this.o.documents.all()) this.schedule(doc.uri, 0)
  }

  private cancel(uri: string): void {
    this.timers.get(uri)?.cancel()
    this.timers.delete(uri)
    this.runs.get(uri)?.cancel()
    this.runs.delete(uri)
  }

  private schedule(uri: string, delay: number): void {
    this.cancel(uri)
    const run = guardNotification(this.o.log, `lint ${uri}`, () => this.run(uri))
    if (delay > 0) {
      const t = setTimeout(run, delay)
      this.timers.set(uri, { cancel: () => clearTimeout(t) })
    } else {
      const t = setImmediate(run)
      this.timers.set(uri, { cancel: () => clearImmediate(t) })
    }
  }

  private async run(uri: string): Promise<void> {
    this.timers.delete(uri)
    const doc = this.o.documents.get(uri)
    if (!doc) return
    // The document is updated in place: keep the version this run is for.
    const version = doc.version
    const source = new CancellationTokenSource()
    this.runs.set(uri, source)
    try {
      let linted: LintedDocument
      try {
        linted = await this.current(doc, () => source.token.isCancellationRequested)
      } catch (err) {
        // Given up for a newer edit, which has its own run.
        if (err instanceof LintCancelled) {
          this.o.log.verbose(`claimlint: gave up the lint of ${uri} v${version} for a newer edit`)
          return
        }
        throw err
      }
      // A newer edit or a configuration change has scheduled another run: this one is stale.
      if (source.token.isCancellationRequested) return
      const now = this.o.documents.get(uri)
      if (!now || now.version !== linted.version) return
      this.o.publish(uri, linted.version, lintDiagnostics(linted))
    } finally {
      if (this.runs.get(uri) === source) this.runs.delete(uri)
      source.dispose()
    }
  }
}
