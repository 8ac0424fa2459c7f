// Letters from other scripts that look like Latin ones. A word spelled with
// a Cyrillic "а" or a Greek "ο" must not slip past a rule, so words that mix
// scripts are read with their Latin look-alikes. Words written wholly in
// another script are left alone (they are that language, not a disguise).
const LOOKALIKES: Record<string, string> = {
  // Cyrillic
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', і: 'i', ї: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', ɡ: 'g',
  // Greek
  α: 'a', β: 'b', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', γ: 'y',
  // Letter-like symbols
  ı: 'i', ℓ: 'l',
}

const LATIN = /[a-z]/
const OTHER = /[\u0370-\u03ff\u0400-\u052f\u0131\u2113\u0261]/

/** Map look-alike letters to Latin in a lower-cased word that mixes scripts. */
export function deconfuse(word: string): string {
  if (!OTHER.test(word)) return word
  // Wholly non-Latin words (real Greek or Russian) stay as they are...
  const mapped = [...word].map((c) => LOOKALIKES[c] ?? c).join('')
  // ...unless every letter has a Latin twin: then it is a disguised English word.
  const allTwins = [...word].every((c) => !OTHER.test(c) || c in LOOKALIKES)
  return LATIN.test(word) || allTwins ? mapped : word
}

/** Whether a word uses letters from another script that look like Latin ones. */
export function hasLookalikes(word: string): boolean {
  return OTHER.test(word) && deconfuse(word) !== word
}
