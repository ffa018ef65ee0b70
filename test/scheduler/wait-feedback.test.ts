/**
 * `audit <site> --queue --wait`: a person waiting through retries hears about each one (the
 * reason and when the next try starts) instead of minutes of silence, and still gets the result.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../store/store.ts';
import { startWorkers } from '../../scheduler/worker.ts';
import { enqueueAudit, openQueues } from '../../scheduler/queues.ts';
import { startPortal, site, registry, portalHandlers, uniquePrefix, REDIS_URL, type Portal } from './helpers.ts';

describe('enqueueAudit with wait', () => {
  let portal: Portal;
  beforeAll(async () => {
    portal = await startPortal();
  });
  afterAll(async () => {
    await portal.close();
  });

  it('reports each retry with its reason and time, then returns the result', async () => {
    const prefix = uniquePrefix('waitfb');
    const store = await Store.open(join(mkdtempSync(join(tmpdir(), 'govmon-wait-')), 'g.db'));
    portal.behaviour.set('wobbly', { fail5xx: 2 });
    const workers = await startWorkers({ store, registry: registry([site('wobbly', portal.url)]), redisUrl: REDIS_URL, prefix, handlers: portalHandlers });
    const retries: Array<{ until: number; reason: string; attemptsMade: number }> = [];
    try {
      const t0 = Date.now();
      const out = await enqueueAudit('wobbly', { redisUrl: REDIS_URL, prefix, wait: true, timeoutMs: 30_000, retry: { attempts: 4, backoffMs: 100 }, onRetry: (i) => retries.push(i) });
      expect(out.result?.status).toBe('complete');
      // Delivery of the last event can trail the completion by a moment.
      for (let i = 0; i < 20 && retries.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
      expect(retries).toHaveLength(2);
      for (const r of retries) {
        expect(r.reason).toMatch(/home page of wobbly failed: http_5xx/);
        expect(r.until).toBeGreaterThanOrEqual(t0);
      }
      expect(retries.map((r) => r.attemptsMade)).toEqual([1, 2]);
    } finally {
      await workers.close(3000);
      const set = openQueues({ redisUrl: REDIS_URL, prefix });
      for (const q of Object.values(set.queues)) await q.obliterate({ force: true });
      await set.close();
      await store.close();
    }
  });
});
