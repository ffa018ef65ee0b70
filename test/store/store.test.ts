import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Store } from '../../store/store.ts';
import { testDatabases } from '../helpers/databases.ts';
import type { PageObservation, ProbeObservation } from '../../model/observation.ts';
import type { Site } from '../../model/site.ts';

const site: Site = {
  id: 'demo-a',
  name: '示例市人民政府',
  region: '示例省示例市',
  level: '市',
  kind: '门户网站',
  url: 'http://127.0.0.1:1/',
  offersServices: true,
  entries: {},
  seeds: [],
  limits: {},
  tags: [],
};

function page(url: string, at: string): PageObservation {
  return { kind: 'page', url, at, finalUrl: url, redirects: [], status: 200, timings: { startedAt: at, totalMs: 5 }, headers: {}, setCookies: [], bytes: 10, depth: 0, title: '首页' };
}

for (const target of testDatabases()) {
  describe(`store on ${target.name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await Store.open(target.url());
    });
    afterAll(async () => {
      await target.cleanup?.(store);
      await store.close();
    });

    it('migrates idempotently and keeps runs, observations and findings', async () => {
      await Store.open(target.url()).then((s) => s.close()); // second migrate is a no-op
      await store.upsertSites([site]);
      expect((await store.getSite('demo-a'))?.name).toBe('示例市人民政府');
      const run = await store.createRun({ siteId: site.id, kind: 'audit' });
      await store.appendObservations(run.id, site.id, [page('http://x/1', '2026-11-20T00:00:00.000Z'), page('http://x/2', '2026-11-20T00:00:01.000Z')]);
      await store.appendObservations(run.id, site.id, [page('http://x/3', '2026-11-20T00:00:02.000Z')]);
      const probe: ProbeObservation = { kind: 'probe', url: 'http://x/', at: '2026-11-19T00:00:00.000Z', ok: false, status: 0, failure: { class: 'timeout', message: '15 s' }, timings: { startedAt: '2026-11-19T00:00:00.000Z', totalMs: 15000 }, bytes: 0 };
      const probeRun = await store.createRun({ siteId: site.id, kind: 'probe' });
      await store.appendObservations(probeRun.id, site.id, [probe]);
      await store.finishRun(run.id, 'complete', { pages: 3 });
      const obs = await store.observations(run.id, ['page']);
      expect(obs.map((o) => o.url)).toEqual(['http://x/1', 'http://x/2', 'http://x/3']);
      const ctx = await store.checkContext(site, [run.id], new Date('2026-11-21T00:00:00Z'));
      expect(ctx.pages).toHaveLength(3);
      expect(ctx.probes).toHaveLength(1);
      expect(ctx.probes[0].failure?.class).toBe('timeout');
      await store.replaceFindings(run.id, site.id, [
        { checkId: 'links.broken', ref: 'D-02', status: 'fail', severity: 'deduct', message: { zh: '断链', en: 'broken' }, evidence: [{ url: 'http://x/404' }] },
      ]);
      await store.replaceFindings(run.id, site.id, [
        { checkId: 'links.broken', ref: 'D-02', status: 'fail', severity: 'deduct', message: { zh: '断链', en: 'broken' }, evidence: [{ url: 'http://x/404' }] },
      ]);
      const f = await store.findings(run.id);
      expect(f).toHaveLength(1);
      expect(f[0].message.zh).toBe('断链');
      expect((await store.getRun(run.id))?.status).toBe('complete');
    });

    it('gives a retried job its run back, cleared, so results are written once', async () => {
      const jobId = `job-${Math.random()}`;
      const a = await store.createRun({ siteId: site.id, kind: 'audit', jobId });
      await store.appendObservations(a.id, site.id, [page('http://x/a', '2026-11-20T00:00:00.000Z')]);
      const b = await store.createRun({ siteId: site.id, kind: 'audit', jobId });
      expect(b.id).toBe(a.id);
      expect(await store.observations(b.id)).toHaveLength(0);
    });

    it('marks a run whose process was killed on this machine incomplete at once, not after the heartbeat window', async () => {
      const storeTs = fileURLToPath(new URL('../../store/store.ts', import.meta.url));
      const script = `import { Store } from ${JSON.stringify(storeTs)};
        const s = await Store.open(process.argv[1]);
        const r = await s.createRun({ siteId: 'demo-a', kind: 'audit' });
        process.stdout.write(r.id + '\\n');
        setInterval(() => {}, 1000);`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script, target.url()], { stdio: ['ignore', 'pipe', 'inherit'] });
      const runId = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          if (out.includes('\n')) resolve(out.trim());
        });
        child.on('exit', (code) => reject(new Error(`child exited ${code} before creating its run`)));
      });
      const live = await store.createRun({ siteId: site.id, kind: 'audit' });
      expect((await store.getRun(runId))?.status).toBe('running');
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      await store.markStaleRuns(3600);
      const dead = await store.getRun(runId);
      expect(dead?.status).toBe('incomplete');
      expect(dead?.note).toMatch(/process \d+ on .* stopped before the run finished/);
      expect((await store.getRun(live.id))?.status).toBe('running');
      await store.finishRun(live.id, 'complete');
    });

    it('marks runs of a dead process incomplete without touching finished ones', async () => {
      const old = new Date(Date.now() - 3600_000).toISOString();
      const dead = await store.createRun({ siteId: site.id, kind: 'audit', startedAt: old });
      await store.db.run('UPDATE runs SET heartbeat_at = ? WHERE id = ?', [old, dead.id]);
      const done = await store.createRun({ siteId: site.id, kind: 'audit', startedAt: old });
      await store.finishRun(done.id, 'complete');
      expect(await store.markStaleRuns(60)).toBeGreaterThanOrEqual(1);
      expect((await store.getRun(dead.id))?.status).toBe('incomplete');
      expect((await store.getRun(done.id))?.status).toBe('complete');
    });
  });
}
