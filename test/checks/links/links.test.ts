import { describe, it, expect } from 'vitest';
import { runCheck } from '../../../checks/run.ts';
import { checks } from '../../../checks/links/index.ts';
import type { Finding } from '../../../model/finding.ts';
import { ctx, link, linkObs, page } from './build.ts';

const byId = (id: string) => checks.find((c) => c.id === id)!;
const summary = (fs: Finding[]) => fs.find((f) => f.key === f.checkId)!;
const defect = (fs: Finding[], url: string) => fs.find((f) => f.key?.endsWith(`|${url}`));

const H = 'https://www.fuzhou.gov.cn';

function portal() {
  const home = page(`${H}/`, {
    depth: 0,
    links: [
      link(`${H}/xxgk/`, '信息公开'),
      link(`${H}/gone.html`, '已删除的通知'),
      link(`${H}/files/a.pdf`, '附件下载'),
      link(`${H}/img/banner.jpg`, '横幅', { tag: 'img' }),
      link(`${H}/slow.html`, '慢页面'),
      link(`${H}/flaky.html`, '偶发错误'),
      link(`${H}/protected.doc`, '内部文件'),
      link(`${H}/waf.html`, '被拦截'),
      link('https://dead.example.com/', '外部失效', { internal: false }),
      link('javascript:void(0)', '脚本', { invalid: 'unsupported scheme' }),
    ],
  });
  const column = page(`${H}/xxgk/`, {
    links: [link(`${H}/gone.html`, '已删除的通知（栏目）'), link(`${H}/old/2019.html`, '2019年旧文'), link(`${H}/xxgk/ok.html`, '正常文章')],
  });
  return ctx({
    pages: [
      home,
      column,
      page(`${H}/gone.html`, { status: 404, failure: { class: 'http_4xx', message: 'HTTP 404' }, links: [] }),
      page(`${H}/xxgk/ok.html`),
      page(`${H}/slow.html`, { status: 0, failure: { class: 'timeout', message: 'no response in 15 s' } }),
      page(`${H}/waf.html`, { status: 200, failure: { class: 'blocked', message: 'anti-bot challenge: 安全狗 (safedog) (HTTP 200)' } }),
    ],
    links: [
      linkObs(`${H}/files/a.pdf`, 404, { failure: { class: 'http_4xx', message: 'HTTP 404' } }),
      linkObs(`${H}/img/banner.jpg`, 200, { contentType: 'image/jpeg' }),
      linkObs(`${H}/flaky.html`, 502, { failure: { class: 'http_5xx', message: 'HTTP 502' } }),
      linkObs(`${H}/flaky.html`, 502, { failure: { class: 'http_5xx', message: 'HTTP 502' }, attempt: 2, at: '2026-11-20T09:00:00.000Z' }),
      linkObs(`${H}/protected.doc`, 403, { failure: { class: 'blocked', message: 'HTTP 403 Forbidden' } }),
      linkObs(`${H}/old/2019.html`, 410, { failure: { class: 'http_4xx', message: 'HTTP 410' } }),
      linkObs('https://dead.example.com/', 404, { failure: { class: 'http_4xx', message: 'HTTP 404' } }),
    ],
  });
}

describe('links.broken-home (D-02)', () => {
  it('counts confirmed on-site breaks only: 404 page, 404 attachment, 403 file, 502 confirmed by re-check', () => {
    const fs = runCheck(byId('links.broken-home'), portal());
    const s = summary(fs);
    expect(s.status).toBe('fail');
    expect(s.measure).toBe(4);
    for (const u of ['gone.html', 'files/a.pdf', 'protected.doc', 'flaky.html']) expect(defect(fs, `${H}/${u}`)?.status).toBe('fail');
    // planted non-problems and not-yet-confirmed ones
    expect(defect(fs, `${H}/img/banner.jpg`)).toBeUndefined();
    expect(defect(fs, `${H}/waf.html`)).toBeUndefined();
    expect(defect(fs, `${H}/slow.html`)?.status).toBe('warn');
    expect(defect(fs, 'https://dead.example.com/')?.status).toBe('warn');
    expect(defect(fs, `${H}/`)).toBeUndefined();
  });

  it('attributes a broken target to the page and anchor text linking to it', () => {
    const fs = runCheck(byId('links.broken-home'), portal());
    const d = defect(fs, `${H}/files/a.pdf`)!;
    expect(d.evidence[0]).toMatchObject({ url: `${H}/files/a.pdf`, page: `${H}/`, linkText: '附件下载', status: 404, failureClass: 'http_4xx' });
    expect(d.evidence[0].data?.defect).toBe(true);
  });

  it('clears a suspected break when the re-check succeeds', () => {
    const c = portal();
    c.links.push(linkObs(`${H}/slow.html`, 200, { attempt: 2, at: '2026-11-20T09:00:00.000Z' }));
    const fs = runCheck(byId('links.broken-home'), c);
    expect(defect(fs, `${H}/slow.html`)).toBeUndefined();
  });

  it('does not count 403s when the site refuses most of our requests', () => {
    const home = page(`${H}/`, { depth: 0, links: [1, 2, 3, 4, 5].map((i) => link(`${H}/p${i}.html`, `文章${i}`)) });
    const pages = [home, ...[1, 2, 3, 4, 5].map((i) => page(`${H}/p${i}.html`, { status: 403, failure: { class: 'blocked', message: 'HTTP 403 Forbidden' } }))];
    const fs = runCheck(byId('links.broken-home'), ctx({ pages }));
    expect(summary(fs).status).toBe('cannot_assess');
    expect(summary(fs).measure).toBe(0);
  });
});

