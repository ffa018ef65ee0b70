/**
 * `govmon serve`: one fastify app with /healthz, the report routes of reports/routes.ts, and
 * Bull Board at /queues when Redis is configured (read the queues, retry or promote jobs).
 * Binds 127.0.0.1 by default: Bull Board can delete and retry jobs, so put it behind an
 * authenticating reverse proxy before exposing it.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Store } from '../store/store.ts';
import { log } from '../lib/log.ts';
import { openQueues, type QueueSet } from './queues.ts';
import { redactUrl } from './redis.ts';
import { queueStatus } from './status.ts';

export interface ServeOptions {
  store: Store;
  redisUrl?: string;
  prefix?: string;
  dataDir?: string;
}

export interface Served {
  app: FastifyInstance;
  queues?: QueueSet;
  close(): Promise<void>;
}

export async function buildServer(opts: ServeOptions): Promise<Served> {
  const app = Fastify({ logger: false, trustProxy: false });
  let queues: QueueSet | undefined;
  if (opts.redisUrl) {
    queues = openQueues({ redisUrl: opts.redisUrl, prefix: opts.prefix, role: 'worker' });
    const { createBullBoard } = await import('@bull-board/api');
    const { BullMQAdapter } = await import('@bull-board/api/bullMQAdapter');
    const { FastifyAdapter } = await import('@bull-board/fastify');
    const adapter = new FastifyAdapter();
    adapter.setBasePath('/queues');
    createBullBoard({ queues: Object.values(queues.queues).map((q) => new BullMQAdapter(q)), serverAdapter: adapter as never, options: { uiConfig: { boardTitle: 'govmon queues' } } });
    await app.register(adapter.registerPlugin(), { prefix: '/queues' });
    const set = queues;
    app.get('/api/queues', async () => queueStatus(set, opts.store, redactUrl(set.url)));
  }

  app.get('/healthz', async (_req, reply) => {
    const checks: Record<string, string> = {};
    let ok = true;
    try {
      await opts.store.db.get('SELECT 1 AS one');
      checks.store = `ok (${opts.store.db.dialect})`;
    } catch (e) {
      ok = false;
      checks.store = `error: ${(e as Error).message}`;
    }
    if (queues) {
      try {
        // Worker-style connections wait through outages; a health check must answer quickly.
        const probe = queues.queues.probe.getJobCounts('waiting');
        probe.catch(() => undefined);
        await Promise.race([probe, new Promise((_, rej) => setTimeout(() => rej(new Error('no answer within 2 s')), 2000).unref())]);
        checks.redis = 'ok';
      } catch (e) {
        ok = false;
        checks.redis = `error: ${(e as Error).message}`;
      }
    } else checks.redis = 'not configured (in-process mode)';
    return reply.code(ok ? 200 : 503).send({ ok, checks });
  });

  const routes = fileURLToPath(new URL('../reports/routes.ts', import.meta.url));
  if (existsSync(routes)) {
    const mod = (await import('../reports/routes.ts')) as { registerReportRoutes?: (app: FastifyInstance, store: Store, o?: { dataDir?: string }) => void };
    mod.registerReportRoutes?.(app, opts.store, { dataDir: opts.dataDir });
  } else {
    log.warn('reports/routes.ts not present; serving only /healthz and /queues');
  }

  return {
    app,
    queues,
    async close() {
      await app.close();
      await queues?.close();
    },
  };
}
