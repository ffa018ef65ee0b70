/**
 * The report pages served live from the store (mounted by `govmon serve`, owned by engineer
 * "scheduler"): the same HTML as the static files, plus the export endpoints for reviewers.
 *
 *   GET /                          overview of ?period= (default: this month, Beijing time)
 *   GET /api/overview              the same overview as JSON (schema govmon.overview/1)
 *   GET /sites/:id                 report of the site's latest audit run
 *   GET /sites/:id/runs/:runId     report of one run (?format=html|md|json, ?lang=zh|en)
 *   GET /api/export                ?format=json|csv&by=site|indicator&period=…[&edition=…]
 *                                  (assessment/export.ts; the overview's own rows without scoring)
 *
 * Every page carries the same script-free Content-Security-Policy as an HTTP header.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Store } from '../store/store.ts';
import { parsePeriod, previousPeriod } from '../assessment/period.ts';
import { exportPeriod } from './score-bridge.ts';
import { UserError } from '../lib/errors.ts';
import { log } from '../lib/log.ts';
import { buildOverview, type OverviewModel, type OverviewOptions } from './overview.ts';
import type { Period } from '../model/score.ts';
import { renderOverviewHtml } from './render/overview-html.ts';
import { renderSiteReport } from './site-report.ts';
import { cspHeaderFor } from './render/common.ts';
import { overviewCsv, overviewJson } from './export.ts';

const Lang = z.enum(['zh', 'en']).optional();
const OverviewQuery = z.object({ period: z.string().max(40).optional(), edition: z.string().max(80).optional(), lang: Lang }).strict();
const SiteQuery = z.object({ format: z.enum(['html', 'md', 'json']).default('html'), lang: Lang }).strict();
const ExportQuery = z
  .object({ format: z.enum(['json', 'csv']).default('json'), by: z.enum(['site', 'indicator']).default('site'), period: z.string().max(40).optional(), edition: z.string().max(80).optional() })
  .strict();
const SiteParams = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/).max(100) });
const RunParams = SiteParams.extend({ runId: z.string().regex(/^[A-Za-z0-9._:-]+$/).max(100) });

const runHref = (siteId: string) => (runId: string) => `/sites/${encodeURIComponent(siteId)}/runs/${encodeURIComponent(runId)}`;

function thisMonth(now = new Date()): string {
  const cst = new Date(now.getTime() + 8 * 3600_000);
  return `${cst.getUTCFullYear()}-${String(cst.getUTCMonth() + 1).padStart(2, '0')}`;
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    throw new UserError(`bad ${what}: ${r.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`, 400);
  }
  return r.data;
}

function sendHtml(reply: FastifyReply, body: string): FastifyReply {
  const csp = cspHeaderFor(body);
  if (csp) reply.header('content-security-policy', csp);
  return reply
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(body);
}

function sendSite(reply: FastifyReply, body: string, format: 'html' | 'md' | 'json'): FastifyReply {
  if (format === 'html') return sendHtml(reply, body);
  return reply
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .type(format === 'json' ? 'application/json; charset=utf-8' : 'text/markdown; charset=utf-8')
    .send(body);
}

/**
 * Adds the report routes in their own encapsulated scope, so the error handler below
 * (user errors → 400 with the reason, anything else → 500 without internals) does not
 * replace the host server's.
 */
export function registerReportRoutes(app: FastifyInstance, store: Store, opts: { dataDir?: string; prefix?: string } = {}): void {
  app.register(async (scope) => routes(scope, store, opts), { prefix: opts.prefix ?? '' });
}

