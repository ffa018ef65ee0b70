/**
 * Pieces every HTML report shares: the bilingual text helper, the page shell with its
 * Content-Security-Policy, the CSS, and time formatting in Beijing time (the readers'
 * clock; stored times are UTC ISO strings).
 */
import { createHash } from 'node:crypto';
import type { Text } from '../../model/finding.ts';
import { html, raw, type SafeHtml } from '../../lib/html.ts';
import type { Lang } from '../i18n.ts';
import { T } from '../i18n.ts';

/**
 * Both languages in the page; CSS shows one. The switch is a checkbox in the header and
 * `body:has(#lang-en:checked)` rules (no script, so the CSP can forbid all script); browsers
 * without :has() keep the page in the language it opened in (`?lang=en`, `--lang en`).
 */
export function t(text: Text | undefined | null): SafeHtml {
  if (!text) return html``;
  if (text.zh === text.en) return html`${text.zh}`;
  return html`<span class="zh" lang="zh-CN">${text.zh}</span><span class="en" lang="en">${text.en}</span>`;
}

const BJ = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** `2026-11-21 12:48` in Beijing time; the raw value when it is not a date. */
export function fmtTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return BJ.format(d);
}

export function fmtDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function fmtNumber(n: number | undefined | null, digits = 2): string {
  if (n === undefined || n === null || !Number.isFinite(n)) return '—';
  if (Number.isInteger(n)) return String(n);
  return String(Math.round(n * 10 ** digits) / 10 ** digits);
}

export const CSS = `
:root{--fg:#1d2330;--muted:#5b6475;--bg:#fff;--soft:#f4f6fa;--line:#dde2ea;--red:#b3261e;--red-bg:#fdecea;--amber:#8a5a00;--amber-bg:#fff4d6;--green:#1e6b35;--green-bg:#e6f4ea;--blue:#1a56a6;--blue-bg:#e8f0fb;--grey-bg:#eef0f3}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:15px/1.6 -apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",system-ui,sans-serif;color:var(--fg);background:var(--bg)}
.en{display:none}
body:has(#lang-en:checked) .zh{display:none}
body:has(#lang-en:checked) .en{display:revert}
.lang-toggle{position:absolute;opacity:0;width:1px;height:1px;pointer-events:none}
.lang-switch{cursor:pointer;border:1px solid #fff8;border-radius:4px;padding:2px 10px;white-space:nowrap;color:#fff;font-size:14px;user-select:none}
#lang-en:focus-visible+.lang-switch{outline:2px solid #fff;outline-offset:2px}
header.top{background:#9e1b1b;color:#fff;padding:12px 16px}
header.top .bar{display:flex;justify-content:space-between;align-items:center;gap:12px;max-width:1100px;margin:0 auto}
header.top h1{font-size:18px;margin:0;line-height:1.3}
header.top a{color:#fff}
main{max-width:1100px;margin:0 auto;padding:12px 16px 40px;overflow-wrap:anywhere}
h2{font-size:19px;border-bottom:2px solid var(--line);padding-bottom:4px;margin:28px 0 12px}
h3{font-size:17px;margin:22px 0 8px}
h4{font-size:15px;margin:16px 0 6px;color:var(--muted)}
a{color:var(--blue);overflow-wrap:anywhere}
.nolink{color:var(--muted);overflow-wrap:anywhere;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px}
.muted{color:var(--muted)}
.small{font-size:13px}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0}
dl.meta dt{color:var(--muted)}
dl.meta dd{margin:0;overflow-wrap:anywhere;min-width:0}
.verdict{border-radius:8px;padding:14px 16px;margin:14px 0;border:1px solid var(--line)}
.verdict.veto{background:var(--red-bg);border-color:#f1b0aa}
.verdict.ok{background:var(--green-bg);border-color:#a8d5b5}
.verdict.review{background:var(--amber-bg);border-color:#eed39a}
.verdict.review .headline{color:var(--amber)}
.verdict .headline{font-size:20px;font-weight:700;margin:0 0 6px}
.verdict.veto .headline{color:var(--red)}
.verdict.ok .headline{color:var(--green)}
.kpis{display:flex;flex-wrap:wrap;gap:8px;margin:10px 0 0}
.kpi{background:#fff;border:1px solid var(--line);border-radius:6px;padding:6px 10px;min-width:96px}
.kpi b{display:block;font-size:20px;line-height:1.2}
.kpi span{font-size:12px;color:var(--muted)}
.kpi b.bad{color:var(--red)}
.badge{display:inline-block;font-size:12px;line-height:1.5;border-radius:3px;padding:0 6px;margin:0 4px 2px 0;white-space:nowrap;vertical-align:1px}
.sev-veto{background:var(--red);color:#fff}
.sev-deduct{background:var(--amber-bg);color:var(--amber);border:1px solid #eed39a}
.sev-advise{background:var(--blue-bg);color:var(--blue)}
.st-fail{background:var(--red-bg);color:var(--red)}
.st-warn{background:var(--amber-bg);color:var(--amber)}
.st-pass{background:var(--green-bg);color:var(--green)}
.st-cannot_assess,.st-not_applicable{background:var(--grey-bg);color:var(--muted)}
.ch-new{background:#6a1b9a;color:#fff}
.ch-open{background:var(--grey-bg);color:var(--fg)}
.ch-fixed{background:var(--green);color:#fff}
.ch-first{background:var(--grey-bg);color:var(--muted)}
.ref{font-family:ui-monospace,Menlo,Consolas,monospace;background:var(--soft);border:1px solid var(--line)}
nav.toc{background:var(--soft);border-radius:6px;padding:8px 12px;margin:12px 0}
nav.toc ul{margin:4px 0;padding-left:18px}
section.check{border:1px solid var(--line);border-left:4px solid var(--line);border-radius:6px;padding:10px 12px;margin:12px 0}
section.check.sev-l-veto{border-left-color:var(--red)}
section.check.sev-l-deduct{border-left-color:#e0a800}
section.check.sev-l-advise{border-left-color:var(--blue)}
section.check h4{margin:0 0 4px;color:var(--fg);font-size:16px}
.defect{border-top:1px dashed var(--line);padding:8px 0 4px}
.defect:first-of-type{border-top:0}
.defect .msg{font-weight:600;margin:2px 0 4px}
.field{display:grid;grid-template-columns:6.5em 1fr;gap:0 8px;margin:2px 0}
.field>.k{color:var(--muted);font-size:13px;padding-top:1px}
.field>.v{min-width:0;overflow-wrap:anywhere}
.fix{background:var(--green-bg);border-radius:4px;padding:4px 8px;margin-top:4px}
blockquote.quote{margin:2px 0;padding:2px 8px;border-left:3px solid var(--line);background:var(--soft);font-size:13px;white-space:pre-wrap;overflow-wrap:anywhere;max-height:12em;overflow:auto}
img.shot{max-width:100%;height:auto;border:1px solid var(--line);border-radius:4px;margin-top:4px}
.tablewrap{overflow-x:auto;max-width:100%;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border-bottom:1px solid var(--line);padding:5px 6px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600;white-space:nowrap}
td.num,th.num{text-align:right;white-space:nowrap}
td.url{overflow-wrap:anywhere;word-break:break-word;min-width:12em}
ul.plain{list-style:none;padding:0;margin:4px 0}
ul.plain li{margin:2px 0}
.chart{margin:8px 0;max-width:100%;overflow:hidden}
.chart svg{max-width:100%;height:auto}
.grid2{display:grid;grid-template-columns:1fr;gap:12px}
@media (min-width:900px){.grid2{grid-template-columns:1fr 1fr}}
details.breakdown{margin-top:10px;background:#fff;border:1px solid var(--line);border-radius:6px;padding:6px 10px}
details.breakdown summary{cursor:pointer;font-weight:600}
details.tech{margin-top:4px}details.tech summary{cursor:pointer}
tr.current td{background:var(--blue-bg)}
footer.foot{max-width:1100px;margin:0 auto;padding:16px;color:var(--muted);font-size:12px;border-top:1px solid var(--line)}
@media (max-width:600px){body{font-size:14px}.field{grid-template-columns:1fr}.field>.k{padding-top:4px}dl.meta{gap:2px 8px}header.top h1{font-size:16px}th,td{padding:4px}}
@media print{.lang-switch{display:none}header.top{background:#fff;color:#000}header.top a{color:#000}section.check{break-inside:avoid}}
`;

