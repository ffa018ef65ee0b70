/**
 * Runs pile up (one per probe: 240,000 a day for 10,000 sites); finding the few still 'running'
 * at the start of every audit must not scan them all.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../store/store.ts';

describe('running runs index', () => {
  it('markStaleRuns finds stale running runs through the partial index, among many finished ones', async () => {
    const store = await Store.open(join(mkdtempSync(join(tmpdir(), 'govmon-store-idx-')), 's.db'));
    try {
      await store.upsertSites([{ id: 's1', name: '示例市人民政府', region: '示例省', level: '市', kind: '门户网站', url: 'http://127.0.0.1:1/', offersServices: true, entries: {}, seeds: [], tags: [], limits: {} }]);
      const old = new Date(Date.now() - 3600_000).toISOString();
      await store.db.transaction(async (tx) => {
        for (let i = 0; i < 2000; i++) {
          await tx.run(`INSERT INTO runs (id, site_id, kind, status, started_at, heartbeat_at, stats) VALUES (?, 's1', 'probe', 'complete', ?, ?, '{}')`, [`p${i}`, old, old]);
        }
        await tx.run(`INSERT INTO runs (id, site_id, kind, status, started_at, heartbeat_at, stats) VALUES ('stale', 's1', 'audit', 'running', ?, ?, '{}')`, [old, old]);
      });
      const fresh = await store.createRun({ siteId: 's1', kind: 'audit' });
      const plan = await store.db.all<{ detail: string }>(`EXPLAIN QUERY PLAN UPDATE runs SET status = 'incomplete' WHERE status = 'running' AND heartbeat_at < ?`, [old]);
      expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX runs_running/);
      expect(await store.markStaleRuns()).toBe(1);
      expect((await store.getRun('stale'))?.status).toBe('incomplete');
      expect((await store.getRun(fresh.id))?.status).toBe('running');
      expect((await store.getRun('p7'))?.status).toBe('complete');
    } finally {
      await store.close();
    }
  });
});