function routes(app: FastifyInstance, store: Store, opts: { dataDir?: string }): void {
  app.setErrorHandler((err: unknown, req, reply) => {
    if (err instanceof UserError) return reply.code(err.exitCode >= 400 ? err.exitCode : 400).type('text/plain; charset=utf-8').send(err.message + '\n');
    const e = err as { message?: string; statusCode?: number };
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return reply.code(e.statusCode).type('text/plain; charset=utf-8').send(`${e.message ?? 'bad request'}\n`);
    log.error({ err: e.message, url: req.url }, 'report route failed');
    return reply.code(500).type('text/plain; charset=utf-8').send('internal error\n');
  });

  // Scoring every site takes a while; an overview is rebuilt only when a run was added or
  // changed since (the stamp), and concurrent requests share one build.
  const overviews = new Map<string, { stamp: string; model: Promise<OverviewModel> }>();
  const overview = async (period: Period, edition: string | undefined, siteHref?: OverviewOptions['siteHref']): Promise<OverviewModel> => {
    const key = `${period.from}|${period.to}|${edition ?? ''}|${siteHref ? 'live' : 'export'}`;
    // Re-checking a run replaces its findings (new ids) without touching the run row.
    const row = await store.db.get<{ n: number; hb: string | null; f: number | null }>('SELECT COUNT(*) AS n, MAX(heartbeat_at) AS hb, (SELECT MAX(id) FROM findings) AS f FROM runs');
    const stamp = `${row?.n ?? 0}|${row?.hb ?? ''}|${row?.f ?? 0}`;
    const hit = overviews.get(key);
    if (hit && hit.stamp === stamp) return hit.model;
    const model = buildOverview(store, { period, edition, siteHref });
    overviews.set(key, { stamp, model });
    if (overviews.size > 24) overviews.delete(overviews.keys().next().value!);
    model.catch(() => overviews.delete(key));
    return model;
  };

  app.get('/', async (req, reply) => {
    const q = parse(OverviewQuery, req.query, 'query');
    const model = await overview(parsePeriod(q.period ?? thisMonth()), q.edition, (id, runId) => `/sites/${encodeURIComponent(id)}/runs/${encodeURIComponent(runId)}`);
    return sendHtml(reply, renderOverviewHtml(model, { lang: q.lang }));
  });

  app.get('/api/overview', async (req, reply) => {
    const q = parse(OverviewQuery, req.query, 'query');
    const model = await overview(parsePeriod(q.period ?? thisMonth()), q.edition, (id, runId) => `/sites/${encodeURIComponent(id)}/runs/${encodeURIComponent(runId)}`);
    return reply.header('x-content-type-options', 'nosniff').header('cache-control', 'no-store').type('application/json; charset=utf-8').send(JSON.stringify(model));
  });

  app.get('/sites/:id', async (req, reply) => {
    const p = parse(SiteParams, req.params, 'path');
    const q = parse(SiteQuery, req.query, 'query');
    const run = await store.latestRun(p.id, 'audit');
    if (!run) return reply.code(404).type('text/plain; charset=utf-8').send(`no finished audit run for site "${p.id}"\n`);
    return sendSite(reply, await renderSiteReport(store, run.id, q.format, { lang: q.lang, dataDir: opts.dataDir, overviewHref: '/', runHref: runHref(p.id) }), q.format);
  });

  app.get('/sites/:id/runs/:runId', async (req, reply) => {
    const p = parse(RunParams, req.params, 'path');
    const q = parse(SiteQuery, req.query, 'query');
    const run = await store.getRun(p.runId);
    if (!run || run.siteId !== p.id) return reply.code(404).type('text/plain; charset=utf-8').send(`no run "${p.runId}" for site "${p.id}"\n`);
    return sendSite(reply, await renderSiteReport(store, run.id, q.format, { lang: q.lang, dataDir: opts.dataDir, overviewHref: '/', runHref: runHref(p.id) }), q.format);
  });

  app.get('/api/export', async (req, reply) => {
    const q = parse(ExportQuery, req.query, 'query');
    const period = parsePeriod(q.period ?? thisMonth());
    const scored = await exportPeriod(store, period, previousPeriod(period), q.format, q.by, q.edition);
    const name = `govmon-${period.label}${q.by === 'indicator' ? '-indicators' : ''}.${q.format}`;
    reply.header('content-disposition', `attachment; filename="${name}"`).header('x-content-type-options', 'nosniff').header('cache-control', 'no-store');
    if (scored !== undefined) return reply.type(q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8').send(scored);
    if (q.by === 'indicator') throw new UserError('the per-indicator export needs the assessment (scoring is unavailable on this server)', 400);
    const model = await overview(period, q.edition);
    if (q.format === 'csv') return reply.type('text/csv; charset=utf-8').send(overviewCsv(model));
    return reply.type('application/json; charset=utf-8').send(overviewJson(model));
  });
}
