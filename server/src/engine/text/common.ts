// What two versions of a draft share at either end: the lengths of their
// common prefix and suffix (the suffix never overlapping the prefix). Used per
// keystroke on long drafts, so compared a block at a time (string equality is
// fast), then by character.
const BLOCK = 1024

export function commonEnds(old: string, text: string): { prefix: number; suffix: number } {
  const n0 = old.length
  const n1 = text.length
  const m = Math.min(n0, n1)
  let p = 0
  while (p + BLOCK <= m && old.slice(p, p + BLOCK) === text.slice(p, p + BLOCK)) p += BLOCK
  while (p < m && old.charCodeAt(p) === text.charCodeAt(p)) p++
  let q = 0
  while (q + BLOCK <= m - p && old.slice(n0 - q - BLOCK, n0 - q) === text.slice(n1 - q - BLOCK, n1 - q)) q += BLOCK
  while (q < m - p && old.charCodeAt(n0 - 1 - q) === text.charCodeAt(n1 - 1 - q)) q++
  return { prefix: p, suffix: q }
}
