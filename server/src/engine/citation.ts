// citation-js, loaded on first use (formatting a reference for a fix, reading
// a .bib file, writing a bibliography) instead of at startup: it is a large
// part of what a cold start would otherwise load, and most runs never need it.
//
// From the compiled ESM (dist/) it is loaded with createRequire. In the
// server bundle (scripts/bundle-server.mjs), esbuild sees the literal
// require() calls, bundles the modules and runs them on first call.
import { createRequire } from 'node:module'
import type { Cite as CiteClass } from '@citation-js/core'

let cite: typeof CiteClass | undefined

/** The Cite class, with the BibTeX and CSL plugins registered. */
export function citationJs(): typeof CiteClass {
  if (cite) return cite
  if (typeof require === 'function') {
    cite = (require('@citation-js/core') as { Cite: typeof CiteClass }).Cite
    require('@citation-js/plugin-bibtex')
    require('@citation-js/plugin-csl')
  } else {
    const load = createRequire(import.meta.url)
    cite = (load('@citation-js/core') as { Cite: typeof CiteClass }).Cite
    load('@citation-js/plugin-bibtex')
    load('@citation-js/plugin-csl')
  }
  return cite
}
