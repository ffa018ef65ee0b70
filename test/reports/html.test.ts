import { describe, it, expect } from 'vitest';
import { esc, html, raw, link, safeUrl, sniffImage, imageDataUri } from '../../lib/html.ts';
import { mdEsc, mdLine, mdLink } from '../../reports/render/site-md.ts';
import { sanitizeSvg, renderChart, sparkline, trendChart } from '../../reports/charts.ts';
import { csvSafe } from '../../reports/export.ts';
import { distributionScores } from '../../reports/render/overview-html.ts';

describe('lib/html escaping', () => {
  it('escapes the five HTML metacharacters and backtick, drops control characters', () => {
    expect(esc(`<a href="x" onclick='y'>&\``)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;');
    expect(esc('a\u0000b\u0007c\nd')).toBe('abc\nd');
    expect(esc(undefined)).toBe('');
    expect(esc(42)).toBe('42');
  });

  it('html`` escapes every interpolation except SafeHtml and joins arrays', () => {
    const evil = '<script>window.__pwned=1</script>';
    const out = html`<p title="${evil}">${evil}${[evil, raw('<b>ok</b>')]}${null}${false}</p>`.value;
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    expect(out).toContain('<b>ok</b>');
    expect(out.startsWith('<p title="&lt;script&gt;')).toBe(true);
  });

  it('safeUrl lets only http(s) through for crawled URLs', () => {
    expect(safeUrl('https://www.gov.cn/a?b=1#c')).toBe('https://www.gov.cn/a?b=1#c');
    expect(safeUrl('HTTP://WWW.GOV.CN/')).toBe('http://www.gov.cn/');
    for (const bad of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      '\u0001javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'mailto:a@b.c',
      '//evil.example/x',
      '/relative/path',
      '',
      undefined,
      42,
    ]) {
      expect(safeUrl(bad), String(bad)).toBeUndefined();
    }
  });

  it('safeUrl allows relative references only when asked (links between our own pages)', () => {
    expect(safeUrl('sites/demo-a/report.html', { allowRelative: true })).toBe('sites/demo-a/report.html');
    expect(safeUrl('#d-abc', { allowRelative: true })).toBe('#d-abc');
    expect(safeUrl('../../index.html', { allowRelative: true })).toBe('../../index.html');
    expect(safeUrl('javascript:alert(1)', { allowRelative: true })).toBeUndefined();
    expect(safeUrl('java\tscript:alert(1)', { allowRelative: true })).toBeUndefined();
    expect(safeUrl('//evil.example/', { allowRelative: true })).toBeUndefined();
    expect(safeUrl('\\\\evil.example\\', { allowRelative: true })).toBeUndefined();
  });

  it('link() renders unsafe URLs as text and safe ones with noopener', () => {
    const bad = link('javascript:window.__pwned=1', '<b>x</b>').value;
    expect(bad).not.toContain('href');
    expect(bad).toContain('class="nolink"');
    expect(bad).toContain('&lt;b&gt;x&lt;/b&gt;');
    const good = link('https://www.gov.cn/"onmouseover="x').value;
    expect(good).toContain('href="https://www.gov.cn/%22onmouseover=%22x"');
    expect(good).toContain('rel="noopener noreferrer nofollow"');
    const internal = link('sites/a/report.html', 'A', { internal: true }).value;
    expect(internal).toBe('<a href="sites/a/report.html">A</a>');
  });

  it('images are recognised by magic bytes only', () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    expect(sniffImage(png)).toBe('image/png');
    expect(imageDataUri(png)?.startsWith('data:image/png;base64,')).toBe(true);
    expect(sniffImage(Buffer.from('<svg onload="x">'))).toBeUndefined();
    expect(imageDataUri(Buffer.from('<html>'))).toBeUndefined();
  });
});

describe('markdown and csv escaping', () => {
  it('mdEsc neutralises markdown syntax and raw HTML', () => {
    const s = mdEsc('<img src=x onerror=alert(1)> [a](javascript:x) **b**\n# h');
    expect(s).not.toMatch(/<img/);
    expect(s).toContain('&lt;img');
    expect(s).toContain('\\[a\\](javascript:x)');
    expect(s).toContain('\\*\\*b\\*\\*');
    expect(mdEsc('2026-11-04 a.b')).toBe('2026-11-04 a.b');
    expect(mdLine('# not a heading')).toBe('\\# not a heading');
    expect(mdLine('1. not a list')).toBe('1\\. not a list');
    expect(s).not.toContain('\n');
  });

  it('mdLink links http(s) only and encodes parentheses', () => {
    expect(mdLink('https://a.gov.cn/x(1).html', 't')).toBe('[t](https://a.gov.cn/x%281%29.html)');
    expect(mdLink('javascript:alert(1)')).toBe('`javascript:alert(1)`');
  });

  it('csvSafe stops spreadsheet formulas but keeps numbers', () => {
    expect(csvSafe('=HYPERLINK("http://x")')).toBe(`'=HYPERLINK("http://x")`);
    expect(csvSafe('-3.5')).toBe('-3.5');
    expect(csvSafe('@SUM(1)')).toBe(`'@SUM(1)`);
    expect(csvSafe(null)).toBe('');
  });
});

