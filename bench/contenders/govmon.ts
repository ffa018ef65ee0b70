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
import type { ContenderInput, ContenderRun } from './types.ts';

export async function runGovmon(input: ContenderInput): Promise<ContenderRun> {
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
  // What streaming to the store is meant to keep flat: the heap that is still live after a GC
  // (peak RSS also counts garbage V8 has not collected yet, which grows with the allocation rate).
  const gc = (globalThis as { gc?: () => void }).gc;
  let liveHeap = 0;
  const sampleLive = () => {
    gc!();
    liveHeap = Math.max(liveHeap, process.memoryUsage().heapUsed);
  };
  const sampler = input.sampleLiveHeap && gc ? setInterval(sampleLive, 250) : undefined;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: parallelSites }, async () => {
      for (let s = queue.shift(); s; s = queue.shift()) {
        const r = await auditSite({ store, registry, site: s, linkCache, gatherers: [], evaluate: false, outDir: null });
        runIds.push(r.runId);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  if (sampler) {
    clearInterval(sampler);
    sampleLive(); // a crawl shorter than the interval still gets one sample
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  // The peak is taken before the read-back below, which is ours, not the crawl's.
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  // Counted in SQL rather than by loading every page observation back into memory.
  const rows = await store.db.all<{ ms: number }>(
    `SELECT json_extract(data, '$.timings.totalMs') AS ms FROM observations
      WHERE run_id IN (${runIds.map(() => '?').join(', ')}) AND kind = 'page'
        AND json_extract(data, '$.status') = 200 AND json_extract(data, '$.failure') IS NULL`,
    runIds,
  );
  await closeAgents();
  await store.close();
  return {
    pages: rows.length,
    seconds,
    cpuSeconds,
    maxRssMB,
    ...(sampler ? { liveHeapMB: liveHeap / 2 ** 20 } : {}),
    pageTimesMs: rows.map((r) => Number(r.ms)),
    note: 'page time = fetch time recorded in each page observation',
  };
}
