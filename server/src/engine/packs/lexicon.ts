// Lexicon classes: named lists of words and phrases, compiled once into a
// trie per class so that finding every phrase in a sentence is linear in the
// sentence (times the longest phrase).
import { splitPhrase, zeroArray } from './pattern.js'

interface TrieNode {
  next: Map<string, TrieNode>
  /** Prefixes ("reliev*") that end a phrase here. */
  prefixes: string[]
  terminal: boolean
}

const NONE: readonly string[] = []

const node = (): TrieNode => ({ next: new Map(), prefixes: [], terminal: false })

export class LexiconClass {
  readonly root: TrieNode = node()
  readonly entries: string[] = []
  maxLength = 0

  add(phrase: string): void {
    const words = splitPhrase(phrase)
    if (words.length === 0) return
    this.entries.push(phrase)
    this.rootPrefixes = undefined
    this.maxLength = Math.max(this.maxLength, words.length)
    let cur = this.root
    for (let i = 0; i < words.length; i++) {
      const w = words[i]
      const last = i === words.length - 1
      if (last && w.endsWith('*') && w.length > 1) {
        cur.prefixes.push(w.slice(0, -1))
        return
      }
      let child = cur.next.get(w)
      if (!child) {
        child = node()
        cur.next.set(w, child)
      }
      cur = child
    }
    cur.terminal = true
  }

  /** Root prefixes by the first character of the word they must start: most words have none to try. */
  private rootPrefixes: Map<number, string[]> | undefined

  private prefixesFor(w: string): readonly string[] {
    if (this.root.prefixes.length === 0) return NONE
    if (!this.rootPrefixes) {
      this.rootPrefixes = new Map()
      for (const p of this.root.prefixes) {
        const c = p.charCodeAt(0)
        const list = this.rootPrefixes.get(c)
        if (list) list.push(p)
        else this.rootPrefixes.set(c, [p])
      }
    }
    return this.rootPrefixes.get(w.charCodeAt(0)) ?? NONE
  }

  /** End (exclusive) of the longest phrase starting at `from`, or 0. */
  longestAt(norms: readonly string[], from: number): number {
    let best = 0
    let cur: TrieNode | undefined = this.root
    let i = from
    while (cur && i <= norms.length) {
      if (i > from && cur.terminal) best = i
      if (i === norms.length) break
      const w = norms[i]
      // An empty prefix ("*") never happens: splitPhrase drops it.
      for (const p of i === from ? this.prefixesFor(w) : cur.prefixes) if (w.startsWith(p)) best = Math.max(best, i + 1)
      cur = cur.next.get(w)
      i++
    }
    return best
  }

  /** For each index, the end of the longest phrase starting there (0 when none). */
  ends(norms: readonly string[]): Int32Array {
    const out = new Int32Array(norms.length)
    for (let i = 0; i < norms.length; i++) out[i] = this.longestAt(norms, i)
    return out
  }
}

export class Lexicon {
  private readonly classes = new Map<string, LexiconClass>()
  private readonly indexes = new Map<string, number>()
  /** Per word: for each class (by index), whether a phrase of it may start with the word; null for none. */
  private readonly starters = new Map<string, Uint8Array | null>()

  add(name: string, phrases: readonly string[]): void {
    let c = this.classes.get(name)
    if (!c) {
      c = new LexiconClass()
      this.classes.set(name, c)
      this.indexes.set(name, this.indexes.size)
    }
    for (const p of phrases) c.add(p)
    this.starters.clear()
  }

  get(name: string): LexiconClass {
    return this.classes.get(name) ?? new LexiconClass()
  }

  names(): Set<string> {
    return new Set(this.classes.keys())
  }

  /**
   * Which classes have a phrase that may start with this word (its first
   * word, or a prefix of it). Kept per word, so a sentence looks up each of
   * its words once instead of walking every class's trie at every word.
   */
  starts(word: string): Uint8Array | null {
    let s = this.starters.get(word)
    if (s !== undefined) return s
    s = null
    for (const [name, c] of this.classes) {
      const may = c.root.next.has(word) || c.root.prefixes.some((p) => word.startsWith(p))
      if (may) (s ??= new Uint8Array(this.indexes.size))[this.indexes.get(name)!] = 1
    }
    if (this.starters.size >= 50_000) this.starters.clear()
    this.starters.set(word, s)
    return s
  }

  /** How many classes there are (their indexes run from 0 to size - 1). */
  get size(): number {
    return this.indexes.size
  }

  /** The class's position in the flags `starts` returns (undefined: no such class). */
  indexOf(name: string): number | undefined {
    return this.indexes.get(name)
  }

  /** LexiconClass.ends, skipping the words no phrase of the class starts with (`starts`: this.starts of each word). */
  ends(name: string, norms: readonly string[], starts: ReadonlyArray<Uint8Array | null>): number[] {
    // A plain array: small typed arrays cost more to make and to collect.
    const out = zeroArray(norms.length)
    const c = this.classes.get(name)
    if (!c) return out
    const k = this.indexes.get(name)!
    for (let i = 0; i < norms.length; i++) {
      const s = starts[i]
      if (s !== null && s[k] === 1) out[i] = c.longestAt(norms, i)
    }
    return out
  }
}
