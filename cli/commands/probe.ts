/**
 * `govmon probe`: availability probes of home pages (V-01, D-01), printed with their phase
 * timings and stored under runs of kind `probe`, exactly as the scheduler's probe job does.
 */
import type { Command } from 'commander';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadRegistry, DEFAULT_SITES_PATH } from '../../config/sites.ts';
import { SiteSchema, type Registry, type Site } from '../../model/site.ts';
import type { ProbeObservation } from '../../model/observation.ts';
import { UserError } from '../../lib/errors.ts';
import { Store } from '../../store/store.ts';
import { probeSite, probeUrl } from '../../crawlers/probe.ts';
import { userAgent } from '../../model/site.ts';
import { existsSync } from 'node:fs';

interface ProbeCliOptions {
  all?: boolean;
  count: string;
  interval: string;
  config?: string;
  db?: string;
  json?: boolean;
  store: boolean;
  timeout: string;
  concurrency: string;
  family?: string;
}

function positiveInt(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`${flag} must be a whole number ≥ 1 (got "${v}")`);
  return n;
}

function positiveNumber(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new UserError(`${flag} must be a number ≥ 0 (got "${v}")`);
  return n;
}

/** A URL given on the command line that is not a registered site: probed under its host name. */
function adHocSite(url: string): Site {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UserError(`"${url}" is neither a site id in the registry nor a URL; fix: pass a site id, or a full URL such as https://www.example.gov.cn/`);
  }
  const parsed = SiteSchema.safeParse({ id: u.hostname.toLowerCase(), name: u.hostname, region: '-', level: '部门', kind: '部门网站', url: u.href });
  if (!parsed.success) throw new UserError(`cannot probe "${url}": ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data;
}

function fmtMs(v: number | undefined): string {
  return v === undefined ? '-' : `${v}ms`;
}

function line(site: Site, p: ProbeObservation): string {
  const t = p.timings;
  const verdict = p.ok ? 'OK  ' : 'FAIL';
  const why = p.failure ? ` ${p.failure.class}: ${p.failure.message}` : '';
  return `${verdict} ${site.id.padEnd(24)} ${String(p.status || '-').padStart(3)} dns=${fmtMs(t.dnsMs)} connect=${fmtMs(t.connectMs)} tls=${fmtMs(t.tlsMs)} ttfb=${fmtMs(t.ttfbMs)} total=${t.totalMs}ms bytes=${p.bytes}${p.ip ? ` ip=${p.ip}` : ''}${p.family ? ` v${p.family}` : ''} ${p.url}${why}`;
}

export function register(program: Command): void {
  program
    .command('probe')
    .description('probe home pages for availability (V-01/D-01): phase timings, status, bytes, IP; each probe is stored')
    .argument('[targets...]', 'site ids from the registry, or URLs')
    .option('--all', 'probe every site in the registry')
    .option('--count <n>', 'rounds of probes', '1')
    .option('--interval <seconds>', 'pause between rounds', '60')
    .option('--timeout <seconds>', 'fail a probe after this long (V-01: 15)', '15')
    .option('--concurrency <n>', 'sites probed at once', '8')
    .option('--family <4|6>', 'force IPv4 or IPv6')
    .option('--config <path>', 'site registry', DEFAULT_SITES_PATH)
    .option('--db <target>', 'store: path, sqlite:PATH or postgres:// URL (default DATABASE_URL or ./data/govmon.db)')
    .option('--no-store', 'print only, do not store the probes')
    .option('--json', 'print one JSON object per probe')
    .action(async (targets: string[], opts: ProbeCliOptions) => {
      const count = positiveInt(opts.count, '--count');
      const interval = positiveNumber(opts.interval, '--interval');
      const timeoutMs = positiveNumber(opts.timeout, '--timeout') * 1000;
      const concurrency = positiveInt(opts.concurrency, '--concurrency');
      const family = opts.family === undefined ? undefined : opts.family === '4' ? 4 : opts.family === '6' ? 6 : undefined;
      if (opts.family !== undefined && family === undefined) throw new UserError(`--family must be 4 or 6 (got "${opts.family}")`);
      if (!opts.all && targets.length === 0) throw new UserError('name what to probe: site ids, URLs, or --all');

      // A registry is needed for site ids and --all; bare URLs can be probed without one.
      const needRegistry = opts.all || targets.some((t) => !/^https?:\/\//i.test(t));
      let registry: Registry | undefined;
      if (needRegistry || (opts.config && existsSync(opts.config))) registry = loadRegistry(opts.config);
      const reg: Pick<Registry, 'resolve' | 'monitor'> = registry ?? { resolve: {}, monitor: { name: 'govmon', contactUrl: 'https://github.com/govmon/govmon' } };

      const sites: Site[] = [];
      if (opts.all) sites.push(...registry!.sites);
      for (const t of targets) {
        const byId = registry?.sites.find((s) => s.id === t);
        if (byId) sites.push(byId);
        else if (/^https?:\/\//i.test(t)) sites.push(registry?.sites.find((s) => s.url === t) ?? adHocSite(t));
        else throw new UserError(`no site "${t}" in ${opts.config}; fix: use one of the ids listed there (govmon probe --all probes them all)`);
      }

      const store = opts.store ? await Store.open(opts.db) : undefined;
      let failures = 0;
      let done = 0;
      // Ctrl-C ends the rounds cleanly: a probe in flight is abandoned (not stored as a failure)
      const stop = new AbortController();
      const onSigint = () => stop.abort();
      process.once('SIGINT', onSigint);
      try {
        if (store) await store.upsertSites(sites.filter((s) => registry?.sites.includes(s)));
        for (let round = 0; round < count; round++) {
          if (round > 0 && interval > 0) await sleep(interval * 1000, undefined, { signal: stop.signal }).catch(() => undefined);
          if (stop.signal.aborted) break;
          let next = 0;
          const worker = async () => {
            while (next < sites.length && !stop.signal.aborted) {
              const site = sites[next++];
              const probe = store
                ? (await probeSite(store, reg, site, { timeoutMs, family, signal: stop.signal })).probe
                : await probeUrl(site.url, { resolve: reg.resolve, userAgent: userAgent(reg), timeoutMs, family, signal: stop.signal });
              if (stop.signal.aborted) break;
              done++;
              if (!probe.ok) failures++;
              process.stdout.write((opts.json ? JSON.stringify({ siteId: site.id, ...probe }) : line(site, probe)) + '\n');
            }
          };
          await Promise.all(Array.from({ length: Math.min(concurrency, sites.length) }, worker));
        }
      } finally {
        process.removeListener('SIGINT', onSigint);
        await store?.close();
      }
      if (!opts.json) process.stdout.write(`${done} probes, ${failures} failed${store ? `, stored in ${store.db.description}` : ''}${stop.signal.aborted ? ' (interrupted)' : ''}\n`);
      if (failures > 0) process.exitCode = 1;
    });
}
