// The connection for the transport named on the command line. Over stdio
// messages go out through StreamWriter (wire.ts); node-ipc, sockets and pipes
// are set up by vscode-languageserver as before.
import { format } from 'node:util'
import { createConnection, ProposedFeatures, type Connection } from 'vscode-languageserver/node.js'
import { StreamWriter } from './wire.js'

export function createServerConnection(argv: readonly string[] = process.argv.slice(2)): Connection {
  // The first transport named wins, as in vscode-languageserver.
  if (argv.find((a) => /^--(stdio|node-ipc|socket|pipe)\b/.test(a)) !== '--stdio') return createConnection(ProposedFeatures.all)
  // stdin as a stream (not a reader): vscode-languageserver then still exits when the client closes it.
  const connection = createConnection(ProposedFeatures.all, process.stdin, new StreamWriter(process.stdout) as unknown as NodeJS.WritableStream)
  keepStdoutForProtocol(connection)
  return connection
}

/** stdout carries the protocol: console output goes to the client's log instead, as vscode-languageserver does for --stdio. */
function keepStdoutForProtocol(connection: Connection): void {
  const to = (log: (m: string) => void) => (...args: unknown[]) => log(format(...args))
  console.log = console.debug = to((m) => connection.console.log(m))
  console.info = to((m) => connection.console.info(m))
  console.warn = to((m) => connection.console.warn(m))
  console.error = to((m) => connection.console.error(m))
  console.trace = to((m) => connection.console.log(`Trace: ${m}\n${new Error().stack?.split('\n').slice(2).join('\n') ?? ''}`))
  console.dir = (item: unknown) => connection.console.log(format('%O', item))
}
