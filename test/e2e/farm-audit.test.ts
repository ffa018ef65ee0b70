/**
 * End to end through the real CLI: `govmon audit --all` on the demo farm (spawned as a child
 * process, the farm served from this one), then assertions on what the store holds.
 *
 * The test list is generated from demo/farm/planted.ts: every crawl-level planting must be
 * recorded with its failure class (and nothing unplanned may fail), every check-level planting
 * must produce its finding as of the farm's pinned `now`, and every planted non-problem must
 * stay absent. A planting whose check is not written yet is reported as a todo, not skipped.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFarm } from '../../demo/farm/index.ts';
import { plantedFor } from '../../demo/farm/planted.ts';
import { verifyCheck, verifyObservation, unexplainedFailures, chromiumAvailable } from '../../demo/farm/verify.ts';
import { TRAP_ID } from '../../demo/farm/sites/trap.ts';
import { allChecks } from '../../checks/registry.ts';
import { evaluateRun } from '../../checks/evaluate-run.ts';
import { Store, type RunRecord } from '../../store/store.ts';
import type { Observation } from '../../model/observation.ts';
import type { Finding } from '../../model/finding.ts';

const NOW = new Date('2026-11-20T08:00:00Z');
// Generous budgets: this machine is shared, and a crawl cut short would hide plantings.
const farm = await startFarm({ now: NOW, defaults: { maxSeconds: 120 } });
const planted = plantedFor(farm);
const known = new Set((await allChecks()).map((c) => c.id));
const dir = mkdtempSync(join(tmpdir(), 'govmon-e2e-farm-'));
const configPath = join(dir, 'farm-sites.yaml');
const dbPath = join(dir, 'govmon.db');
writeFileSync(configPath, farm.registryYaml);

const cli = { code: -1 as number | null, stdout: '', stderr: '', ms: 0 };
const runs = new Map<string, RunRecord>();
const obs = new Map<string, Observation[]>();
const findings = new Map<string, Finding[]>();

beforeAll(async () => {
  const t0 = Date.now();
  const child = spawn(process.execPath, ['bin/govmon.js', 'audit', '--all', '--config', configPath, '--db', dbPath, '--out', join(dir, 'out'), '--concurrency', '3'], {
    cwd: new URL('../../', import.meta.url).pathname,
    env: { ...process.env, GOVMON_LOG_LEVEL: 'warn', GOVMON_DATA_DIR: join(dir, 'data') },
  });
  child.stdout.on('data', (d: Buffer) => (cli.stdout += d));
  child.stderr.on('data', (d: Buffer) => (cli.stderr += d));
  cli.code = await new Promise<number | null>((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 280_000);
    child.on('exit', (code) => {
      clearTimeout(kill);
      resolve(code);
    });
  });
  cli.ms = Date.now() - t0;
  const store = await Store.open(dbPath);
  try {
    for (const site of farm.registry.sites) {
      const run = (await store.runs({ siteId: site.id, kind: 'audit', limit: 1 }))[0];
      if (!run) continue;
      runs.set(site.id, run);
      obs.set(site.id, await store.observations(run.id));
      // Re-judged as of the farm's pinned now (the CLI judged as of the wall clock).
      if (run.status !== 'failed') findings.set(site.id, await evaluateRun(store, site, run.id, { now: NOW, persist: false }));
    }
  } finally {
    await store.close();
  }
}, 300_000);

afterAll(async () => {
  await farm.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('govmon audit --all on the farm (real CLI, real store)', () => {
  it('exits 0 and prints a summary for every site; every run finished', () => {
    expect(cli.code, cli.stderr.slice(-2000)).toBe(0);
    for (const s of farm.registry.sites) {
      expect(cli.stdout).toContain(`${s.id}  ${s.url}`);
      const run = runs.get(s.id);
      expect(run, `run of ${s.id}`).toBeDefined();
      expect(['complete', 'incomplete'], `${s.id}: ${run!.status} ${run!.note ?? ''}`).toContain(run!.status);
      expect(run!.finishedAt).not.toBeNull();
    }
    expect(cli.stdout).toMatch(new RegExp(`${farm.sites.length} sites: \\d+ complete, \\d+ incomplete, 0 failed`));
  });

  it('the unreachable site gives a clear message and a finished run', () => {
    const s = farm.sites.find((x) => x.unreachable)!;
    expect(cli.stdout).toMatch(new RegExp(`${s.id}[\\s\\S]*?failures: refused 1`));
    expect(runs.get(s.id)!.status).toBe('complete');
  });

  it('the site that never ends is stopped by its guards within its budget', () => {
    const run = runs.get(TRAP_ID)!;
    const limits = farm.registry.sites.find((s) => s.id === TRAP_ID)!.limits;
    const seconds = (Date.parse(run.finishedAt!) - Date.parse(run.startedAt)) / 1000;
    expect(seconds).toBeLessThan(limits.maxSeconds! + 45); // budget + the crawler's grace + checks, on a busy machine
    const pages = obs.get(TRAP_ID)!.filter((o) => o.kind === 'page' && !o.rendered);
    expect(pages.length).toBeLessThanOrEqual(limits.maxPages!);
    const events = new Set(obs.get(TRAP_ID)!.flatMap((o) => (o.kind === 'crawl_event' ? [o.event] : [])));
    expect([...events].some((e) => e.startsWith('trap_')), [...events].join(',')).toBe(true);
    // The session-id trap must not have been crawled as distinct pages.
    const distinct = new Set(pages.map((p) => p.url.replace(/;jsessionid=[^?]*/, '')));
    expect(distinct.size).toBe(pages.length);
  });
});

describe('crawl-level plantings (issue "audit")', () => {
  for (const p of planted.filter((x) => x.issue === 'audit')) {
    const name = `${p.problem ? '' : 'non-problem '}${p.id}: ${p.what}`;
    if (p.observe?.needsBrowser && !chromiumAvailable()) {
      it.todo(`${name} (needs Chromium at /usr/bin/chromium)`);
      continue;
    }
    it(name, () => {
      const r = verifyObservation(p, obs.get(p.site) ?? [], farm);
      expect(r.verdict, r.detail).toBe('met');
    });
  }

  for (const site of farm.sites.map((s) => s.id)) {
    it(`${site}: no failure that nothing planted explains (no false broken links, no blocked/robots where there is none)`, () => {
      const extra = unexplainedFailures(site, obs.get(site) ?? [], planted.filter((p) => p.site === site));
      expect(extra.map((e) => `${e.failureClass} ${e.status} ${e.url}`)).toEqual([]);
    });
  }
});

describe('check-level plantings (issue "checks"), judged as of the farm now', () => {
  for (const p of planted.filter((x) => x.issue === 'checks')) {
    const c = p.check!;
    const name = `${p.problem ? '' : 'non-problem '}${p.id}: ${c.checkId}${c.status ? ` ${p.problem ? '' : 'not '}${c.status.join('|')}` : ''} (${p.ref}) — ${p.what}`;
    if (!known.has(c.checkId)) {
      it.todo(`${name} [check ${c.checkId} not implemented yet]`);
      continue;
    }
    if (p.needsBrowser && !chromiumAvailable()) {
      it.todo(`${name} (needs Chromium at /usr/bin/chromium)`);
      continue;
    }
    it(name, () => {
      const r = verifyCheck(p, findings.get(p.site) ?? [], known);
      expect(r.verdict, r.detail).toBe('met');
    });
  }
});
