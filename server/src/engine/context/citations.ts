// Specific sources: what lets a reader find the evidence for a claim.
//   [1]  [1, 2]  [1-3]  (1)  (1,2)   numbered markers
//   [^feder2021]                     Markdown footnotes
//   [@feder2021]  @feder2021         pandoc citations
//   Feder et al., 2021  (Feder, 2021)  Feder and Costi (2021)   author-year
//   "a 2021 trial published in JAMA Psychiatry"                  named study
//   links to doi.org, PubMed or PMC, "doi: 10.", "PMID 123"
import type { Sentence, Token } from '../types.js'
import type { SentenceView } from './view.js'

export interface SourceMark {
  kind: 'numbered' | 'footnote' | 'pandoc' | 'author-year' | 'named-study' | 'link' | 'identifier'
  start: number
  end: number
}

const SOURCE_URL = /(^|\/\/)(dx\.)?doi\.org\/|pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov\/(pmc|pubmed)|pmc\.ncbi|clinicaltrials\.gov|cochranelibrary\.com|accessdata\.fda\.gov|fda\.gov\//i
const isYear = (t: Token | undefined): boolean => !!t && /^(19[5-9]\d|20[0-4]\d)[a-z]?$/.test(t.norm)
const isSmallNumber = (t: Token | undefined): boolean => !!t && /^\d{1,3}$/.test(t.norm)
const isName = (t: Token | undefined): boolean => !!t && t.kind === 'word' && /^\p{Lu}[\p{L}'’]+$/u.test(t.text)

export function sourceMarks(sentence: Sentence, view: SentenceView): SourceMark[] {
  const out: SourceMark[] = []
  const toks = sentence.tokens
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]
    if (t.text === '[' || t.text === '(') {
      const close = t.text === '[' ? ']' : ')'
      // Numbered: [1], [1, 2], [1-3], (1), (1,2)
      let j = i + 1
      let numbers = 0
      while (j < toks.length && (isSmallNumber(toks[j]) || toks[j].text === ',' || toks[j].text === '-' || toks[j].text === '–')) {
        if (isSmallNumber(toks[j])) numbers++
        j++
      }
      if (numbers > 0 && toks[j]?.text === close) {
        // "(1)" after a list word is an enumeration, not a citation: require it
        // to follow a word or close the sentence.
        if (t.text === '[' || i > 0) out.push({ kind: 'numbered', start: t.start, end: toks[j].end })
        i = j
        continue
      }
      if (t.text === '[' && (toks[i + 1]?.text === '^' || toks[i + 1]?.text.startsWith('^'))) {
        let k = i + 1
        while (k < toks.length && toks[k].text !== ']') k++
        if (k < toks.length) {
          out.push({ kind: 'footnote', start: t.start, end: toks[k].end })
          i = k
          continue
        }
      }
      if (t.text === '[' && (toks[i + 1]?.text === '@' || toks[i + 1]?.text.startsWith('@'))) {
        let k = i + 1
        while (k < toks.length && toks[k].text !== ']') k++
        if (k < toks.length) {
          out.push({ kind: 'pandoc', start: t.start, end: toks[k].end })
          i = k
          continue
        }
      }
      // (Feder, 2021)  (Feder et al., 2021)  (Feder and Costi 2021)
      if (t.text === '(' && isName(toks[i + 1])) {
        let k = i + 1
        let sawYear = false
        while (k < toks.length && k - i < 12 && toks[k].text !== ')') {
          if (isYear(toks[k])) sawYear = true
          k++
        }
        if (sawYear && toks[k]?.text === ')') {
          out.push({ kind: 'author-year', start: t.start, end: toks[k].end })
          i = k
          continue
        }
      }
    }
    // Feder et al. 2021 / Feder et al. (2021) / Feder et al., 2021
    if (t.norm === 'et' && toks[i + 1]?.norm === 'al' && isName(toks[i - 1])) {
      for (let k = i + 2; k < Math.min(toks.length, i + 6); k++) {
        if (isYear(toks[k])) {
          out.push({ kind: 'author-year', start: toks[i - 1].start, end: toks[k].end })
          break
        }
      }
    }
    // Footnote written as a caret or superscript digits: ketamine¹
    if (t.kind === 'symbol' && /^[¹²³⁴⁵⁶⁷⁸⁹⁰]+$/.test(t.text)) out.push({ kind: 'numbered', start: t.start, end: t.end })
    if ((t.norm === 'doi' || t.norm === 'pmid' || t.norm === 'pmcid') && i + 1 < toks.length) out.push({ kind: 'identifier', start: t.start, end: toks[Math.min(toks.length - 1, i + 2)].end })
    if (t.text.startsWith('@') && t.text.length > 1) out.push({ kind: 'pandoc', start: t.start, end: t.end })
  }
  // Named study: a year and a journal or "published in" in the same sentence.
  const years = view.words.filter((w) => isYear(w))
  if (years.length > 0) {
    const journals = view.phrases('journal')
    const publishedIn = view.norms.some((n, i) => n === 'published' && view.norms[i + 1] === 'in')
    if (journals.length > 0 || publishedIn) {
      const first = Math.min(years[0].start, journals[0] ? view.span(journals[0]).start : years[0].start)
      out.push({ kind: 'named-study', start: first, end: years[years.length - 1].end })
    }
  }
  for (const l of sentence.block.links) {
    if (l.start < sentence.end + 2 && l.end > sentence.start && SOURCE_URL.test(l.url)) out.push({ kind: 'link', start: l.start, end: l.end })
  }
  return out
}

export function hasSpecificSource(sentence: Sentence, view: SentenceView): boolean {
  return sourceMarks(sentence, view).length > 0
}
