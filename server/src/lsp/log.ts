// Logging to the client's output channel (window/logMessage via
// connection.console) and the guard that keeps one failing handler from
// taking the server down: every exception is caught and logged.
import { ResponseError, ErrorCodes, LSPErrorCodes, type Connection } from 'vscode-languageserver/node.js'

export interface Logger {
  info(message: string): void
  warn(message: string): void
  error(message: string): void
  /** Only when claimlint.trace.server is "verbose". */
  verbose(message: string): void
  setVerbose(on: boolean): void
}

export function connectionLogger(connection: Connection): Logger {
  let verbose = false
  const safe = (write: (m: string) => void) => (m: string) => {
    try {
      write(m)
    } catch {
      // The connection is gone; nothing left to tell.
    }
  }
  return {
    info: safe((m) => connection.console.info(m)),
    warn: safe((m) => connection.console.warn(m)),
    error: safe((m) => connection.console.error(m)),
    verbose: safe((m) => {
      if (verbose) connection.console.log(m)
    }),
    setVerbose: (on) => {
      verbose = on
    },
  }
}

export const describeError = (err: unknown): string => (err instanceof Error ? (err.stack ?? err.message) : String(err))

/** A notification handler (or timer callback) that logs instead of throwing. */
export function guardNotification<A extends unknown[]>(log: Logger, name: string, fn: (...args: A) => unknown): (...args: A) => void {
  return (...args: A) => {
    try {
      const r = fn(...args)
      if (r instanceof Promise) r.catch((err: unknown) => log.error(`claimlint: ${name} failed: ${describeError(err)}`))
    } catch (err) {
      log.error(`claimlint: ${name} failed: ${describeError(err)}`)
    }
  }
}

/** A request handler whose failures are logged and answered with an error response, never a crash. */
export function guardRequest<A extends unknown[], R>(log: Logger, name: string, fn: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await fn(...args)
    } catch (err) {
      if (err instanceof ResponseError) throw err
      // The draft changed while this request waited for its lint: the client asks again for the new version.
      if (err instanceof Error && err.name === 'LintCancelled') throw new ResponseError(LSPErrorCodes.ServerCancelled, err.message)
      log.error(`claimlint: ${name} failed: ${describeError(err)}`)
      throw new ResponseError(ErrorCodes.InternalError, `claimlint: ${name} failed: ${err instanceof Error ? err.message : String(err)}`)
    }
  }
}
