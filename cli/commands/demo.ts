/**
 * `govmon demo`: starts the bundled portal farm (fictitious Chinese government portals with
 * planted problems, on 127.0.0.1), writes its registry, audits every portal, scores the
 * planted problems govmon found, writes the reports and stops the farm, all within about a
 * minute and with nothing but Node (no Redis, no PostgreSQL; Chromium only for the JS site).
 *
 *   govmon demo                       audit the farm, print summary, scorecard and report paths
 *   govmon demo --keep-serving        … then keep the portals up for browsing until Ctrl-C
 *   govmon demo --serve-only          only serve the portals (and write the registry)
 */
import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startFarm, FARM_SITES, type Farm } from '../../demo/farm/index.ts';
import { plantedFor, type Planted } from '../../demo/farm/planted.ts';
import { verifyCheck, verifyObservation, unexplainedFailures, chromiumAvailable, type PlantedResult } from '../../demo/farm/verify.ts';
import { UserError } from '../../lib/errors.ts';
import { log } from '../../lib/log.ts';

interface DemoOptions {
  out: string;
  db?: string;
  dataDir?: string;
  serveOnly?: boolean;
  keepServing?: boolean;
  now?: string;
  sites?: string;
  concurrency: string;
  json?: boolean;
  basePort: string;
}

function waitForSignal(): Promise<string> {
  return new Promise((done) => {
    const on = (sig: string) => () => {
      process.off('SIGINT', a);
      process.off('SIGTERM', b);
      done(sig);
    };
    const a = on('SIGINT');
    const b = on('SIGTERM');
    process.on('SIGINT', a);
    process.on('SIGTERM', b);
  });
}

function printPortals(farm: Farm, registryPath: string): void {
  const w = (s: string) => process.stdout.write(s + '\n');
  w(`demo portal farm (pages dated as of ${farm.now.toISOString().slice(0, 10)}), registry: ${registryPath}`);
  for (const s of farm.sites) {
    w(`  ${s.id.padEnd(10)} ${s.name}`);
    w(`  ${''.padEnd(10)} ${s.url}${s.unreachable ? '  (nothing listens here)' : `  browse: ${s.loopbackUrl}`}`);
    w(`  ${''.padEnd(10)} ${s.role}`);
  }
}

export interface SiteOutcome {
  siteId: string;
  runId: string;
  status: string;
  note?: string;
  pages: number;
  links: number;
  failuresByClass: Record<string, number>;
  findings: { fail: number; warn: number; vetoes: string[] };
  /** What the crawler decided on its own (trap guards, budgets, robots, rendering), with counts. */
  events: Record<string, number>;
  seconds: number;
}

export interface DemoResult {
  outcomes: SiteOutcome[];
  planted: PlantedResult[];
  unexplained: Array<{ siteId: string; url: string; failureClass: string; status: number }>;
  overview?: string;
  reports: Record<string, string>;
}