/**
 * ECharts' SVG output carries presentation attributes and a few style="" attributes; those
 * are inert declarations (style-src-attr), not script. `frame-ancestors` only works as an
 * HTTP header, so the served pages add it (see `cspHeaderFor`).
 */
export function cspPolicy(css: string): string {
  const hash = createHash('sha256').update(css).digest('base64');
  return `default-src 'none'; img-src data: 'self'; style-src 'sha256-${hash}'; style-src-attr 'unsafe-inline'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'`;
}

/**
 * The page shell. The CSP allows our one <style> block by hash, images only from data: URIs
 * and files next to the report, and no script at all: the language switch is a CSS
 * checkbox, so even a markup-escaping bug could not run crawled script.
 */
export function page(opts: { title: string; body: SafeHtml; headerTitle: SafeHtml; lang?: Lang; generatedAt: string; extraCss?: string }): string {
  const css = CSS + (opts.extraCss ?? '');
  const csp = cspPolicy(css);
  const checked = opts.lang === 'en' ? raw(' checked') : raw('');
  return html`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<meta name="generator" content="govmon">
<title>${opts.title}</title>
<style>${raw(css)}</style>
</head>
<body>
<header class="top"><div class="bar"><h1>${opts.headerTitle}</h1><input type="checkbox" id="lang-en" class="lang-toggle"${checked} aria-label="English / 中文"><label for="lang-en" class="lang-switch" title="Switch language / 切换语言"><span class="zh" lang="en">${T.switchLang.zh}</span><span class="en" lang="zh-CN">${T.switchLang.en}</span></label></div></header>
<main>
${opts.body}
</main>
<footer class="foot" data-generated="${opts.generatedAt}">${t(T.footer)} ${t(T.generated)}: ${fmtTime(opts.generatedAt)} (UTC+8) · govmon</footer>
</body>
</html>
`.value;
}

/** HTTP header form of the same policy, for pages served live (`govmon serve`). */
export function cspHeaderFor(htmlText: string): string | undefined {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(htmlText);
  return m ? m[1].replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&') + "; frame-ancestors 'none'" : undefined;
}