describe('links.broken-other (D-02)', () => {
  it('counts breaks found on other pages, excluding targets already counted on the home page', () => {
    const fs = runCheck(byId('links.broken-other'), portal());
    const s = summary(fs);
    expect(s.measure).toBe(1);
    expect(defect(fs, `${H}/old/2019.html`)?.status).toBe('fail');
    expect(defect(fs, `${H}/gone.html`)).toBeUndefined();
    expect(defect(fs, `${H}/old/2019.html`)!.evidence[0]).toMatchObject({ page: `${H}/xxgk/`, linkText: '2019年旧文' });
  });

  it('passes a clean site', () => {
    const fs = runCheck(byId('links.broken-other'), ctx({ pages: [page(`${H}/`, { depth: 0 }), page(`${H}/a/`, { links: [link(`${H}/b.html`, 'b')] }), page(`${H}/b.html`)] }));
    expect(summary(fs).status).toBe('pass');
    expect(summary(fs).measure).toBe(0);
  });
});

describe('links.offsite and links.raw-ip (S-11)', () => {
  const c = ctx({
    pages: [
      page(`${H}/`, {
        depth: 0,
        links: [
          link('https://www.fj.gov.cn/', '福建省政府'),
          link('https://bszs.conac.cn/sitename?method=show&id=1', '党政机关'),
          link('https://www.people.com.cn/', '人民网', { internal: false }),
          link('http://news.people.com.cn/a.html', '人民网新闻', { internal: false }),
          link('https://xn--zfr164b.xn--zfr164b/', '政务域名'),
          link('http://10.12.1.5:8080/oa/', '办公系统', { internal: false }),
          link('http://[2001:db8::1]/x', 'v6', { internal: false }),
          link('http://bad-casino.com/', '友情链接', { internal: false }),
        ],
      }),
    ],
  });

  it('lists non-gov domains for review, once per registrable domain, allowing conac.cn and .政务', () => {
    const fs = runCheck(byId('links.offsite'), c);
    const s = summary(fs);
    expect(s.status).toBe('warn');
    expect(s.requiresReview).toBe(true);
    expect(s.measure).toBe(2);
    expect(fs.find((f) => f.key === 'links.offsite|people.com.cn')?.evidence[0].data?.links).toBe(2);
    expect(fs.find((f) => f.key === 'links.offsite|bad-casino.com')).toBeDefined();
    expect(fs.some((f) => f.key?.includes('conac') || f.key?.includes('fj.gov.cn') || f.key?.includes('10.12'))).toBe(false);
  });

  it('fails links to raw IPv4 and IPv6 addresses with their range', () => {
    const fs = runCheck(byId('links.raw-ip'), c);
    expect(summary(fs).measure).toBe(2);
    expect(fs.find((f) => f.key === 'links.raw-ip|http://10.12.1.5:8080/oa/')?.evidence[0].data?.range).toBe('private');
  });
});

describe('403 on a crawled page vs on a link target', () => {
  it('a page answering 403 is not judged; an attachment answering 403 is confirmed broken', () => {
    const home = page(`${H}/`, { depth: 0, links: [link(`${H}/col/col2250/index.html`, '内部资料'), link(`${H}/files/nbzl.pdf`, '内部资料.pdf'), link(`${H}/xxgk/`, '信息公开')] });
    const pages = [home, page(`${H}/col/col2250/index.html`, { status: 403, failure: { class: 'blocked', message: 'HTTP 403 Forbidden' } }), page(`${H}/xxgk/`)];
    const links = [linkObs(`${H}/files/nbzl.pdf`, 403, { failure: { class: 'blocked', message: 'HTTP 403 Forbidden' } })];
    const fs = runCheck(byId('links.broken-home'), ctx({ pages, links }));
    expect(defect(fs, `${H}/col/col2250/index.html`)).toBeUndefined();
    expect(defect(fs, `${H}/files/nbzl.pdf`)?.status).toBe('fail');
    expect(summary(fs).measure).toBe(1);
  });
});

describe('URL canonical form', () => {
  it('joins a link carrying a session id and a fragment with the crawler’s fetch of the clean URL', () => {
    const home = page(`${H}/`, { depth: 0, links: [link(`${H}/files/b.pdf;jsessionid=ABC123?utm_source=x#p2`, '附件')] });
    const links = [linkObs(`${H}/files/b.pdf`, 404, { failure: { class: 'http_4xx', message: 'HTTP 404' } })];
    const fs = runCheck(byId('links.broken-home'), ctx({ pages: [home], links }));
    expect(summary(fs).measure).toBe(1);
    expect(defect(fs, `${H}/files/b.pdf`)?.evidence[0].linkText).toBe('附件');
  });
});
