// Messages out over a stream (stdio, the transport other editors and the
// bench use): every keystroke republishes every diagnostic of the draft
// (about 0.9 MB of JSON for 50k words), and JSON.stringify, flattening its
// result and Buffer.from each allocate that much afresh. Here a message is
// written into one reused buffer, header and body, in one write; a draft's
// diagnostics (a JsonWritable, diagnostics.ts) write their own JSON into it
// straight from the findings. The bytes are those vscode-jsonrpc's
// StreamMessageWriter sends.
import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-languageserver/node.js'

/** A value that writes its own JSON: the same text JSON.stringify gives for it (it has toJSON for other transports). */
export interface JsonWritable {
  writeJson(out: JsonOut): void
}

const isJsonWritable = (v: unknown): v is JsonWritable => typeof v === 'object' && v !== null && typeof (v as Partial<JsonWritable>).writeJson === 'function'

/** Past what a grow was asked for, for the rest of the message. */
const HEADROOM = 64 * 1024

/** UTF-8 JSON appended to a growable buffer. */
export class JsonOut {
  buf: Buffer
  pos = 0

  constructor(size = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(size)
  }

  /** Room for `n` more bytes. */
  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n + HEADROOM))
    this.buf.copy(next, 0, 0, this.pos)
    this.buf = next
  }

  /** Bytes already encoded (constants and cached pieces). */
  bytes(b: Uint8Array): void {
    const n = b.length
    this.reserve(n)
    const buf = this.buf
    let p = this.pos
    // Short pieces byte by byte: cheaper than a call into set() for a few bytes.
    if (n <= 32) for (let i = 0; i < n; i++) buf[p++] = b[i]
    else {
      buf.set(b, p)
      p += n
    }
    this.pos = p
  }

  /** A string as UTF-8 (already JSON: quoted and escaped by the caller). */
  text(s: string): void {
    this.reserve(s.length * 3)
    this.pos += this.buf.write(s, this.pos)
  }

  /** A number as JSON.stringify writes it. */
  number(n: number): void {
    if (!(n >= 0 && n <= 0x7fffffff && (n | 0) === n)) return this.text(JSON.stringify(n))
    this.reserve(10)
    const digits = n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : n < 10000 ? 4 : n < 100000 ? 5 : n < 1000000 ? 6 : n < 10000000 ? 7 : n < 100000000 ? 8 : n < 1000000000 ? 9 : 10
    const b = this.buf
    let i = this.pos + digits
    this.pos = i
    let x = n
    do {
      const q = (x / 10) | 0
      b[--i] = 48 + x - q * 10
      x = q
    } while (x > 0)
  }
}

/** Where a draft's diagnostics travel: publishDiagnostics params and a pull report's items. */
function writableSlot(msg: Message): { holder: Record<string, unknown>; key: string; value: JsonWritable } | undefined {
  const m = msg as { params?: unknown; result?: unknown }
  const params = m.params as Record<string, unknown> | undefined
  if (params && isJsonWritable(params.diagnostics)) return { holder: params, key: 'diagnostics', value: params.diagnostics }
  const result = m.result as Record<string, unknown> | undefined
  if (result && typeof result === 'object' && isJsonWritable(result.items)) return { holder: result, key: 'items', value: result.items }
  return undefined
}

/** Stands for the writable value while the rest of the message is stringified. */
const MARK = '\u0000claimlint-json\u0000'
const MARK_JSON = JSON.stringify(MARK)

/** The message's JSON (UTF-8) appended to `out`. */
export function writeMessage(out: JsonOut, msg: Message): void {
  const slot = writableSlot(msg)
  if (!slot) return out.text(JSON.stringify(msg))
  // The message around it by JSON.stringify (small), the value by itself, keys in their order.
  const saved = slot.value
  slot.holder[slot.key] = MARK
  let json: string
  try {
    json = JSON.stringify(msg)
  } finally {
    slot.holder[slot.key] = saved
  }
  const at = json.indexOf(MARK_JSON)
  out.text(json.slice(0, at))
  saved.writeJson(out)
  out.text(json.slice(at + MARK_JSON.length))
}

/** Room left in front of the body for its header. */
const HEADER_ROOM = 64
/**
 * The buffer is kept between messages up to this size (about 8,000
 * diagnostics); one grown past it for a huge draft is let go after its
 * message, so a draft that was open once does not pin tens of megabytes.
 */
const KEEP_MAX_BYTES = 4 * 1024 * 1024

/**
 * A MessageWriter for a byte stream (LSP base protocol: Content-Length
 * header, UTF-8 JSON body) that has the bytes on their way (stdout, a
 * socket) when it calls a write back: only then is the buffer reused.
 */
export class StreamWriter extends AbstractMessageWriter implements MessageWriter {
  private out = new JsonOut()
  /** Messages go out one at a time, in order: the buffer is reused once the last write is done. */
  private queue: Promise<void> = Promise.resolve()
  private errorCount = 0

  constructor(private readonly stream: NodeJS.WritableStream) {
    super()
    stream.on('error', (err: Error) => this.fireError(err))
    stream.on('close', () => this.fireClose())
  }

  write(msg: Message): Promise<void> {
    const sent = this.queue.then(() => this.send(msg))
    this.queue = sent.then(
      () => undefined,
      () => undefined,
    )
    return sent
  }

  private send(msg: Message): Promise<void> {
    let bytes: Buffer
    try {
      bytes = this.encode(msg)
    } catch (err) {
      this.fireError(err as Error)
      return Promise.reject(err)
    }
    return new Promise((resolve, reject) => {
      this.stream.write(bytes, (err) => {
        if (this.out.buf.length > KEEP_MAX_BYTES) this.out = new JsonOut()
        if (err) {
          this.errorCount++
          this.fireError(err, msg, this.errorCount)
          reject(err)
        } else resolve()
      })
    })
  }

  /** Header and body, contiguous in the reused buffer. */
  private encode(msg: Message): Buffer {
    const out = this.out
    out.pos = HEADER_ROOM
    writeMessage(out, msg)
    const header = `Content-Length: ${out.pos - HEADER_ROOM}\r\n\r\n`
    const start = HEADER_ROOM - header.length
    out.buf.write(header, start, 'ascii')
    return out.buf.subarray(start, out.pos)
  }

  end(): void {
    this.stream.end()
  }
}