/** Audits every farm site into `store`, evaluates as of the farm's `now`, and verifies planted.ts. */
export async function auditFarm(
  farm: Farm,
  o: { db?: string; out: string | null; dataDir?: string; concurrency?: number; only?: string[]; onSite?: (s: SiteOutcome) => void },
): Promise<DemoResult> {
  const { Store } = await import('../../store/store.ts');
  const { auditSite, LinkCache } = await import('../../crawlers/audit.ts');
  const { evaluateRun } = await import('../../checks/evaluate-run.ts');
  const { allChecks } = await import('../../checks/registry.ts');
  const { closeAgents } = await import('../../crawlers/fetch.ts');
  const store = await Store.open(o.db);
  const sites = farm.registry.sites.filter((s) => !o.only || o.only.includes(s.id));
  const planted = plantedFor(farm).filter((p) => sites.some((s) => s.id === p.site));
  const known = new Set((await allChecks()).map((c) => c.id));
  const outcomes: SiteOutcome[] = [];
  const results: PlantedResult[] = [];
  const unexplained: DemoResult['unexplained'] = [];
  const reports: Record<string, string> = {};
  let overview: string | undefined;
  try {
    await store.upsertSites(farm.registry.sites);
    const linkCache = new LinkCache();
    let next = 0;
    const worker = async () => {
      while (next < sites.length) {
        const site = sites[next++];
        // Findings are computed below as of the farm's `now`, so the pages' relative dates hold.
        const r = await auditSite({ store, registry: farm.registry, site, linkCache, outDir: null, evaluate: false, ...(o.dataDir ? { dataDir: o.dataDir } : {}) });
        const findings = r.status === 'failed' ? [] : await evaluateRun(store, site, r.runId, { now: farm.now });
        const obs = await store.observations(r.runId);
        const mine = planted.filter((p) => p.site === site.id);
        for (const p of mine) results.push(p.issue === 'audit' ? verifyObservation(p, obs, farm) : verifyCheck(p, findings, known));
        for (const u of unexplainedFailures(site.id, obs, mine)) unexplained.push({ siteId: site.id, ...u });
        const out: SiteOutcome = {
          siteId: site.id,
          runId: r.runId,
          status: r.status,
          ...(r.note ? { note: r.note } : {}),
          pages: r.stats.pagesFetched,
          links: r.stats.linksChecked,
          failuresByClass: r.stats.failuresByClass as Record<string, number>,
          findings: {
            fail: findings.filter((f) => f.status === 'fail').length,
            warn: findings.filter((f) => f.status === 'warn').length,
            // A veto is the check's verdict (its summary finding), not one of its defect findings.
            vetoes: [...new Set(findings.filter((f) => f.status === 'fail' && f.severity === 'veto' && (f.key ?? f.checkId) === f.checkId).map((f) => `${f.checkId} (${f.ref})`))],
          },
          events: obs.reduce<Record<string, number>>((acc, o) => {
            if (o.kind === 'crawl_event' && /^(trap_|budget_|robots_|render_)/.test(o.event)) acc[o.event] = (acc[o.event] ?? 0) + 1;
            return acc;
          }, {}),
          seconds: r.stats.durationMs / 1000,
        };
        outcomes.push(out);
        o.onSite?.(out);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency ?? sites.length, sites.length)) }, worker));

    if (o.out !== null) {
      const outDir = resolve(o.out);
      try {
        const { writeOverview } = await import('../../reports/overview.ts');
        const { parsePeriod } = await import('../../assessment/period.ts');
        const cst = new Date(Date.now() + 8 * 3600_000);
        const period = parsePeriod(`${cst.getUTCFullYear()}-${String(cst.getUTCMonth() + 1).padStart(2, '0')}`);
        const files = await writeOverview(store, { period, outDir, now: farm.now, siteReports: true, ...(o.dataDir ? { dataDir: o.dataDir } : {}) });
        overview = files.html;
        for (const f of files.siteReports) {
          const id = sites.find((s) => f.includes(`${join('sites', s.id)}`))?.id;
          if (id) reports[id] = f;
        }
      } catch (e) {
        log.warn({ err: (e as Error).message }, 'demo: overview not written; writing site reports alone');
        try {
          const { writeSiteReport } = await import('../../reports/site-report.ts');
          for (const s of outcomes) {
            const files = await writeSiteReport(store, s.runId, join(outDir, 'sites', s.siteId), { now: farm.now, ...(o.dataDir ? { dataDir: o.dataDir } : {}) });
            reports[s.siteId] = files.html;
          }
        } catch (e2) {
          log.warn({ err: (e2 as Error).message }, 'demo: site reports not written');
        }
      }
    }
  } finally {
    await closeAgents().catch(() => undefined);
    await store.close();
  }
  const order = new Map(farm.registry.sites.map((s, i) => [s.id, i]));
  outcomes.sort((a, b) => order.get(a.siteId)! - order.get(b.siteId)!);
  return { outcomes, planted: results, unexplained, ...(overview ? { overview } : {}), reports };
}

