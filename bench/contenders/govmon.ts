/**
 * govmon doing its full crawl work: the real auditSite with the crawl gatherer, every page
 * decoded, parsed and extracted (links, dates, dated lists, tables, forms, meta, text),
 * every observation streamed into a real SQLite store, link targets checked. Checks and the
 * report are left out: they run once per site after the crawl and are not crawl throughput.
 */
import { Store } from '../../store/store.ts';
import { auditSite, LinkCache } from '../../crawlers/audit.ts';
import { closeAgents } from '../../crawlers/fetch.ts';
import type { Registry, Site } from '../../model/site.ts';
import type { ContenderInput, ContenderResult } from './types.ts';

export async function runGovmon(input: ContenderInput): Promise<Omit<ContenderResult, 'cpuSeconds' | 'maxRssMB'>> {
  const store = await Store.open(input.dbPath ?? ':memory:');
  const sites: Site[] = input.urls.map((url, i) => ({
    id: `bench-${i}`,
    name: `示例${i}市人民政府`,
    region: '示例省',
    level: '市',
    kind: '门户网站',
    url,
    offersServices: true,
    entries: {},
    seeds: [],
    tags: [],
    limits: {
      maxPages: input.maxPagesPerSite + 10,
      maxDepth: 1000,
      maxSeconds: 3600,
      perHostConcurrency: input.perHostConcurrency,
      delayMs: 0,
      respectRobots: true,
      render: 'never',
      checkExternalLinks: false,
    },
  }));
  const registry: Registry = { monitor: { name: 'govmon-bench', contactUrl: 'https://github.com/govmon/govmon' }, defaults: {}, resolve: {}, sites };
  const linkCache = new LinkCache();
  const parallelSites = Math.max(1, Math.floor(input.concurrency / input.perHostConcurrency));
  const queue = [...sites];
  const runIds: string[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: parallelSites }, async () => {
      for (let s = queue.shift(); s; s = queue.shift()) {
        const r = await auditSite({ store, registry, site: s, linkCache, gatherers: [], evaluate: false, outDir: null });
        runIds.push(r.runId);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const pages = await store.observations(runIds, ['page']);
  const ok = pages.filter((p) => p.status === 200 && !p.failure);
  await closeAgents();
  await store.close();
  return {
    pages: ok.length,
    seconds,
    pageTimesMs: ok.map((p) => p.timings.totalMs),
    note: 'page time = fetch time recorded in each page observation',
  };
}
