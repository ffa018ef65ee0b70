/**
 * The monthly browser job with the real handler: auditSite with Lighthouse (real Chromium at
 * /usr/bin/chromium) on the demo farm's city portal, run by the scheduler. One page only, to
 * keep it short.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../store/store.ts';
import { startFarm, type Farm } from '../../demo/farm/index.ts';
import { InProcessMonitor } from '../../scheduler/monitor.ts';

process.env.GOVMON_LIGHTHOUSE_PAGES ??= '0';

describe.skipIf(!existsSync('/usr/bin/chromium'))('browser job (Lighthouse) through the scheduler', () => {
  let farm: Farm;
  beforeAll(async () => {
    farm = await startFarm({ now: new Date('2026-11-20T10:00:00+08:00'), defaults: { maxPages: 5, maxSeconds: 30, render: 'never', checkExternalLinks: false, timeoutSeconds: 5 } });
  });
  afterAll(async () => {
    await farm?.close();
  });

  it('runs Lighthouse on the home page and stores its scores in the job run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'govmon-browser-'));
    process.env.GOVMON_DATA_DIR = join(dir, 'data');
    const store = await Store.open(join(dir, 'g.db'));
    const mon = new InProcessMonitor({ store, registry: farm.registry });
    try {
      const id = mon.enqueue('browser', 'mj-city', { retry: { attempts: 1, backoffMs: 1000 } });
      const r = await mon.waitFor(id, 170_000);
      expect(['complete', 'incomplete'], JSON.stringify(r.summary)).toContain(r.status);
      const lh = await store.observations(r.runId, ['lighthouse']);
      expect(lh.length).toBeGreaterThanOrEqual(1);
      const home = lh[0];
      expect(home.failure, JSON.stringify(home.failure)).toBeUndefined();
      expect(home.scores.accessibility).toBeGreaterThan(0);
      expect((await store.getRunByJob(id))?.id).toBe(r.runId);
    } finally {
      await mon.stop(5000);
      await store.close();
    }
  }, 180_000);
});
