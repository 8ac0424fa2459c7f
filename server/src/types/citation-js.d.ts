// citation-js ships no type declarations; this covers the part claimlint uses.
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: unknown)
    data: Array<Record<string, unknown>>
    format(kind: 'bibliography' | 'citation' | 'data' | 'bibtex', options?: Record<string, unknown>): string | unknown
  }
  export const plugins: unknown
}
declare module '@citation-js/plugin-csl'
declare module '@citation-js/plugin-bibtex'
