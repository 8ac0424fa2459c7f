// The review measures each sentence once and adds the counts up for its
// paragraph and the draft (joinedCounts). That must give exactly what
// counting the joined text as one piece gives (counts), sentence ends inside quotes
// and abbreviations included: checked on seeded random sentences. (The
// review tests check the grades the review reports.)
import { describe, expect, it } from 'vitest'
import { counts, joinedCounts, pieceCounts } from '../../server/src/engine/readability.js'
import { prng } from '../../bench/drafts.js'

const WORDS = ['ketamine', 'relieves', 'depression', 'Dr.', 'e.g.', 'U.S.', '2.5', '45%', 'side-effects', "patient's", 'anesthesia', 'a', 'the', 'CBT', 'é', 'naïve', '—', '(see', 'above)', '"quoted"', 'it’s']
const ENDS = ['.', '!', '?', '...', '."', '.”', '?’', '.)', '.]', '!")', '.']

/** A sentence as the review measures it: words, then a full stop and perhaps closing quotes or brackets. */
function sentence(rand: () => number): string {
  const n = Math.floor(rand() * 12)
  const words = Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)])
  // Inner sentence ends too ("It works. Really." measured as one piece).
  if (n > 3 && rand() < 0.3) words.splice(2, 0, `${words[1]}. `)
  return `${words.join(' ')}${ENDS[Math.floor(rand() * ENDS.length)]}`.trimStart()
}

describe('joinedCounts', () => {
  it('equals counts() of the joined text for random sentences', () => {
    const rand = prng(20261124)
    for (let run = 0; run < 2000; run++) {
      const pieces = Array.from({ length: 1 + Math.floor(rand() * 8) }, () => sentence(rand))
      expect(joinedCounts(pieces.map(pieceCounts)), JSON.stringify(pieces)).toEqual(counts(pieces.join(' ')))
    }
  })

  it('runs a sentence ending in a quote on into the next, as the joined text does', () => {
    const pieces = ['He said "it works."', 'Then he left.']
    expect(counts(pieces.join(' ')).sentence).toBe(1)
    expect(joinedCounts(pieces.map(pieceCounts)).sentence).toBe(1)
    expect(joinedCounts(['It works.', 'Then he left.'].map(pieceCounts)).sentence).toBe(2)
  })
})
