/**
 * Shutdown never hangs on a job that ignores its AbortSignal (a gatherer stuck in a read):
 * the monitor and the workers give up on it after the abort wait and say so, and the CLI's
 * exit helper ends the process even though the stuck job still holds the event loop.
 */
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Store } from '../../store/store.ts';
import { InProcessMonitor } from '../../scheduler/monitor.ts';
import { startWorkers } from '../../scheduler/worker.ts';
import { openQueues, enqueue } from '../../scheduler/queues.ts';
import type { HandlerMap, JobHandler } from '../../scheduler/handlers.ts';
import { portalHandler, registry, site, uniquePrefix, until, REDIS_URL } from './helpers.ts';

/** A crawl that never returns and never looks at its signal; it keeps a timer alive like a stuck socket would. */
function stuckHandlers(started: string[]): HandlerMap {
  const stuck: JobHandler = (ctx) => {
    started.push(ctx.jobId);
    return new Promise(() => {
      setInterval(() => undefined, 1000);
    });
  };
  return { probe: portalHandler, crawl: stuck, browser: stuck };
}

describe('shutdown with a job that ignores its abort', () => {
  it('in-process: stop() returns after grace + abort wait and counts the job left behind', async () => {
    const store = await Store.open(join(mkdtempSync(join(tmpdir(), 'govmon-stop-')), 'g.db'));
    const started: string[] = [];
    const mon = new InProcessMonitor({ store, registry: registry([site('stuck', 'http://127.0.0.1:1')]), handlers: stuckHandlers(started) });
    mon.enqueue('crawl', 'stuck');
    await until(() => started.length === 1, 5000, 'the stuck crawl to start');
    const t0 = Date.now();
    const r = await mon.stop(100, 300);
    expect(r.stillRunning).toBe(1);
    expect(Date.now() - t0).toBeLessThan(3000);
    await store.close();
  });

  it('in-process: a job that honours its abort is not counted', async () => {
    const store = await Store.open(join(mkdtempSync(join(tmpdir(), 'govmon-stop-')), 'g.db'));
    let started = 0;
    const polite: JobHandler = (ctx) =>
      new Promise((_, reject) => {
        started++;
        ctx.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
      });
    const mon = new InProcessMonitor({ store, registry: registry([site('polite', 'http://127.0.0.1:1')]), handlers: { probe: portalHandler, crawl: polite, browser: polite } });
    mon.enqueue('crawl', 'polite');
    await until(() => started === 1, 5000, 'the crawl to start');
    expect(await mon.stop(100, 2000)).toEqual({ stillRunning: 0 });
    await store.close();
  });

  it('BullMQ: close() hands the job back and reports it still running instead of waiting forever', async () => {
    const prefix = uniquePrefix('stuck');
    const store = await Store.open(join(mkdtempSync(join(tmpdir(), 'govmon-stop-')), 'g.db'));
    const started: string[] = [];
    const set = openQueues({ redisUrl: REDIS_URL, prefix });
    const w = await startWorkers({ store, registry: registry([site('stuck', 'http://127.0.0.1:1')]), redisUrl: REDIS_URL, prefix, handlers: stuckHandlers(started), kinds: ['crawl'] });
    try {
      await enqueue(set, 'crawl', 'stuck');
      await until(() => started.length === 1, 10_000, 'the stuck crawl to start');
      const t0 = Date.now();
      const r = await w.close(100, 300);
      expect(r).toEqual({ handedBack: 1, stillRunning: 1 });
      expect(Date.now() - t0).toBeLessThan(5000);
    } finally {
      for (const q of Object.values(set.queues)) await q.obliterate({ force: true });
      await set.close();
      await store.close();
    }
  });

  it('exitLeavingJobsBehind ends a process whose event loop a stuck job keeps alive', async () => {
    const context = fileURLToPath(new URL('../../scheduler/context.ts', import.meta.url));
    const code = `import(${JSON.stringify(context)}).then((m) => { setInterval(() => {}, 1000); process.exitCode = 3; m.exitLeavingJobsBehind(2, 'monitor'); });`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, GOVMON_LOG_LEVEL: 'silent' } });
    let err = '';
    child.stderr!.on('data', (d) => (err += String(d)));
    const t0 = Date.now();
    const exit = await new Promise<number | null>((resolve) => {
      const t = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(null);
      }, 10_000);
      child.once('exit', (c) => {
        clearTimeout(t);
        resolve(c);
      });
    });
    expect(exit).toBe(3);
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(err).toContain('2 job(s) did not stop after the abort; exiting anyway');
  });
});
