/**
 * Lighthouse through the gatherer on a loopback page with real Chromium, reached by a
 * fictitious *.gov.cn host through --host-resolver-rules; then the quality checks over it.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLighthouseGatherer, pickSample } from '../../crawlers/lighthouse.ts';
import type { GatherContext } from '../../crawlers/gatherer.ts';
import type { LighthouseObservation, Observation } from '../../model/observation.ts';
import { DEFAULT_LIMITS, RegistrySchema, type Site } from '../../model/site.ts';
import { log } from '../../lib/log.ts';
import { runChecks } from '../../checks/run.ts';
import { checks as quality } from '../../checks/quality/index.ts';

const HOST = 'www.lhtest.gov.cn';
const PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>灯塔测试市人民政府</title></head>
<body><h1>灯塔测试市人民政府</h1>
<img src="/banner.png" width="200" height="50">
<p style="color:#bbb;background:#fff">低对比度的文字说明</p>
<a href="/xwdt/index.html">新闻动态</a> <a href="/xwdt/202611/t20261101_1.html">市政府召开常务会议</a>
</body></html>`;

describe('lighthouse gatherer (real Chromium)', () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/banner.png') {
        res.writeHead(404);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PAGE);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('audits the home page: category scores, metrics, axe violations with WCAG tags, screenshot on disk', async () => {
    const site: Site = { id: 'lh', name: '灯塔测试市人民政府', region: '测试省', level: '市', kind: '门户网站', url: `http://${HOST}:${port}/`, offersServices: true, entries: {}, seeds: [], limits: {}, tags: [] };
    const dataDir = mkdtempSync(join(tmpdir(), 'govmon-lh-'));
    const artifactDir = join(dataDir, 'artifacts', 'run1');
    const out: Observation[] = [];
    const ctx: GatherContext = {
      site,
      registry: RegistrySchema.parse({ resolve: { [HOST]: '127.0.0.1' }, sites: [site] }),
      limits: { ...DEFAULT_LIMITS, timeoutSeconds: 10 },
      userAgent: 'govmon-test',
      emit: (o) => out.push(o),
      signal: AbortSignal.timeout(90_000),
      log,
      artifactDir,
    };
    await createLighthouseGatherer({ limit: 0 }).gather(ctx);
    expect(out).toHaveLength(1);
    const o = out[0] as LighthouseObservation;
    expect(o.kind).toBe('lighthouse');
    expect(o.failure).toBeUndefined();
    for (const c of ['performance', 'accessibility', 'best-practices', 'seo']) {
      expect(o.scores[c]).toBeGreaterThanOrEqual(0);
      expect(o.scores[c]).toBeLessThanOrEqual(100);
    }
    expect(o.metrics['first-contentful-paint']).toBeGreaterThan(0);
    const imageAlt = o.axe.find((v) => v.id === 'image-alt');
    expect(imageAlt).toBeDefined();
    expect(imageAlt!.tags).toContain('wcag111');
    expect(imageAlt!.nodes).toBe(1);
    expect(imageAlt!.samples[0]).toContain('img');
    expect(o.axe.some((v) => v.id === 'html-has-lang')).toBe(true);
    expect(o.screenshot).toBeDefined();
    expect(existsSync(resolve(dataDir, o.screenshot!))).toBe(true);

    // The quality checks over what Lighthouse saw: the missing alt text is a GB/T 37668 level-1 defect.
    const fs = runChecks(quality, { site, now: new Date(), pages: [], links: [], probes: [], tls: [], httpRedirects: [], resources: [], lighthouse: [o], events: [] });
    const a11y = fs.find((f) => f.key === 'quality.accessibility')!;
    expect(a11y.status).toBe('fail');
    expect(fs.find((f) => f.key === 'quality.accessibility|image-alt')?.evidence[0].data).toMatchObject({ gbtLevel: 1, criteria: ['1.1.1'] });
    expect(['pass', 'warn']).toContain(fs.find((f) => f.key === 'quality.lighthouse')!.status);
  }, 120_000);

  it('samples columns and articles from the home page links', () => {
    const L = (url: string) => ({ url, tag: 'a', internal: true });
    const s = pickSample('http://www.x.gov.cn/', [L('http://www.x.gov.cn/'), L('http://www.x.gov.cn/xwdt/index.html'), L('http://www.x.gov.cn/xwdt/202611/t20261101_1.html'), L('http://www.x.gov.cn/files/a.pdf'), L('http://www.x.gov.cn/tzgg/')], 3);
    expect(s).toEqual([
      { url: 'http://www.x.gov.cn/xwdt/index.html', role: 'column' },
      { url: 'http://www.x.gov.cn/xwdt/202611/t20261101_1.html', role: 'article' },
      { url: 'http://www.x.gov.cn/tzgg/', role: 'column' },
    ]);
  });
});