describe('charts', () => {
  it('renders an ECharts SVG server-side, escaping labels and removing the hover style block', () => {
    const out = renderChart({ xAxis: { type: 'category', data: ['<script>x</script>'] }, yAxis: { type: 'value' }, series: [{ type: 'bar', data: [1] }] }, 300, 200).value;
    expect(out).toContain('<svg');
    expect(out).not.toContain('<script>');
    expect(out).not.toMatch(/<style/);
    expect(out).toContain('&lt;script&gt;');
  });

  it('sanitizeSvg refuses executable SVG', () => {
    expect(sanitizeSvg('<svg><script>alert(1)</script></svg>')).toBeUndefined();
    expect(sanitizeSvg('<svg><rect onclick="x"/></svg>')).toBeUndefined();
    expect(sanitizeSvg('<svg><a xlink:href="javascript:x"></a></svg>')).toBeUndefined();
    expect(sanitizeSvg('<svg><rect fill="red"/></svg>')).toBe('<svg><rect fill="red"/></svg>');
  });

  it('keeps a chart whose labels only look like markup, with no attribute broken out', () => {
    const out = trendChart(['a', 'b'], [{ name: 'x" onmouseover="alert(1)', data: [1, 2] }, { name: "y'><script>alert(1)</script>", data: [2, 1] }], 'T', 'n').value;
    expect(out).toContain('<svg');
    expect(out).toContain('x&quot; onmouseover=&quot;alert(1)');
    // Every attribute is well formed: no quote characters left over inside tags.
    for (const tag of out.match(/<[a-z][^>]*>/g) ?? []) expect(tag.replace(/="[^"]*"/g, ''), tag).not.toMatch(/["']/);
    expect(sanitizeSvg('<svg><text>a<b</text></svg>')).toBeUndefined();
    expect(sanitizeSvg('<svg><rect/><!DOCTYPE x></svg>')).toBeUndefined();
  });

  it('sparkline colours an improving score green and a worsening defect count red', () => {
    expect(sparkline([60, 70, 80], { higherIsBetter: true }).value).toContain('#1e6b35');
    expect(sparkline([1, 3, 5], { higherIsBetter: false }).value).toContain('#b3261e');
    expect(sparkline([5]).value).toBe('');
  });

  it('leaves provisional totals (unreachable or blocked sites) out of the score distribution and counts them', () => {
    // The demo's unreachable site scored a provisional 100 and showed as a green 90–100 bar.
    expect(distributionScores([{ score: 0 }, { score: 100, provisional: true }, { score: 66.67, provisional: true }, { score: 98.3 }, {}])).toEqual({ scores: [0, 98.3], provisional: 2 });
  });
});

describe('overview ranking', () => {
  it('ranks like govmon score: vetoed sites below the rest by deduction score, provisional and no-data unranked', async () => {
    const { rankGroup } = await import('../../reports/overview.ts');
    type Row = Parameters<typeof rankGroup>[0][number];
    const row = (id: string, over: Partial<Row>): Row =>
      ({
        site: { id, name: id, url: `http://${id}.gov.cn/`, group: 'g', level: '市', kind: '部门网站', region: '' },
        state: 'scored',
        veto: false,
        vetoRefs: [],
        vetoReviewRefs: [],
        defects: 0,
        newDefects: 0,
        fixedDefects: 0,
        cannotAssess: 0,
        defectsByFamily: {},
        trend: [],
        trendKind: 'score',
        ...over,
      }) as Row;
    const rows = [
      row('a-veto-64', { score: 0, veto: true, deductionScore: 64 }),
      row('b-veto-49', { score: 0, veto: true, deductionScore: 48.98 }),
      row('c-provisional', { score: 100, provisional: true }),
      row('d-70', { score: 70 }),
      row('e-none', { state: 'no_data' }),
      row('f-veto-64', { score: 0, veto: true, deductionScore: 64 }),
    ];
    rankGroup(rows);
    expect(rows.map((r) => [r.site.id, r.rank ?? null])).toEqual([
      ['d-70', 1],
      ['a-veto-64', 2],
      ['f-veto-64', 2],
      ['b-veto-49', 4],
      ['c-provisional', null],
      ['e-none', null],
    ]);
    expect(rows[0].of).toBe(4);
  });
});
