// Shared shapes of the engine. Kept free of logic so every front end
// (CLI, language server, tests) can import them cheaply.

export const CATEGORIES = [
  'efficacy',
  'safety',
  'regulatory',
  'comparative',
  'absolute',
  'statistic',
  'anecdote',
  'hype',
  'fact',
] as const

export type Category = (typeof CATEGORIES)[number]

/** The categories that make up "any claim" in ANNOTATION.md. */
export const ANY_CLAIM: readonly Category[] = ['efficacy', 'safety', 'regulatory', 'comparative', 'absolute']

export type Severity = 'error' | 'warning' | 'info'
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info']

export type TokenKind = 'word' | 'number' | 'punct' | 'symbol'

export interface Token {
  /** Source text of the token. */
  text: string
  /** Lower-cased, apostrophe-normalised form used for matching. */
  norm: string
  start: number
  end: number
  kind: TokenKind
}

export type BlockKind = 'heading' | 'paragraph' | 'listItem' | 'tableCell' | 'line'

export interface LinkSpan {
  start: number
  end: number
  url: string
}

export interface Block {
  kind: BlockKind
  start: number
  end: number
  links: LinkSpan[]
}

export interface Sentence {
  start: number
  end: number
  /** Source slice (with masked markup replaced by spaces). */
  text: string
  /** All non-whitespace tokens, in order. */
  tokens: Token[]
  block: Block
  /** A heading, or a short line without closing punctuation (a title or a bullet fragment). */
  isHeading: boolean
  isQuestion: boolean
}

export interface Finding {
  ruleId: string
  category: Category
  severity: Severity
  message: string
  start: number
  end: number
  line: number
  column: number
  endLine: number
  endColumn: number
  /** Documentation of the rule. */
  url: string
  source: 'claimlint'
  /** The sentence the claim sits in. */
  sentence: { start: number; end: number }
  /** The text that was flagged. */
  actual: string
  /** Context that a reviewer would want to see (e.g. "vague attribution: studies show"). */
  notes?: string[]
  pack: string
}

export type Format = 'markdown' | 'plaintext'

/**
 * Whole-draft review (server/src/engine/review/): what a draft lacks rather
 * than what a sentence claims. Kept apart from the nine claim categories so
 * severity settings, the eval and the rule docs are not affected.
 */
export const DOC_CATEGORIES = ['balance', 'off-label', 'options', 'sources', 'currency', 'readability'] as const

export type DocCategory = (typeof DOC_CATEGORIES)[number]

/** A document-level finding: the same fields (and JSON contract) as a claim finding, with a document category. */
export type DocFinding = Omit<Finding, 'category'> & { category: DocCategory }
