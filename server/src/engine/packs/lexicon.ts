// Lexicon classes: named lists of words and phrases, compiled once into a
// trie per class so that finding every phrase in a sentence is linear in the
// sentence (times the longest phrase).
import { splitPhrase } from './pattern.js'

interface TrieNode {
  next: Map<string, TrieNode>
  /** Prefixes ("reliev*") that end a phrase here. */
  prefixes: string[]
  terminal: boolean
}

const node = (): TrieNode => ({ next: new Map(), prefixes: [], terminal: false })

export class LexiconClass {
  readonly root: TrieNode = node()
  readonly entries: string[] = []
  maxLength = 0

  add(phrase: string): void {
    const words = splitPhrase(phrase)
    if (words.length === 0) return
    this.entries.push(phrase)
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

  /** End (exclusive) of the longest phrase starting at `from`, or 0. */
  longestAt(norms: readonly string[], from: number): number {
    let best = 0
    let cur: TrieNode | undefined = this.root
    let i = from
    while (cur && i <= norms.length) {
      if (i > from && cur.terminal) best = i
      if (i === norms.length) break
      const w = norms[i]
      for (const p of cur.prefixes) if (w.startsWith(p)) best = Math.max(best, i + 1)
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

  add(name: string, phrases: readonly string[]): void {
    let c = this.classes.get(name)
    if (!c) {
      c = new LexiconClass()
      this.classes.set(name, c)
    }
    for (const p of phrases) c.add(p)
  }

  get(name: string): LexiconClass {
    return this.classes.get(name) ?? new LexiconClass()
  }

  names(): Set<string> {
    return new Set(this.classes.keys())
  }
}
