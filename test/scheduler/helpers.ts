/**
 * Shared pieces of the scheduler tests: a loopback "portal" whose behaviour per site is set by
 * the test (slow, failing N times with 503, answering 404) and that counts every request it
 * gets per job, and a handler map that does real HTTP against it and writes real runs to the
 * store the way auditSite does (createRun with the job id, observations, finishRun).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer as netServer } from 'node:net';
import type { HandlerMap, JobHandler } from '../../scheduler/handlers.ts';
import type { Registry, Site } from '../../model/site.ts';
import type { ProbeObservation } from '../../model/observation.ts';
import type { JobKind, JobResult } from '../../scheduler/jobs.ts';
import type { RunKind } from '../../store/store.ts';

export interface SiteBehaviour {
  delayMs?: number;
  /** Answer 503 to the first N requests. */
  fail5xx?: number;
  status?: number;
}

export interface Portal {
  url: string;
  behaviour: Map<string, SiteBehaviour>;
  /** Requests per job id. */
  hits: Map<string, number>;
  /** Requests in progress per site, and the highest seen. */
  concurrent: Map<string, number>;
  maxConcurrent: Map<string, number>;
  order: string[];
  close(): Promise<void>;
}

export async function startPortal(): Promise<Portal> {
  const behaviour = new Map<string, SiteBehaviour>();
  const hits = new Map<string, number>();
  const concurrent = new Map<string, number>();
  const maxConcurrent = new Map<string, number>();
  const served = new Map<string, number>();
  const order: string[] = [];
  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const site = u.pathname.split('/')[2] ?? '';
    const job = u.searchParams.get('job') ?? '';
    hits.set(job, (hits.get(job) ?? 0) + 1);
    order.push(site);
    const b = behaviour.get(site) ?? {};
    const n = (served.get(site) ?? 0) + 1;
    served.set(site, n);
    // Tracked per site and per site|kind (the job id starts with its kind): crawl exclusivity
    // is about crawls, while probes may overlap them on purpose.
    for (const key of [site, `${site}|${job.split('/')[0]}`]) {
      const c = (concurrent.get(key) ?? 0) + 1;
      concurrent.set(key, c);
      maxConcurrent.set(key, Math.max(maxConcurrent.get(key) ?? 0, c));
      res.on('close', () => concurrent.set(key, (concurrent.get(key) ?? 1) - 1));
    }
    const status = b.fail5xx && n <= b.fail5xx ? 503 : (b.status ?? 200);
    setTimeout(() => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<html><head><title>${site}</title></head><body>门户 ${site}</body></html>`);
    }, b.delayMs ?? 0);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    behaviour,
    hits,
    concurrent,
    maxConcurrent,
    order,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

export function site(id: string, portalUrl: string, extra: Partial<Site> = {}): Site {
  return { id, name: `${id} 人民政府`, region: '测试省', level: '市', kind: '门户网站', url: `${portalUrl}/s/${id}/`, offersServices: true, entries: {}, seeds: [], limits: {}, tags: [], ...extra };
}

export function registry(sites: Site[]): Registry {
  return { monitor: { name: 'govmon-test', contactUrl: 'https://example.org/' }, defaults: {}, resolve: {}, sites };
}

const RUN_KIND: Record<JobKind, RunKind> = { probe: 'probe', crawl: 'audit', browser: 'lighthouse' };

/** A handler doing one real request to the site and storing it as a run, like the real gatherers. */
export const portalHandler: JobHandler = async (ctx): Promise<JobResult> => {
  const kind = ctx.payload.kind;
  const run = await ctx.store.createRun({ siteId: ctx.site.id, kind: RUN_KIND[kind], jobId: ctx.jobId });
  if (run.status === 'complete') return { runId: run.id, siteId: ctx.site.id, kind, status: 'complete', summary: {}, reused: true };
  const started = Date.now();
  const url = `${ctx.site.url}?job=${encodeURIComponent(ctx.jobId)}&attempt=${ctx.attempt}`;
  let status = 0;
  try {
    const res = await fetch(url, { signal: ctx.signal });
    await res.text();
    status = res.status;
  } catch (e) {
    if (ctx.signal.aborted) {
      await ctx.store.finishRun(run.id, 'incomplete', {}, 'stopped: ' + String(ctx.signal.reason));
      return { runId: run.id, siteId: ctx.site.id, kind, status: 'incomplete', summary: {} };
    }
    throw e;
  }
  const obs: ProbeObservation = {
    kind: 'probe',
    url: ctx.site.url,
    at: new Date().toISOString(),
    ok: status < 400,
    status,
    timings: { startedAt: new Date(started).toISOString(), totalMs: Date.now() - started },
    bytes: 0,
    ...(status >= 400 ? { failure: { class: status >= 500 ? ('http_5xx' as const) : ('http_4xx' as const), message: `HTTP ${status}` } } : {}),
  };
  await ctx.store.appendObservations(run.id, ctx.site.id, [obs]);
  await ctx.store.finishRun(run.id, 'complete', { status });
  return {
    runId: run.id,
    siteId: ctx.site.id,
    kind,
    status: 'complete',
    summary: { status },
    ...(obs.failure ? { homeFailure: { class: obs.failure.class, message: obs.failure.message } } : {}),
  };
};

export const portalHandlers: HandlerMap = { probe: portalHandler, crawl: portalHandler, browser: portalHandler };

export function uniquePrefix(name: string): string {
  return `govmon-test-${name}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function freePort(): Promise<number> {
  const s = netServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A private redis-server on a free port, so a test can kill and restart it without touching the shared one. */
export async function startRedis(port?: number, aofDir?: string): Promise<{ port: number; url: string; proc: ChildProcess; stop(): Promise<void> }> {
  const p = port ?? (await freePort());
  const persistence = aofDir ? ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', aofDir] : ['--appendonly', 'no'];
  const proc = spawn('redis-server', ['--port', String(p), '--bind', '127.0.0.1', '--save', '', ...persistence], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${p}`;
  const { Redis } = await import('ioredis');
  await until(async () => {
    const c = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    c.on('error', () => undefined);
    try {
      await c.connect();
      return (await c.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      c.disconnect();
    }
  }, 10_000, `redis-server on ${p}`);
  return {
    port: p,
    url,
    proc,
    stop: () =>
      new Promise<void>((r) => {
        if (proc.exitCode !== null) return r();
        proc.once('exit', () => r());
        proc.kill('SIGKILL');
      }),
  };
}
