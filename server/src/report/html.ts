// The review report as ONE self-contained HTML file: inline CSS, inline SVG
// charts and a few lines of inline JavaScript (sorting the overview). No
// external script, stylesheet, font or image; a Content-Security-Policy
// forbids loading any. The only links that leave the page go to sources
// (DOI, PubMed, the regulator's page).
import { DOC_CATEGORIES, SEVERITIES, type Severity } from '../engine/types.js'
import { ALL_CATEGORIES, overview, type AnyCategory, type ChecklistItem, type DraftReport, type SourceRef } from './model.js'

export interface ReportMeta {
  version: string
  /** When the report was made (shown, and used for source ages). */
  date: Date
  /**
   * For a page shown inside another app (a VS Code webview): only the script
   * carrying this nonce may run, so nothing injected into the page can. The
   * file written by `claimlint report` has none (its one inline script runs).
   */
  nonce?: string
}

export const SEVERITY_COLORS: Record<Severity, string> = { error: '#c62828', warning: '#e08a00', info: '#1f6fb2' }
const SEVERITY_LABELS: Record<Severity, string> = { error: 'errors', warning: 'warnings', info: 'notes' }

export function esc(s: string | number | undefined): string {
  return String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

/** Only http(s) links to sources leave the page; anything else is shown as text. */
function sourceLink(s: SourceRef): string {
  const label = `<span class="src-label">${esc(s.label)}</span>`
  if (s.link && /^https:\/\//.test(s.link)) return `<a class="source" href="${esc(s.link)}" title="${esc(s.reference)}" rel="noreferrer noopener" target="_blank">${label}</a>`
  return `<span class="source" title="${esc(s.reference)}">${label}</span>`
}

// Dark colours, for a browser set to a dark scheme and for VS Code's dark and
// high-contrast themes (the webview's body gets their class): the same
// meaning, text at least 4.5:1 against its background.
const DARK = '--fg:#e3e7ee;--muted:#a7b1bf;--line:#39414d;--bg:#14181e;--card:#1d232b;--head:#0d1117;--soft:#29303a;--h3:#c9d1dc;--claim:#d8dde5;--suggest:#8fd694;--link:#7cb7ff;--na:#6b7584'

const CSS = `
:root{color-scheme:light dark;--fg:#1d2430;--muted:#5b6575;--line:#dde2ea;--bg:#f6f8fb;--card:#fff;--head:#1d2a3a;--soft:#f0f3f8;--h3:#334;--claim:#333;--suggest:#1b5e20;--link:#0b57a4;--na:#9aa4b2;--good:#2e7d32;--mid:#e08a00;--bad:#c62828}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
header.top{background:var(--head);color:#fff;padding:20px 32px}
header.top h1{margin:0;font-size:22px}
header.top p{margin:4px 0 0;color:#c9d3e0;font-size:13px}
main{max-width:1180px;margin:0 auto;padding:20px 24px 48px}
section.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 22px;margin:18px 0}
h2{margin:0 0 12px;font-size:19px}
h3{margin:18px 0 8px;font-size:15px;color:var(--h3)}
table{border-collapse:collapse;width:100%;font-size:13.5px}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
table.sortable th{cursor:pointer;user-select:none}
table.sortable th::after{content:" \\2195";color:var(--na);font-size:11px}
table.sortable th[aria-sort=ascending]::after{content:" \\25B2";color:var(--fg)}
table.sortable th[aria-sort=descending]::after{content:" \\25BC";color:var(--fg)}
.summary{display:flex;gap:22px;align-items:center;flex-wrap:wrap}
.score{width:92px;height:92px;border-radius:50%;display:flex;flex-direction:column;align-items:center;justify-content:center;color:#fff;font-weight:700;font-size:30px;line-height:1}
.score small{font-size:11px;font-weight:500;margin-top:4px}
.score.good{background:var(--good)}.score.needs-work{background:var(--mid)}.score.not-ready{background:var(--bad)}
.facts{display:grid;grid-template-columns:max-content max-content;gap:2px 14px;font-size:14px;margin:0}
.facts dt{color:var(--muted)}.facts dd{margin:0;font-weight:600}
.grid{display:grid;grid-template-columns:minmax(0,1.2fr) minmax(0,1fr);gap:22px}
@media (max-width:900px){.grid{grid-template-columns:1fr}}
ul.checklist{list-style:none;padding:0;margin:0}
ul.checklist li{display:grid;grid-template-columns:26px 1fr;gap:2px 8px;padding:5px 0;border-bottom:1px dashed var(--line)}
ul.checklist .mark{font-weight:700;text-align:center;border-radius:4px;color:#fff;height:22px;line-height:22px}
li.pass .mark{background:var(--good)}li.fail .mark{background:var(--bad)}li.na .mark{background:var(--na)}
ul.checklist .detail{grid-column:2;color:var(--muted);font-size:13px}
.sev{display:inline-block;padding:0 6px;border-radius:4px;color:#fff;font-size:12px;font-weight:600}
.sev.error{background:${SEVERITY_COLORS.error}}.sev.warning{background:${SEVERITY_COLORS.warning}}.sev.info{background:${SEVERITY_COLORS.info}}
table.claims th:nth-child(2),table.document th:nth-child(2){min-width:170px}table.claims th:nth-child(3){width:20%}table.claims th:nth-child(4),table.claims th:nth-child(5){width:25%}table.claims th:nth-child(6){width:13%}
code{font-size:12.5px;background:var(--soft);padding:1px 4px;border-radius:3px}
.claim{color:var(--claim)}.suggest{color:var(--suggest)}
.muted{color:var(--muted)}
a{color:var(--link)}
a.source{color:var(--link);text-decoration:none;border-bottom:1px dotted var(--link);margin-right:6px;display:inline-block}
svg.chart text{font:12px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:var(--fg)}
svg.chart line{stroke:var(--line)}
.legend span{display:inline-block;margin-right:12px;font-size:12px}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:-1px}
@media (prefers-color-scheme:dark){:root{${DARK}}}
body.vscode-dark,body.vscode-high-contrast:not(.vscode-high-contrast-light){${DARK}}
`

const SCRIPT = `
(function(){
  function key(cell){var v=cell.getAttribute('data-value');return v===null?cell.textContent.trim():v}
  document.querySelectorAll('table.sortable').forEach(function(table){
    var heads=table.querySelectorAll('thead th');
    heads.forEach(function(th,col){
      th.setAttribute('tabindex','0');
      function sort(){
        var dir=th.getAttribute('aria-sort')==='ascending'?'descending':'ascending';
        heads.forEach(function(h){h.removeAttribute('aria-sort')});
        th.setAttribute('aria-sort',dir);
        var numeric=th.getAttribute('data-type')==='number';
        var body=table.tBodies[0];
        var rows=Array.prototype.slice.call(body.rows);
        rows.sort(function(a,b){
          var x=key(a.cells[col]),y=key(b.cells[col]);
          var c=numeric?((x===''?-Infinity:+x)-(y===''?-Infinity:+y)):x.localeCompare(y);
          return dir==='ascending'?c:-c;
        });
        rows.forEach(function(r){body.appendChild(r)});
      }
      th.addEventListener('click',sort);
      th.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){e.preventDefault();sort()}});
    });
  });
})();
`

/** Horizontal stacked bars: one per category with findings, split by severity; claims first, then document checks. */
export function chartSvg(r: DraftReport): string {
  const present = (c: AnyCategory): boolean => SEVERITIES.some((s) => r.counts[c][s] > 0)
  const claimCats = ALL_CATEGORIES.filter((c) => !(DOC_CATEGORIES as readonly string[]).includes(c) && present(c))
  const docCats = ALL_CATEGORIES.filter((c) => (DOC_CATEGORIES as readonly string[]).includes(c) && present(c))
  if (claimCats.length + docCats.length === 0) return '<p class="muted chart-empty">No findings.</p>'
  const total = (c: AnyCategory): number => SEVERITIES.reduce((n, s) => n + r.counts[c][s], 0)
  const max = Math.max(...[...claimCats, ...docCats].map(total))
  const labelW = 96
  const barW = 300
  const rowH = 24
  const groupH = 22
  const width = labelW + barW + 40
  let y = 0
  const parts: string[] = []
  const group = (title: string, cats: AnyCategory[]): void => {
    if (cats.length === 0) return
    parts.push(`<text class="group" x="0" y="${y + 15}" font-weight="600">${esc(title)}</text><line x1="0" x2="${width}" y1="${y + groupH - 2}" y2="${y + groupH - 2}"/>`)
    y += groupH
    for (const c of cats) {
      let x = labelW
      const rects = SEVERITIES.filter((s) => r.counts[c][s] > 0).map((s) => {
        const n = r.counts[c][s]
        const w = Math.max(2, (n / max) * barW)
        const rect = `<rect class="seg" data-severity="${s}" data-count="${n}" x="${x.toFixed(1)}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 8}" rx="2" fill="${SEVERITY_COLORS[s]}"><title>${esc(c)}: ${n} ${SEVERITY_LABELS[s]}</title></rect>`
        x += w
        return rect
      })
      parts.push(`<g class="bar" data-category="${esc(c)}" data-total="${total(c)}"><text x="${labelW - 8}" y="${y + rowH / 2 + 4}" text-anchor="end">${esc(c)}</text>${rects.join('')}<text class="count" x="${(x + 6).toFixed(1)}" y="${y + rowH / 2 + 4}">${total(c)}</text></g>`)
      y += rowH
    }
    y += 6
  }
  group('Claims', claimCats)
  group('Document checks', docCats)
  const height = y
  const legend = SEVERITIES.map((s) => `<span><i style="background:${SEVERITY_COLORS[s]}"></i>${SEVERITY_LABELS[s]}</span>`).join('')
  return `<svg class="chart" role="img" aria-label="Findings by category and severity" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg><div class="legend">${legend}</div>`
}

function checklistHtml(items: readonly ChecklistItem[]): string {
  const mark: Record<ChecklistItem['status'], string> = { pass: '✓', fail: '✗', 'n/a': '–' }
  return `<ul class="checklist">${items
    .map((c) => `<li class="${c.status === 'n/a' ? 'na' : c.status}" data-check="${c.id}" data-status="${c.status}"><span class="mark">${mark[c.status]}</span><span><strong>${esc(c.label)}</strong> <span class="muted">(${esc(c.discern)})</span></span><span class="detail">${esc(c.detail)}</span></li>`)
    .join('')}</ul>`
}

function readingHtml(r: DraftReport): string {
  const g = r.reading
  if (g.grade === undefined) return '<p class="muted">No prose to measure.</p>'
  const above = g.paragraphs.filter((p) => p.above)
  const hardest = g.hardest.length
    ? `<h3>Hardest sentences</h3><ol class="hardest">${g.hardest.map((h) => `<li>Line ${h.line}, grade ${h.grade}: <span class="claim">${esc(h.text)}</span></li>`).join('')}</ol>`
    : ''
  return `<dl class="facts reading"><dt>Flesch-Kincaid grade</dt><dd data-grade="${g.grade}">${g.grade}</dd><dt>SMOG grade</dt><dd>${g.smog}</dd><dt>Targets</dt><dd>${g.target} or below (Flesch-Kincaid), ${g.smogTarget} or below (SMOG)</dd><dt>Words</dt><dd>${g.words}</dd><dt>Paragraphs above target</dt><dd>${above.length} of ${g.paragraphs.length}</dd></dl>${hardest}`
}

function claimsHtml(r: DraftReport): string {
  if (r.claims.length === 0) return '<p class="muted">No claims flagged.</p>'
  const rows = r.claims.map(
    (c) =>
      `<tr data-rule="${esc(c.finding.ruleId)}" data-severity="${c.finding.severity}"><td class="num">${c.finding.line}</td><td><span class="sev ${c.finding.severity}">${c.finding.severity}</span><br><code>${esc(c.finding.ruleId)}</code></td><td class="claim">${esc(c.sentence)}</td><td>${esc(c.finding.message)}</td><td class="suggest">${c.suggestion ? esc(c.suggestion) : '<span class="muted">—</span>'}</td><td>${c.sources.map(sourceLink).join(' ') || '<span class="muted">—</span>'}</td></tr>`,
  )
  return `<table class="claims"><thead><tr><th class="num">Line</th><th>Rule</th><th>Claim</th><th>Why it is flagged</th><th>Suggested rewrite</th><th>Sources</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
}

function documentHtml(r: DraftReport): string {
  if (r.document.length === 0) return '<p class="muted">Nothing missing.</p>'
  const rows = r.document.map(
    (d) =>
      `<tr data-rule="${esc(d.finding.ruleId)}" data-severity="${d.finding.severity}"><td class="num">${d.finding.line}</td><td><span class="sev ${d.finding.severity}">${d.finding.severity}</span><br><code>${esc(d.finding.ruleId)}</code></td><td>${esc(d.finding.message)}</td><td>${d.fix ? esc(d.fix) : '<span class="muted">—</span>'}${d.sources.length ? '<br>' + d.sources.map(sourceLink).join(' ') : ''}</td></tr>`,
  )
  return `<table class="document"><thead><tr><th class="num">Line</th><th>Check</th><th>What is missing</th><th>Fix</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
}

function draftHtml(r: DraftReport, anchor: string): string {
  const cls = r.verdict.replace(' ', '-')
  const t = r.totals
  return `<section class="card draft" id="${anchor}" data-file="${esc(r.file)}" data-score="${r.score}">
<h2>${esc(r.file)}</h2>
<div class="summary"><div class="score ${cls}" title="100 less 10 per error, 4 per warning, 1 per note">${r.score}<small>${esc(r.verdict)}</small></div>
<dl class="facts"><dt>Treatment</dt><dd>${esc(r.treatment ?? '—')}</dd><dt>Claims flagged</dt><dd>${r.claims.length}</dd><dt>Document checks failed</dt><dd>${r.document.length}</dd><dt>Errors / warnings / notes</dt><dd>${t.error} / ${t.warning} / ${t.info}</dd><dt>Reading grade</dt><dd>${r.reading.grade ?? '—'} (target ${r.reading.target})</dd></dl></div>
<div class="grid"><div><h3>Findings by category and severity</h3>${chartSvg(r)}</div><div><h3>Checklist (DISCERN-style, checked by machine)</h3>${checklistHtml(r.checklist)}</div></div>
<h3>Reading level</h3>${readingHtml(r)}
<h3>Claims</h3>${claimsHtml(r)}
<h3>Document checks</h3>${documentHtml(r)}
</section>`
}

function overviewHtml(reports: readonly DraftReport[]): string {
  const rows = overview(reports)
  const num = (v: number | undefined): string => `<td class="num" data-value="${v ?? ''}">${v ?? '—'}</td>`
  return `<section class="card" id="overview"><h2>Overview</h2>
<table class="sortable" id="overview-table"><thead><tr><th data-type="text">Draft</th><th class="num" data-type="number">Score</th><th class="num" data-type="number">Errors</th><th class="num" data-type="number">Warnings</th><th class="num" data-type="number">Notes</th><th class="num" data-type="number">Claims</th><th class="num" data-type="number">Document</th><th class="num" data-type="number">FK grade</th><th class="num" data-type="number">SMOG</th><th class="num" data-type="number">Checklist</th></tr></thead>
<tbody>${rows
    .map(
      (o) =>
        `<tr data-file="${esc(o.file)}"><td data-value="${esc(o.file)}"><a href="#${o.anchor}">${esc(o.file)}</a></td>${num(o.score)}${num(o.errors)}${num(o.warnings)}${num(o.notes)}${num(o.claims)}${num(o.document)}${num(o.grade)}${num(o.smog)}<td class="num" data-value="${o.checklist}">${o.checklist}/6</td></tr>`,
    )
    .join('')}</tbody></table>
<p class="muted">Click a column to sort. Score: 100 less 10 per error, 4 per warning and 1 per note (claims and document checks together).</p></section>`
}

export function renderHtml(reports: readonly DraftReport[], meta: ReportMeta): string {
  const day = meta.date.toISOString().slice(0, 10)
  // Inline style attributes (the chart legend) need 'unsafe-inline' for styles; a nonce would disable it.
  const scriptSrc = meta.nonce ? `'nonce-${esc(meta.nonce)}'` : "'unsafe-inline'"
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src ${scriptSrc}; img-src data:">
<meta name="generator" content="claimlint ${esc(meta.version)}">
<title>claimlint review report</title>
<style>${CSS}</style>
</head>
<body>
<header class="top"><h1>claimlint review report</h1><p>${reports.length} draft${reports.length === 1 ? '' : 's'} · ${esc(day)} · claimlint ${esc(meta.version)} · made on this machine, nothing sent anywhere</p></header>
<main>
${overviewHtml(reports)}
${reports.map((r, i) => draftHtml(r, `draft-${i + 1}`)).join('\n')}
</main>
<script${meta.nonce ? ` nonce="${esc(meta.nonce)}"` : ''}>${SCRIPT}</script>
</body>
</html>
`
}
