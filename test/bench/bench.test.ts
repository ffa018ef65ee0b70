/**
 * The benchmark must measure what it claims: every contender crawls the same synthetic farm
 * completely, govmon's pages really are in its store, and the probe bench runs real probes
 * through BullMQ into a store and leaves no keys behind in Redis.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startSyntheticFarm, type Farm } from '../../bench/synthetic-farm.ts';
import { runBare } from '../../bench/contenders/bare.ts';
import { runGovmon } from '../../bench/contenders/govmon.ts';
import { runProbeBench, benchRegistry } from '../../bench/probe.ts';
import { summariseProfile } from '../../bench/cpuprofile.ts';
import { Store } from '../../store/store.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('crawl contenders on the synthetic farm', () => {
  let farm: Farm;
  beforeAll(async () => {
    farm = await startSyntheticFarm(2, 60);
  });
  afterAll(async () => {
    await farm.close();
  });

  it('the bare loop and govmon both reach every page of every site', async () => {
    const input = { urls: farm.urls, concurrency: 8, perHostConcurrency: 4, maxPagesPerSite: 60 };
    const bare = await runBare(input);
    const dbPath = join(mkdtempSync(join(tmpdir(), 'govmon-bench-test-')), 'b.db');
    const gov = await runGovmon({ ...input, dbPath });
    // 60 pages a site, reachable at 61 URLs: the home page is also linked as /art/0.html.
    expect(bare.pages).toBe(122);
    expect(gov.pages).toBe(122);
    expect(gov.pageTimesMs).toHaveLength(122);
    expect(gov.cpuSeconds).toBeGreaterThan(0);
    expect(gov.maxRssMB).toBeGreaterThan(0);
    // What govmon counted is what its store holds: page observations with extracted links and dates.
    const store = await Store.open(dbPath);
    try {
      const rows = await store.db.all<{ data: string }>(`SELECT data FROM observations WHERE kind = 'page'`);
      expect(rows).toHaveLength(122);
      const page = JSON.parse(rows.find((r) => JSON.parse(r.data).depth > 0)!.data);
      expect(page.links.length).toBeGreaterThan(5);
      expect(page.items.some((i: { date?: string }) => i.date)).toBe(true);
    } finally {
      await store.close();
    }
  });
});

describe('probe bench', () => {
  it('schedules, enqueues and runs real probes through BullMQ into a store, then cleans Redis', async () => {
    const lines = await runProbeBench({ sites: 30, perDay: 24, rounds: 2, concurrency: 10, work: mkdtempSync(join(tmpdir(), 'govmon-probe-test-')), redisUrl: REDIS_URL });
    const text = lines.join('\n');
    expect(text).toMatch(/\| schedule \| 30 job schedulers/);
    expect(text).toMatch(/\| run \| 60 probes by 1 worker/);
    expect(text).toMatch(/Store: 60 probe runs \(60 complete\), 60 probe observations; 0 failed jobs/);
    expect(text).toMatch(/Measured 2 of 24 rounds and extrapolated/);
    const redis = new Redis(REDIS_URL);
    try {
      const [, keys] = await redis.scan('0', 'MATCH', `govmon-bench-${process.pid}:*`, 'COUNT', 10000);
      expect(keys).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });

  it('gives every bench site its own URL on the target without DNS', () => {
    const r = benchRegistry(3, 4321);
    expect(r.sites.map((s) => s.url)).toEqual(['http://127.0.0.1:4321/p00001/', 'http://127.0.0.1:4321/p00002/', 'http://127.0.0.1:4321/p00003/']);
  });
});

describe('cpuprofile summary', () => {
  it('attributes self and inclusive time through the call tree', () => {
    const frame = (functionName: string, url = 'file:///x/crawlers/crawl.ts') => ({ functionName, url, lineNumber: 0 });
    const p = {
      nodes: [
        { id: 1, callFrame: frame('(root)', ''), children: [2] },
        { id: 2, callFrame: frame('fetchPage'), children: [3, 4] },
        { id: 3, callFrame: frame('parse', 'file:///x/node_modules/htmlparser2/lib/Tokenizer.js') },
        { id: 4, callFrame: frame('extractDates', 'file:///x/extract/dates.ts') },
      ],
      samples: [3, 3, 3, 4, 2],
      timeDeltas: [1000, 1000, 1000, 1000, 1000],
    };
    const out = summariseProfile(p, { filter: /fetchPage|extractDates/ });
    expect(out[0]).toBe('total 5 ms of samples');
    const incl = out.slice(out.indexOf('-- inclusive time (fetchPage|extractDates)'));
    expect(incl[1]).toMatch(/5 ms\s+100\.0 %\s+fetchPage/);
    expect(incl[2]).toMatch(/1 ms\s+20\.0 %\s+extractDates/);
    const byPkg = out.slice(out.indexOf('-- by package / file'));
    expect(byPkg[1]).toMatch(/3 ms\s+60\.0 %\s+htmlparser2/);
  });
});