function printResult(r: DemoResult, farm: Farm): void {
  const w = (s: string) => process.stdout.write(s + '\n');
  w('');
  w('site        run status   pages  links  seconds  fail  warn  failures by class');
  for (const s of r.outcomes) {
    const fails = Object.entries(s.failuresByClass).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
    w(`${s.siteId.padEnd(11)} ${s.status.padEnd(11)} ${String(s.pages).padStart(5)} ${String(s.links).padStart(6)} ${s.seconds.toFixed(1).padStart(8)} ${String(s.findings.fail).padStart(5)} ${String(s.findings.warn).padStart(5)}  ${fails}`);
    if (s.note) w(`${''.padEnd(11)} note: ${s.note}`);
    const ev = Object.entries(s.events).map(([k, v]) => (v > 1 ? `${k} ×${v}` : k)).join(', ');
    if (ev) w(`${''.padEnd(11)} crawler: ${ev}`);
    if (s.findings.vetoes.length) w(`${''.padEnd(11)} 单项否决 veto: ${s.findings.vetoes.join(', ')}`);
    if (r.reports[s.siteId]) w(`${''.padEnd(11)} report: ${r.reports[s.siteId]}`);
  }
  if (r.overview) w(`\noverview: ${r.overview}`);
  const by = (v: string, issue?: string) => r.planted.filter((p) => p.verdict === v && (!issue || p.planted.issue === issue)).length;
  w('');
  w(`planted (demo/farm/planted.ts): crawl level ${by('met', 'audit')} met, ${by('missed', 'audit')} missed${by('skipped', 'audit') ? `, ${by('skipped', 'audit')} skipped (no Chromium)` : ''}; ` +
    `check level ${by('met', 'checks')} met, ${by('missed', 'checks')} missed, ${by('pending', 'checks')} pending (check not written yet)`);
  const missed = r.planted.filter((p) => p.verdict === 'missed');
  for (const m of missed.slice(0, 25)) w(`  missed ${m.planted.problem ? '' : '(non-problem) '}${m.planted.id}: ${m.planted.what} — ${m.detail}`);
  if (missed.length > 25) w(`  … ${missed.length - 25} more`);
  const pending = [...new Set(r.planted.filter((p) => p.verdict === 'pending').map((p) => p.planted.check!.checkId))];
  if (pending.length) w(`  pending checks: ${pending.join(', ')}`);
  if (r.unexplained.length) {
    w(`failures nothing planted explains (${r.unexplained.length}):`);
    for (const u of r.unexplained.slice(0, 15)) w(`  ${u.siteId} ${u.failureClass} ${u.status || '-'} ${u.url}`);
  }
  if (!chromiumAvailable()) w(`note: Chromium not found; ${farm.sites.find((s) => s.id === 'mj-jyj')?.name ?? 'the JavaScript-only site'} can only be reported as needing rendering`);
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('serve the bundled demo portals (planted problems) on 127.0.0.1, audit them all and show what govmon found')
    .option('--out <dir>', 'where the overview and site reports go', './reports-out/demo')
    .option('--db <target>', 'store for the demo runs (default: the usual store, DATABASE_URL or ./data/govmon.db; <data dir>/govmon.db with --data-dir)')
    .option('--data-dir <dir>', 'data directory: registry, store, screenshots (default GOVMON_DATA_DIR or ./data)')
    .option('--serve-only', 'only serve the portals until Ctrl-C (no audit)')
    .option('--keep-serving', 'keep serving the portals after the audit, until Ctrl-C')
    .option('--now <iso>', 'date the pages as of this moment instead of now (e.g. 2026-11-20)')
    .option('--sites <ids>', 'audit only these farm sites (comma-separated ids)')
    .option('--concurrency <n>', 'sites audited at once (default all)')
    .option('--json', 'print the result as JSON')
    .option('--base-port <n>', 'serve the portals on ports n, n+1, … so URLs and defect keys stay the same from one demo run to the next (0: any free ports; keep below the ephemeral range 32768+, where outgoing connections take ports)', '28100')
    .action(async (o: DemoOptions) => {
      let now: Date | undefined;
      if (o.now) {
        now = new Date(o.now);
        if (Number.isNaN(now.getTime())) throw new UserError(`--now must be a date such as 2026-11-20 or 2026-11-20T08:00:00Z (got "${o.now}")`);
      }
      const concurrency = o.concurrency === undefined ? undefined : Number(o.concurrency);
      if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) throw new UserError(`--concurrency must be a whole number ≥ 1 (got "${o.concurrency}")`);
      const dataDir = resolve(o.dataDir ?? process.env.GOVMON_DATA_DIR ?? './data');
      mkdirSync(dataDir, { recursive: true });
      const basePort = Number(o.basePort);
      if (!Number.isInteger(basePort) || basePort < 0 || basePort > 65000) throw new UserError(`--base-port must be 0 or a port number up to 65000 (got "${o.basePort}")`);
      const farm = await startFarm({ ...(now ? { now } : {}), basePort });
      const moved = basePort ? farm.sites.filter((s) => s.port !== basePort + FARM_SITES.findIndex((d) => d.id === s.id)) : [];
      if (moved.length)
        process.stderr.write(
          `note: port${moved.length > 1 ? 's' : ''} ${moved.map((s) => basePort + FARM_SITES.findIndex((d) => d.id === s.id)).join(', ')} taken, so ${moved.map((s) => s.id).join(', ')} moved to another port: their defects will show as new and fixed against the previous demo run; pass --base-port with a free range\n`,
        );
      try {
        const only = o.sites?.split(',').map((s) => s.trim()).filter(Boolean);
        const unknown = only?.filter((id) => !farm.sites.some((s) => s.id === id)) ?? [];
        if (unknown.length) throw new UserError(`--sites: no farm site ${unknown.join(', ')}; the farm has ${farm.sites.map((s) => s.id).join(', ')}`);
        const registryPath = join(dataDir, 'demo-sites.yaml');
        writeFileSync(registryPath, farm.registryYaml);
        if (!o.json) printPortals(farm, registryPath);
        const browserHint = () =>
          process.stdout.write(
            `to browse with the real host names (cross-site links, footer marks), start a browser with:\n  chromium --host-resolver-rules="${Object.keys(farm.registry.resolve).map((h) => `MAP ${h} 127.0.0.1`).join(',')}" ${farm.sites[0].url}\n`,
          );
        if (o.serveOnly) {
          process.stdout.write(`\nserving until Ctrl-C. Audit from another terminal while this runs:\n  govmon audit --all --config ${registryPath}\n`);
          browserHint();
          await waitForSignal();
          return;
        }
        const t0 = Date.now();
        const result = await auditFarm(farm, {
          // The usual store, so `govmon report mj-city` and `govmon score` work on the demo right after.
          ...(o.db || o.dataDir ? { db: o.db ?? join(dataDir, 'govmon.db') } : {}),
          out: o.out,
          dataDir,
          ...(concurrency ? { concurrency } : {}),
          ...(only?.length ? { only } : {}),
          onSite: (s) => {
            if (!o.json) process.stderr.write(`[demo] ${s.siteId}: ${s.status}, ${s.pages} pages, ${s.links} links, ${s.seconds.toFixed(1)} s\n`);
          },
        });
        if (o.json) process.stdout.write(JSON.stringify({ ...result, planted: result.planted.map((p) => ({ id: p.planted.id, issue: p.planted.issue, site: p.planted.site, verdict: p.verdict, detail: p.detail })) }, null, 2) + '\n');
        else {
          printResult(result, farm);
          process.stdout.write(`\ndemo finished in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
        }
        if (result.outcomes.some((s) => s.status === 'failed')) process.exitCode = 1;
        if (o.keepServing) {
          process.stdout.write(`\nportals still served until Ctrl-C (registry ${registryPath})\n`);
          browserHint();
          await waitForSignal();
        }
      } finally {
        await farm.close();
      }
    });
}

export type { Planted };
