/**
 * auditSite end to end on the demo portal farm: every site of the farm audited in one run
 * (shared link cache), and every crawl-level expectation of demo/farm/planted.ts (issue
 * "audit") met. The check-level expectations belong to the farm's own e2e suite.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../store/store.ts';
import { auditSite, LinkCache, type AuditResult } from '../../crawlers/audit.ts';
import { closeAgents } from '../../crawlers/fetch.ts';
import { CHROMIUM_PATH } from '../../crawlers/render.ts';
import { startFarm, type Farm } from '../../demo/farm/index.ts';
import { plantedFor, type Planted } from '../../demo/farm/planted.ts';
import type { Observation, PageObservation } from '../../model/observation.ts';

const NOW = new Date('2026-11-20T08:00:00Z');
const tmp = mkdtempSync(join(tmpdir(), 'govmon-farm-'));
let farm: Farm;
let store: Store;
const results = new Map<string, AuditResult>();
const observations = new Map<string, Observation[]>();

beforeAll(async () => {
  farm = await startFarm({ now: NOW });
  store = await Store.open(join(tmp, 'farm.db'));
  const cache = new LinkCache();
  for (const site of farm.registry.sites) {
    // Crawl only: the security gatherer and the checks are exercised by their owners' suites.
    const r = await auditSite({ store, registry: farm.registry, site, linkCache: cache, outDir: null, evaluate: false, gatherers: [], dataDir: join(tmp, 'data') });
    results.set(site.id, r);
    observations.set(site.id, await store.observations(r.runId));
  }
}, 240_000);

afterAll(async () => {
  await farm?.close();
  await store?.close();
  await closeAgents();
});

function about(p: Planted, obs: Observation[]): Observation[] {
  return obs.filter((o) => {
    if (p.observe!.kind !== 'any' && o.kind !== p.observe!.kind) return false;
    if (o.kind !== 'page' && o.kind !== 'link') return false;
    return !p.url || o.url === p.url || o.finalUrl === p.url;
  });
}

/** Whether the crawl-level expectation holds; the reason when it does not. */
function holds(p: Planted, obs: Observation[]): { ok: boolean; why: string } {
  const e = p.observe!;
  const mine = about(p, obs) as Array<PageObservation | Extract<Observation, { kind: 'link' }>>;
  // The last word on a URL is its re-check (attempt 2) when there was one.
  const final = mine.filter((o) => !(o.kind === 'page' && o.rendered));
  const desc = mine.map((o) => `${o.kind}:${o.status}:${o.failure?.class ?? 'ok'}`).join(' ') || 'nothing recorded';
  if (e.events) {
    const ev = obs.some((o) => o.kind === 'crawl_event' && e.events!.includes(o.event) && (!p.url || o.url === p.url || o.detail.includes(p.url)));
    if (ev && !e.failureClasses && !e.ok) return { ok: true, why: 'event' };
    if (ev) return { ok: true, why: 'event' };
  }
  if (e.failureClasses) {
    const hit = final.some((o) => (o.failure && e.failureClasses!.includes(o.failure.class)) || (e.truncatedOk && o.kind === 'page' && o.truncated));
    if (!hit) return { ok: false, why: `expected ${e.failureClasses.join('/')}; got ${desc}` };
  }
  if (e.ok) {
    const good = final.filter((o) => !o.failure && o.status < 400);
    if (!good.length) return { ok: false, why: `expected a clean fetch; got ${desc}` };
    if (e.charsets && !good.some((o) => o.kind === 'page' && e.charsets!.includes(o.charset ?? ''))) return { ok: false, why: `charset not in ${e.charsets}` };
    if (e.textIncludes && !good.some((o) => o.kind === 'page' && (o.text ?? '').includes(e.textIncludes!))) return { ok: false, why: `text lacks ${e.textIncludes}` };
    if (e.finalPath && !good.some((o) => new URL(o.finalUrl).pathname === e.finalPath)) return { ok: false, why: `did not end on ${e.finalPath}` };
  }
  if (e.neverRequested && p.url) {
    const path = new URL(p.url).pathname;
    if (farm.requests(p.site).some((r) => r.path.split('?')[0] === path)) return { ok: false, why: 'requested despite robots.txt' };
  }
  if (!e.failureClasses && !e.ok && e.events) return { ok: false, why: `no ${e.events.join('/')} event` };
  return { ok: true, why: desc };
}

describe('auditSite on the demo farm', () => {
  it('finishes every site complete, and the unreachable one complete with its failure recorded', () => {
    expect([...results.keys()].sort()).toEqual(farm.registry.sites.map((s) => s.id).sort());
    for (const [id, r] of results) expect(r.status, `${id}: ${r.note}`).toBe('complete');
  });

  it('meets every crawl-level planted expectation', () => {
    const planted = plantedFor(farm).filter((p) => p.issue === 'audit' && p.observe);
    expect(planted.length).toBeGreaterThan(20);
    const failures: string[] = [];
    for (const p of planted) {
      if (p.observe!.needsBrowser && !existsSync(CHROMIUM_PATH)) continue;
      const obs = observations.get(p.site) ?? [];
      const r = holds(p, obs);
      // A planted non-problem states an outcome that must NOT appear.
      if (p.problem && !r.ok) failures.push(`${p.id}: ${r.why}`);
      if (!p.problem && p.observe!.failureClasses && r.ok) failures.push(`${p.id}: must not be ${p.observe!.failureClasses.join('/')}`);
      if (!p.problem && p.observe!.ok && !r.ok) failures.push(`${p.id}: ${r.why}`);
    }
    expect(failures).toEqual([]);
  });

  it('never fetches the same page twice in one run', () => {
    for (const [id, obs] of observations) {
      const urls = obs.filter((o): o is PageObservation => o.kind === 'page' && !o.rendered && !o.failure).map((o) => o.url);
      expect(new Set(urls).size, id).toBe(urls.length);
    }
  });
});
