import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Store } from '../../store/store.ts';
import { serve, page, html, type TestServer } from './helpers.ts';

const BIN = fileURLToPath(new URL('../../bin/govmon.js', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'govmon-cli-audit-'));
let portal: TestServer;
let endless: TestServer;

function run(args: string[], opts: { interruptAfterProgress?: boolean } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, GOVMON_LOG_LEVEL: 'silent', GOVMON_DATA_DIR: join(tmp, 'data'), VITEST: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    let interrupted = false;
    child.stderr.on('data', (d) => {
      stderr += d;
      // Interrupt once the crawl is visibly under way (start-up on a loaded machine takes a while).
      if (opts.interruptAfterProgress && !interrupted && /\] crawl: [1-9]/.test(stderr)) {
        interrupted = true;
        setTimeout(() => child.kill('SIGINT'), 500);
      }
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function registry(file: string, body: string): string {
  const path = join(tmp, file);
  writeFileSync(path, body);
  return path;
}

beforeAll(async () => {
  portal = await serve({
    '/': page('<div class="nav"><a href="/zwgk/">政务公开</a><a href="/files/guide.pdf">办事指南下载</a><a href="/old/topic.html">专题活动</a><a href="/esc.html">\u001b[2J清屏</a></div><div class="footer">版权所有 网站标识码1234567890</div>'),
    '/zwgk/': page('<p>政务公开</p>'),
  });
  endless = await serve({}, async (_q, res, url) => {
    await new Promise((r) => setTimeout(r, 100));
    res.setHeader('content-type', 'text/html; charset=utf-8');
    const id = url.pathname.replace(/\W/g, '') || 'r';
    res.end(html(`<div class="nav">${[0, 1, 2, 3].map((i) => `<a href="/${id}${i}.html">${i}</a>`).join('')}</div>`));
  });
});
afterAll(async () => {
  await portal.close();
  await endless.close();
});

const yaml = (url: string, extra = '') => `monitor:
  name: govmon-test
  contactUrl: https://example.org/contact
resolve:
  www.cli-city.gov.cn: 127.0.0.1
sites:
  - id: cli-city
    name: 测试市人民政府
    region: 测试省测试市
    level: 市
    kind: 门户网站
    url: ${url}
    limits:
      maxSeconds: 60
      render: never
${extra}`;

describe('govmon audit (CLI)', () => {
  it('audits a registered site and prints broken links with the linking page and anchor text', async () => {
    const cfg = registry('ok.yaml', yaml(`http://www.cli-city.gov.cn:${portal.port}/`));
    const db = join(tmp, 'ok.db');
    const r = await run(['audit', 'cli-city', '--config', cfg, '--db', db, '--out', join(tmp, 'out'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const [s] = JSON.parse(r.stdout);
    expect(s).toMatchObject({ siteId: 'cli-city', status: 'complete' });
    expect(s.pagesFetched).toBe(4);
    const broken = s.brokenLinks.map((b: { url: string; page: string; linkText: string; failureClass: string }) => [new URL(b.url).pathname, b.failureClass, b.linkText]);
    expect(broken).toEqual(
      expect.arrayContaining([
        ['/files/guide.pdf', 'http_4xx', '办事指南下载'],
        ['/old/topic.html', 'http_4xx', '专题活动'],
      ]),
    );
    expect(s.brokenLinks[0].page).toBe(`http://www.cli-city.gov.cn:${portal.port}/`);
    const store = await Store.open(db);
    const stored = await store.getRun(s.runId);
    expect(stored?.status).toBe('complete');
    expect((await store.findings(s.runId)).length).toBeGreaterThan(0);
    await store.close();
    expect(s.reportPath).toBe(join(tmp, "out", "cli-city", "report.html"));
    expect(existsSync(s.reportPath)).toBe(true);
  });

  it('prints a readable summary without --json', async () => {
    const cfg = registry('ok2.yaml', yaml(`http://www.cli-city.gov.cn:${portal.port}/`));
    const r = await run(['audit', 'cli-city', '--config', cfg, '--db', join(tmp, 'ok2.db'), '--out', join(tmp, 'out2')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/run [0-9a-f-]+: complete/);
    expect(r.stdout).toMatch(/failures: http_4xx 3/);
    expect(r.stdout).toContain('linked from');
    expect(r.stdout).toContain('「办事指南下载」');
    // A page's text never reaches the terminal with its control characters (here: clear screen).
    expect(r.stdout).toContain('清屏');
    expect(r.stdout).not.toContain('\u001b');
  });

  it('explains a site whose robots.txt excludes everything, and how to override it', async () => {
    const closed = await serve({ '/robots.txt': (_q, res) => res.end('User-agent: *\nDisallow: /\n'), '/': page('<p>首页</p>') });
    try {
      const r = await run(['audit', `http://127.0.0.1:${closed.port}/`, '--db', join(tmp, 'robots.db'), '--out', join(tmp, 'out-robots'), '--render', 'never']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('failures: robots_disallowed 1');
      expect(r.stdout).toMatch(/hint: robots\.txt disallows the home page.*--ignore-robots/);
      const again = await run(['audit', `http://127.0.0.1:${closed.port}/`, '--db', join(tmp, 'robots.db'), '--out', join(tmp, 'out-robots'), '--render', 'never', '--ignore-robots', '--json']);
      expect(JSON.parse(again.stdout)[0]).toMatchObject({ pagesFetched: 1, hints: [] });
    } finally {
      await closed.close();
    }
  });

  it('rejects a bad registry before any request, naming file, line, field and fix (exit 2)', async () => {
    const before = portal.requests.length;
    const badCfg = registry('bad2.yaml', yaml(`http://www.cli-city.gov.cn:${portal.port}/`).replace('    limits:\n', '    limits:\n      maxPagez: 10\n'));
    const r = await run(['audit', 'cli-city', '--config', badCfg, '--db', join(tmp, 'bad.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad2\.yaml:\d+: field `sites\[0\]\.limits/);
    expect(r.stderr).toContain('maxPagez');
    expect(r.stderr).toMatch(/fix:/);
    expect(portal.requests.length).toBe(before);
    const r2 = await run(['audit', '--max-pages', 'lots', `http://127.0.0.1:${portal.port}/`, '--db', join(tmp, 'bad.db')]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('--max-pages');
  });

  it('stops on SIGINT, saves the run as incomplete and exits 130', async () => {
    const db = join(tmp, 'int.db');
    const r = await run(['audit', `http://127.0.0.1:${endless.port}/`, '--db', db, '--max-seconds', '120', '--render', 'never', '--json'], { interruptAfterProgress: true });
    expect(r.code, `stdout: ${r.stdout.slice(-500)}\nstderr: ${r.stderr.slice(-1500)}`).toBe(130);
    const [s] = JSON.parse(r.stdout);
    expect(s.status).toBe('incomplete');
    expect(s.note).toMatch(/stopped on request/);
    const store = await Store.open(db);
    const stored = await store.getRun(s.runId);
    expect(stored?.status).toBe('incomplete');
    expect((await store.observations(s.runId, ['page'])).length).toBeGreaterThan(0);
    await store.close();
  });
});
