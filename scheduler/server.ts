/**
 * `govmon serve`: one fastify app with /healthz, the report routes of reports/routes.ts, and,
 * when Redis is configured, Bull Board at /queues (read the queues, retry or promote jobs),
 * /api/queues (status JSON), POST /api/recheck/:siteId (a maintainer's re-check request,
 * deduplicated while one is pending) and GET /api/jobs/:kind/:id (its progress).
 * Binds 127.0.0.1 by default: Bull Board can delete and retry jobs, so put it behind an
 * authenticating reverse proxy before exposing it.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Store } from '../store/store.ts';
import { log } from '../lib/log.ts';
import { z } from 'zod';
import { openQueues, requestRecheck, type QueueSet } from './queues.ts';
import { JOB_KINDS, type JobPayload } from './jobs.ts';

const RecheckParams = z.object({ siteId: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/).max(100) });
const RecheckBody = z.object({ requestedBy: z.string().max(200).optional(), lighthouse: z.boolean().optional() }).strict();
const JobParams = z.object({ kind: z.enum(JOB_KINDS), id: z.string().min(1).max(200) });
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
    // Bull Board's page head loads IBM Plex from fonts.googleapis.com as a render-blocking
    // stylesheet: where Google is unreachable (mainland China, air-gapped networks) the board
    // stays blank until that request times out. Its own CSS names fallback fonts, so the link goes.
    app.addHook('onSend', async (req, reply, payload) => {
      if (typeof payload !== 'string' || !req.url.startsWith('/queues') || !String(reply.getHeader('content-type') ?? '').includes('text/html')) return payload;
      return payload.replace(/<link[^>]*\/\/fonts\.(?:googleapis|gstatic)\.com[^>]*>\s*/g, '');
    });
    await app.register(adapter.registerPlugin(), { prefix: '/queues' });
    const set = queues;
    app.get('/api/queues', async () => queueStatus(set, opts.store, redactUrl(set.url)));

    app.post('/api/recheck/:siteId', async (req, reply) => {
      const p = RecheckParams.safeParse(req.params);
      if (!p.success) return reply.code(400).send({ error: 'site id: lower-case letters, digits, dot, dash or underscore' });
      const body = RecheckBody.safeParse(req.body ?? {});
      if (!body.success) return reply.code(400).send({ error: `body: ${body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
      if (!(await opts.store.getSite(p.data.siteId))) return reply.code(404).send({ error: `no site "${p.data.siteId}" in the store` });
      const job = await requestRecheck(set, p.data.siteId, { requestedBy: body.data.requestedBy, kind: body.data.lighthouse ? 'browser' : 'crawl' });
      return reply.code(202).send({ jobId: job.id, kind: job.data.kind, siteId: p.data.siteId, status: `/api/jobs/${job.data.kind}/${job.id}` });
    });

    app.get('/api/jobs/:kind/:id', async (req, reply) => {
      const p = JobParams.safeParse(req.params);
      if (!p.success) return reply.code(400).send({ error: 'kind must be probe, crawl or browser' });
      const job = await set.queues[p.data.kind].getJob(p.data.id);
      if (!job) return reply.code(404).send({ error: 'no such job (finished jobs are kept 7 days)' });
      const state = await job.getState();
      return { jobId: job.id, kind: p.data.kind, siteId: (job.data as JobPayload).siteId, state, result: job.returnvalue ?? undefined, failedReason: job.failedReason || undefined };
    });
  } else {
    app.post('/api/recheck/:siteId', async (_req, reply) =>
      reply.code(503).send({ error: 're-check requests need the distributed mode (REDIS_URL); in the in-process mode run `govmon audit <site>`' }),
    );
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
