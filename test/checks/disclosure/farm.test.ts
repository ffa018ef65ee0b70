/**
 * The disclosure and services checks against the demo portal farm, end to end: the real
 * crawler fetches the farm's city, county and department portals over loopback HTTP, then the
 * checks run on what it stored, and every planted item of both families (demo/farm/planted.ts)
 * must come out as planted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFarm, type Farm } from '../../../demo/farm/index.ts';
import { plantedFor, type Planted } from '../../../demo/farm/planted.ts';
import { verifyCheck } from '../../../demo/farm/verify.ts';
import { crawlSite } from '../../../crawlers/crawl.ts';
import { effectiveLimits, userAgent } from '../../../model/site.ts';
import type { Observation } from '../../../model/observation.ts';
import type { CheckContext, Finding } from '../../../model/finding.ts';
import { log } from '../../../lib/log.ts';
import { runChecks } from '../../../checks/run.ts';
import { checks as disclosure } from '../../../checks/disclosure/index.ts';
import { checks as services } from '../../../checks/services/index.ts';

// After 31 March, so both annual-report deadlines have passed and G-08 is judged.
const NOW = new Date('2026-11-20T02:00:00Z');
const mine = [...disclosure, ...services];
const known = new Set(mine.map((c) => c.id));
let planted: Planted[] = [];

let farm: Farm;
let dir: string;
const findings = new Map<string, Finding[]>();

async function crawl(siteId: string): Promise<Observation[]> {
  const site = farm.registry.sites.find((s) => s.id === siteId)!;
  const obs: Observation[] = [];
  await crawlSite(
    {
      site,
      registry: farm.registry,
      // The shared machine is loaded; a generous time budget keeps the crawl complete.
      limits: { ...effectiveLimits(farm.registry, site), render: 'never', checkExternalLinks: true, maxSeconds: 400, maxPages: 600 },
      userAgent: userAgent(farm.registry),
      emit: (o) => obs.push(o),
      signal: new AbortController().signal,
      log: log.child({ test: 'checks-c-farm', siteId }),
      artifactDir: dir,
    },
    {},
  );
  return obs;
}

function context(siteId: string, obs: Observation[]): Omit<CheckContext, 'options'> {
  const site = farm.registry.sites.find((s) => s.id === siteId)!;
  const ctx: Omit<CheckContext, 'options'> = { site, now: NOW, pages: [], links: [], probes: [], tls: [], httpRedirects: [], resources: [], lighthouse: [], events: [] };
  for (const o of obs) {
    if (o.kind === 'page') ctx.pages.push(o);
    else if (o.kind === 'link') ctx.links.push(o);
    else if (o.kind === 'crawl_event') ctx.events.push(o);
  }
  return ctx;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'govmon-checks-c-'));
  farm = await startFarm({ now: NOW });
  planted = plantedFor(farm).filter((p) => p.check && known.has(p.check.checkId));
  // Every farm site with a planted item of these families (the unreachable one included).
  const sites = [...new Set(['mj-city', 'qx-county', 'mj-fgw', ...planted.map((p) => p.site)])];
  const crawled = await Promise.all(sites.map((id) => crawl(id)));
  sites.forEach((id, k) => findings.set(id, runChecks(mine, context(id, crawled[k]))));
}, 900_000);

afterAll(async () => {
  await farm?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('planted disclosure and services items on the demo farm', () => {
  it('covers every planted item of both families', () => {
    expect(planted.length).toBeGreaterThanOrEqual(20);
    const results = planted.map((p) => verifyCheck(p, findings.get(p.site) ?? [], known));
    const missed = results.filter((r) => r.verdict !== 'met').map((r) => `${r.planted.id} (${r.planted.check!.checkId}): ${r.detail}`);
    expect(missed).toEqual([]);
  });

  it('reports what was planted on the county, with evidence a maintainer can follow', () => {
    const f = findings.get('qx-county')!;
    const guide = f.filter((x) => x.checkId === 'disclosure.guide-contents' && x.key !== x.checkId);
    expect(guide.map((x) => x.evidence[0].data?.element).sort()).toEqual(['address', 'date', 'fax']);
    const cats = f.find((x) => x.checkId === 'disclosure.statutory-categories' && x.key === x.checkId)!;
    expect(cats.evidence[0].data?.missing).toEqual(expect.arrayContaining(['fees', 'procurement', 'recruitment', 'landExpropriation', 'housingExpropriation', 'publicSecurity']));
    const request = f.find((x) => x.checkId === 'disclosure.request-channel' && x.key === x.checkId)!;
    expect(request.status).toBe('fail');
  });

  it('leaves the city with no disclosure or services defect', () => {
    const f = findings.get('mj-city')!;
    const bad = f.filter((x) => x.status === 'fail' || x.status === 'cannot_assess').map((x) => `${x.checkId}: ${x.message.en}`);
    expect(bad).toEqual([]);
  });
});
