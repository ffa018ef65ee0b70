/**
 * `govmon demo` into PostgreSQL: several farm portals audited at once share one store over a
 * connection pool (the SQLite path serialises transactions instead). Same outcomes, same
 * planted verdicts. Needs PostgreSQL at TEST_DATABASE_URL; required in CI.
 */
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshPostgresUrl, postgresAvailable } from '../helpers/databases.ts';
import { Store } from '../../store/store.ts';

const root = new URL('../../', import.meta.url).pathname;
const run = postgresAvailable() || !!process.env.CI;

describe.runIf(run)('govmon demo on PostgreSQL', () => {
  it('audits three portals concurrently into one PostgreSQL schema', async () => {
    const db = freshPostgresUrl();
    const dir = mkdtempSync(join(tmpdir(), 'govmon-e2e-pg-'));
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['bin/govmon.js', 'demo', '--sites', 'mj-city,qx-county,mj-lyj', '--now', '2026-11-20T08:00:00Z', '--db', db, '--data-dir', dir, '--out', join(dir, 'out'), '--json'], {
        cwd: root,
        env: { ...process.env, GOVMON_LOG_LEVEL: 'warn' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d));
      child.stderr.on('data', (d: Buffer) => (stderr += d));
      const kill = setTimeout(() => child.kill('SIGKILL'), 170_000);
      child.on('exit', (code) => {
        clearTimeout(kill);
        resolve({ code, stdout, stderr });
      });
    });
    const store = await Store.open(db);
    try {
      expect(r.code, r.stderr.slice(-1500)).toBe(0);
      const j = JSON.parse(r.stdout) as { outcomes: Array<{ siteId: string; status: string; runId: string }>; planted: Array<{ id: string; verdict: string }> };
      expect(j.outcomes.map((o) => o.siteId).sort()).toEqual(['mj-city', 'mj-lyj', 'qx-county']);
      for (const o of j.outcomes) {
        expect(['complete', 'incomplete']).toContain(o.status);
        const run = await store.getRun(o.runId);
        expect(run?.status).toBe(o.status);
        expect((await store.findings(o.runId)).length).toBeGreaterThan(20);
      }
      const county = j.outcomes.find((o) => o.siteId === 'qx-county')!;
      const pages = await store.observations(county.runId, ['page']);
      expect(pages.find((p) => p.depth === 0)?.text).toContain('青溪县人民政府');
      // The planted crawl-level items of these three sites hold on PostgreSQL as on SQLite.
      const missed = j.planted.filter((p) => p.verdict === 'missed').map((p) => p.id);
      expect(missed).toEqual([]);
    } finally {
      const schema = new URL(db).searchParams.get('options')!.split('=')[1];
      await store.db.exec(`DROP SCHEMA ${schema} CASCADE`);
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
