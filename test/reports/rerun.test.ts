/**
 * A maintainer who changes nothing and asks for a re-check must see every defect "still open",
 * none "new" and none "fixed". Defect keys carry URLs, and URLs carry the port, so the demo
 * farm serves on stable ports (basePort): two farm processes, one after the other, audited
 * exactly as `govmon demo` does twice.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFarm, FARM_SITES, type Farm } from '../../demo/farm/index.ts';
import { HEALTH_ID } from '../../demo/farm/sites/health.ts';
import { auditSite } from '../../crawlers/audit.ts';
import { Store } from '../../store/store.ts';
import type { SiteReportModel } from '../../reports/model.ts';

const NOW = new Date('2026-11-20T08:00:00Z');
// Below Linux's ephemeral range (32768+: outgoing connections take those ports, which pushed the
// demo's county site off its port), away from the demo's default (28100), spread by pid so
// parallel runs rarely collide; a taken port falls back to a free one, which the last test checks.
const BASE = 20000 + (process.pid % 300) * 24;

const farms: Farm[] = [];
let store: Store | undefined;
afterAll(async () => {
  for (const f of farms) await f.close().catch(() => undefined);
  await store?.close();
});

async function auditOnce(dir: string, s: Store): Promise<SiteReportModel> {
  const farm = await startFarm({ now: NOW, basePort: BASE, defaults: { maxSeconds: 60, render: 'never' } });
  farms.push(farm);
  try {
    await s.upsertSites(farm.registry.sites);
    const site = farm.registry.sites.find((x) => x.id === HEALTH_ID)!;
    const res = await auditSite({ store: s, registry: farm.registry, site, outDir: join(dir, 'out'), dataDir: join(dir, 'data') });
    return JSON.parse(readFileSync(res.reportPath!.replace(/\.html$/, '.json'), 'utf8')) as SiteReportModel;
  } finally {
    await farm.close();
  }
}

describe('re-auditing an unchanged demo portal', () => {
  it('marks every defect still open, none new and none fixed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'govmon-rerun-'));
    store = await Store.open(join(dir, 'govmon.db'));
    const first = await auditOnce(dir, store);
    const second = await auditOnce(dir, store);
    expect(second.previousRun?.id).toBe(first.run.id);
    const defects = second.checks.flatMap((c) => c.defects);
    expect(defects.length).toBeGreaterThan(5);
    expect(defects.filter((d) => d.change !== 'open').map((d) => d.key)).toEqual([]);
    expect(second.fixed.map((d) => d.key)).toEqual([]);
    expect(defects.length).toBe(first.checks.flatMap((c) => c.defects).length);
  }, 180_000);

  it('falls back to a free port when a stable one is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(BASE + 100, '127.0.0.1', () => r()));
    try {
      const farm = await startFarm({ now: NOW, basePort: BASE + 100 });
      farms.push(farm);
      const first = farm.sites.find((s) => s.id === FARM_SITES[0].id)!;
      expect(first.port).not.toBe(BASE + 100);
      expect(farm.sites.find((s) => s.id === FARM_SITES[1].id)!.port).toBe(BASE + 101);
      const res = await fetch(first.loopbackUrl);
      expect(res.status).toBe(200);
      await farm.close();
    } finally {
      blocker.close();
    }
  });
});
