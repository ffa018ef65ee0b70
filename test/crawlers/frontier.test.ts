import { describe, it, expect } from 'vitest';
import { normaliseUrl, TrapGuard, repeatsSegments, looksLikePage } from '../../crawlers/frontier.ts';

describe('normaliseUrl', () => {
  it('lower-cases scheme and host, drops default ports and fragments, keeps query order', () => {
    expect(normaliseUrl('HTTP://WWW.FZ.GOV.CN:80/Zwgk/Index.html?b=2&a=1#top')?.url).toBe('http://www.fz.gov.cn/Zwgk/Index.html?b=2&a=1');
    expect(normaliseUrl('https://www.fz.gov.cn:443/')?.url).toBe('https://www.fz.gov.cn/');
    expect(normaliseUrl('https://www.fz.gov.cn:8443/')?.url).toBe('https://www.fz.gov.cn:8443/');
  });

  it('strips session ids and utm_* parameters and says so', () => {
    const a = normaliseUrl('http://x.gov.cn/list.jsp;jsessionid=ABC123?page=2');
    expect(a).toEqual({ url: 'http://x.gov.cn/list.jsp?page=2', hadSession: true });
    expect(normaliseUrl('http://x.gov.cn/a.php?PHPSESSID=1&id=5&utm_source=wx')?.url).toBe('http://x.gov.cn/a.php?id=5');
    expect(normaliseUrl('http://x.gov.cn/a.do?sid=9')?.url).toBe('http://x.gov.cn/a.do');
    expect(normaliseUrl('http://x.gov.cn/a.do?sessionid=9&x=1')?.hadSession).toBe(true);
    expect(normaliseUrl('http://x.gov.cn/a.do?siteid=9')?.url).toBe('http://x.gov.cn/a.do?siteid=9');
  });

  it('rejects what cannot be crawled', () => {
    expect(normaliseUrl('javascript:void(0)')).toBeUndefined();
    expect(normaliseUrl('ftp://x.gov.cn/')).toBeUndefined();
    expect(normaliseUrl('http://[bad')).toBeUndefined();
  });
});

describe('TrapGuard', () => {
  it('caps distinct query variants per path', () => {
    const g = new TrapGuard({ maxQueryVariants: 5 });
    const verdicts = Array.from({ length: 8 }, (_, i) => g.check(`http://x.gov.cn/list.jsp?page=${i}`));
    expect(verdicts.filter((v) => v === undefined)).toHaveLength(5);
    expect(verdicts.at(-1)).toBe('trap_query_variants');
    expect(g.check('http://x.gov.cn/list.jsp?page=1')).toBeUndefined(); // already admitted
    expect(g.check('http://x.gov.cn/other.jsp?page=1')).toBeUndefined();
    expect(g.stats.get('trap_query_variants')).toMatchObject({ count: 3, sample: 'http://x.gov.cn/list.jsp?page=5' });
    expect([...g.stats.get('trap_query_variants')!.paths]).toEqual([['x.gov.cn/list.jsp', 3]]);
  });

  it('refuses repeated path segments and absurdly deep paths', () => {
    const g = new TrapGuard({ maxQueryVariants: 20 });
    expect(g.check('http://x.gov.cn/a/b/a/b/a/b/index.html')).toBe('trap_path_repeat');
    expect(g.check('http://x.gov.cn/news/news/news/1.html')).toBe('trap_path_repeat');
    expect(g.check('http://x.gov.cn/' + Array.from({ length: 25 }, (_, i) => `d${i}`).join('/'))).toBe('trap_path_repeat');
    expect(g.check('http://x.gov.cn/zwgk/zwgk/index.html')).toBeUndefined();
    expect(repeatsSegments(['a', 'b', 'c'])).toBe(false);
  });

  it('refuses calendars walking far away but keeps dated article URLs', () => {
    const g = new TrapGuard({ maxQueryVariants: 1000, now: new Date('2026-11-20T00:00:00Z') });
    expect(g.check('http://x.gov.cn/calendar.do?date=2031-01-01')).toBe('trap_calendar');
    expect(g.check('http://x.gov.cn/calendar.do?year=1960&month=1')).toBe('trap_calendar');
    expect(g.check('http://x.gov.cn/archive/1970/01/')).toBe('trap_calendar');
    // A calendar stepping day by day inside the window is capped per URL pattern.
    const days = Array.from({ length: 100 }, (_, i) => {
      const d = new Date(Date.UTC(2026, 0, 1) + i * 86400_000).toISOString().slice(0, 10);
      return g.check(`http://x.gov.cn/events.do?day=${d}`);
    });
    expect(days.filter((v) => v === 'trap_calendar').length).toBeGreaterThan(30);
    // Hundreds of articles in one month are not a calendar: their ids differ.
    const articles = Array.from({ length: 200 }, (_, i) => g.check(`http://x.gov.cn/xwdt/202611/t20261115_${1000 + i}.html`));
    expect(articles.every((v) => v === undefined)).toBe(true);
  });
});

describe('looksLikePage', () => {
  it('tells pages from attachments by the path', () => {
    for (const u of ['http://x.gov.cn/', 'http://x.gov.cn/zwgk', 'http://x.gov.cn/a.html', 'http://x.gov.cn/a.shtml', 'http://x.gov.cn/list.jsp?id=1', 'http://x.gov.cn/art/2026/1/1/art_1_2.html', 'http://x.gov.cn/a.do'])
      expect(looksLikePage(u), u).toBe(true);
    for (const u of ['http://x.gov.cn/a.pdf', 'http://x.gov.cn/a.DOCX', 'http://x.gov.cn/a.wps', 'http://x.gov.cn/a.rar', 'http://x.gov.cn/a.jpg', 'http://x.gov.cn/a.css', 'http://x.gov.cn/a.xlsx', 'http://x.gov.cn/a.ofd'])
      expect(looksLikePage(u), u).toBe(false);
  });
});
