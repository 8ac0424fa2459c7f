// Offsets <-> 1-based line and column (UTF-16 code units, as editors count).
export class LineIndex {
  private readonly starts: number[] = [0]
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c === 10) this.starts.push(i + 1)
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1)
    }
  }
  /** Number of lines (a text ending with a line break has an empty last line). */
  get count(): number {
    return this.starts.length
  }
  /** Offset where the last line starts. */
  get lastLineStart(): number {
    return this.starts[this.starts.length - 1]
  }
  line(offset: number): number {
    let lo = 0
    let hi = this.starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (this.starts[mid] <= offset) lo = mid
      else hi = mid - 1
    }
    return lo + 1
  }
  position(offset: number): { line: number; column: number } {
    const line = this.line(offset)
    return { line, column: offset - this.starts[line - 1] + 1 }
  }
}
