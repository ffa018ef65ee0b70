/**
 * The scheduler commands as a person runs them: separate `govmon` processes against a loopback
 * portal, the real Redis (own prefix) and real handlers. schedule apply|list, monitor with
 * Ctrl-C, worker with SIGTERM, audit --queue --wait, queue status, queue dead --replay-all.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Store } from '../../store/store.ts';
import { openQueues } from '../../scheduler/queues.ts';
import { startPortal, uniquePrefix, REDIS_URL, until, type Portal } from './helpers.ts';

const BIN = fileURLToPath(new URL('../../bin/govmon.js', import.meta.url));

interface Ran {
  code: number | null;
  out: string;
  err: string;
}

function start(args: string[], env: Record<string, string>): { child: ChildProcess; done: Promise<Ran>; out: () => string; err: () => string } {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, GOVMON_LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (err += String(d)));
  const done = new Promise<Ran>((r) => child.once('exit', (code) => r({ code, out, err })));
  return { child, done, out: () => out, err: () => err };
}

const run = (args: string[], env: Record<string, string>) => start(args, env).done;

describe('scheduler commands', () => {
  let portal: Portal;
  let dir: string;
  let sites: string;
  const prefix = uniquePrefix('cli');
  let env: Record<string, string>;

  beforeAll(async () => {
    portal = await startPortal();
    dir = mkdtempSync(join(tmpdir(), 'govmon-cli-'));
    sites = join(dir, 'sites.yaml');
    writeFileSync(
      sites,
      [
        'monitor: { name: govmon-test, contactUrl: "https://example.org/" }',
        'defaults: { maxPages: 5, maxSeconds: 20, render: never, checkExternalLinks: false, timeoutSeconds: 5 }',
        'sites:',
        `  - { id: ok-site, name: 甲市人民政府, region: 测试省甲市, level: 市, kind: 门户网站, url: "${portal.url}/s/ok-site/", tags: [key] }`,
        `  - { id: gone-site, name: 乙县人民政府, region: 测试省乙县, level: 县, kind: 门户网站, url: "${portal.url}/s/gone-site/" }`,
      ].join('\n'),
    );
    portal.behaviour.set('gone-site', { status: 404 });
    env = { REDIS_URL, GOVMON_QUEUE_PREFIX: prefix, DATABASE_URL: join(dir, 'g.db'), GOVMON_DATA_DIR: join(dir, 'data') };
  });
  afterAll(async () => {
    const set = openQueues({ redisUrl: REDIS_URL, prefix });
    for (const q of Object.values(set.queues)) await q.obliterate({ force: true });
    await set.close();
    await portal?.close();
  });

  it('schedule apply is idempotent and prints the diff; schedule list shows next runs', async () => {
    const first = await run(['schedule', 'apply', '--config', sites], env);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain('+6 added, ~0 changed, −0 removed, =0 unchanged');
    expect(first.out).toMatch(/\+ probe\s+ok-site\s+every 10m/);
    // Workers already running know only the sites of their start; a new site's jobs find it in the store.
    expect(first.out).toContain('sites: 2 written to');
    const store = await Store.open(env.DATABASE_URL);
    expect((await store.getSite('gone-site'))?.url).toBe(`${portal.url}/s/gone-site/`);
    await store.close();
    const second = await run(['schedule', 'apply', '--config', sites], env);
    expect(second.out).toContain('+0 added, ~0 changed, −0 removed, =6 unchanged');
    const sched = join(dir, 'schedules.yaml');
    writeFileSync(sched, 'defaults:\n  probe: { every: 30m }\n  browser: off\n');
    const dry = await run(['schedule', 'apply', '--config', sites, '--schedules', sched, '--dry-run'], env);
    expect(dry.out).toContain('would apply: +0 added, ~2 changed, −2 removed, =2 unchanged');
    const list = await run(['schedule', 'list', '--json'], env);
    const rows = JSON.parse(list.out) as Array<{ siteId: string; kind: string; next: string }>;
    expect(rows).toHaveLength(6); // the dry run changed nothing
    for (const r of rows) expect(Date.parse(r.next)).toBeGreaterThan(Date.now() - 60_000);
    const bad = await run(['schedule', 'apply', '--config', sites, '--schedules', join(dir, 'missing.yaml')], env);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('fix:');
  });

  it('worker + audit --queue --wait prints the summary; SIGTERM stops the worker cleanly; queue status shows the run', async () => {
    const w = start(['worker', '--config', sites, '--name', 'cli-w', '--grace', '5'], env);
    await until(() => w.err().includes('consuming'), 20_000, 'worker to start');
    expect(w.err()).toContain('warning: store is sqlite'); // one machine is fine, but it says so
    const a = await run(['audit', 'ok-site', '--config', sites, '--queue', '--wait'], env);
    expect(a.code, a.err).toBe(0);
    expect(a.out).toMatch(/^ok-site: (complete|incomplete) run [0-9a-f-]{36} \(crawl\/od-/m);
    expect(a.out).toMatch(/page=\d+/);
    const st = await run(['queue', 'status', '--json'], env);
    const status = JSON.parse(st.out) as { queues: Record<string, Record<string, number>>; sites: Array<{ siteId: string; lastAudit?: { status: string }; next: Record<string, string> }> };
    expect(status.queues.crawl.completed).toBe(1);
    const ok = status.sites.find((s) => s.siteId === 'ok-site')!;
    expect(['complete', 'incomplete']).toContain(ok.lastAudit?.status);
    expect(ok.next.probe).toBeDefined();
    // A 404 home page is a permanent failure: dead-lettered at once, replayable.
    const g = await run(['audit', 'gone-site', '--config', sites, '--queue', '--wait'], env);
    expect(g.code).toBe(1);
    expect(g.out).toMatch(/gone-site: job failed: .*http_4xx/);
    const dead = await run(['queue', 'dead'], env);
    expect(dead.out).toMatch(/crawl\/od-\S+\s+gone-site/);
    expect(dead.out).toContain('1 dead job(s)');
    portal.behaviour.set('gone-site', { status: 200 });
    const replay = await run(['queue', 'dead', '--replay-all'], env);
    expect(replay.out).toContain('replayed 1 job(s)');
    await until(async () => (await run(['queue', 'dead'], env)).out.includes('0 dead job(s)'), 20_000, 'replayed job to leave the dead list');
    // Pause and resume: status shows it; old dead jobs can be cleaned.
    expect((await run(['queue', 'pause', '--queues', 'browser'], env)).out).toContain('paused: browser');
    const paused = JSON.parse((await run(['queue', 'status', '--json'], env)).out) as { paused: string[] };
    expect(paused.paused).toEqual(['browser']);
    expect((await run(['queue', 'resume', '--queues', 'browser'], env)).out).toContain('resumed: browser');
    expect((await run(['queue', 'dead', '--clean', '30d'], env)).out).toContain('deleted 0 dead job(s)');
    w.child.kill('SIGTERM');
    const ended = await w.done;
    expect(ended.code).toBe(0);
  });

  it('monitor runs the schedules in-process and stops on Ctrl-C with the runs stored', async () => {
    const db = join(dir, 'monitor.db');
    const m = start(['monitor', '--config', sites, '--db', db, '--now', '--grace', '5'], { GOVMON_LOG_LEVEL: 'warn', REDIS_URL: '', GOVMON_DATA_DIR: join(dir, 'data') });
    await until(() => m.err().includes('Ctrl-C stops'), 20_000, 'monitor to start');
    expect(m.err()).toMatch(/ok-site\s+probe\s+every 10m/);
    const store = await Store.open(db);
    try {
      await until(async () => (await store.runs({ siteId: 'ok-site', kind: 'probe', status: 'complete' })).length >= 1 && (await store.runs({ siteId: 'ok-site', kind: 'audit' })).some((r) => r.status !== 'running'), 40_000, 'probe and crawl runs');
    } finally {
      await store.close();
    }
    m.child.kill('SIGINT');
    const ended = await m.done;
    expect(ended.code).toBe(0);
    expect(ended.err).toContain('stopping');
    expect(ended.err).toMatch(/\d\dZ probe\s+ok-site\s+complete/); // one line per finished job for the person watching
    // Without Redis, queue status reads the store and computes the next runs from the config.
    const st = await run(['queue', 'status', '--db', db, '--config', sites, '--json'], { GOVMON_LOG_LEVEL: 'warn', REDIS_URL: '' });
    expect(st.code, st.err).toBe(0);
    const status = JSON.parse(st.out) as { queues?: unknown; sites: Array<{ siteId: string; lastProbe?: { status: string }; next: Record<string, string> }> };
    expect(status.queues).toBeUndefined();
    const ok = status.sites.find((x) => x.siteId === 'ok-site')!;
    expect(ok.lastProbe?.status).toBe('complete');
    expect(Date.parse(ok.next.probe)).toBeGreaterThan(Date.now() - 1000);
  });
});
