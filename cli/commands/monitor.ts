import type { Command } from 'commander';
import { DEFAULT_SITES_PATH } from '../../config/sites.ts';
import { DEFAULT_SCHEDULES_PATH, formatDuration } from '../../config/schedules.ts';
import { UserError } from '../../lib/errors.ts';
import { exitLeavingJobsBehind, openStore, registryFrom, schedulesFor } from '../../scheduler/context.ts';
import { InProcessMonitor } from '../../scheduler/monitor.ts';
import { parseConcurrency } from '../../scheduler/worker.ts';
import { redisUrl } from '../../scheduler/redis.ts';
import { describeEntry } from '../../scheduler/apply.ts';

interface MonitorOpts {
  config: string;
  schedules: string;
  db?: string;
  concurrency?: string;
  now?: boolean;
  grace: string;
}

export function register(program: Command): void {
  program
    .command('monitor')
    .description('watch the registry continuously in this one process (no Redis needed): same schedules, jobs, locks and retries as the workers')
    .option('--config <path>', 'site registry', DEFAULT_SITES_PATH)
    .option('--schedules <path>', 'schedules file', DEFAULT_SCHEDULES_PATH)
    .option('--db <target>', 'store (default DATABASE_URL or ./data/govmon.db)')
    .option('--concurrency <spec>', 'jobs at once per kind, e.g. probe=20,crawl=1,browser=1')
    .option('--now', 'also probe and crawl every site once at start instead of waiting for the first slot')
    .option('--grace <seconds>', 'on Ctrl-C, wait this long for running jobs before stopping them', '30')
    .action(async (opts: MonitorOpts) => {
      let concurrency;
      try {
        concurrency = parseConcurrency(opts.concurrency);
      } catch (e) {
        throw new UserError((e as Error).message);
      }
      if (redisUrl()) process.stderr.write('govmon: note: REDIS_URL is set; `govmon monitor` ignores it and runs everything in-process (use `govmon schedule apply` + `govmon worker` for the distributed mode)\n');
      const registry = registryFrom(opts.config);
      const { loaded, entries } = schedulesFor(registry, opts.schedules);
      for (const w of loaded.warnings) process.stderr.write(`govmon: warning: ${w}\n`);
      const store = await openStore(opts.db);
      await store.upsertSites(registry.sites);
      await store.markStaleRuns();
      const mon = new InProcessMonitor({
        store,
        registry,
        entries,
        concurrency,
        onFinished: (j) => {
          const t = new Date().toISOString().slice(11, 19);
          const s = j.result?.summary ?? {};
          const what = j.state === 'completed'
            ? `${j.result!.status}${j.result!.homeFailure ? ` (home page ${j.result!.homeFailure.class})` : ''}${s['observations.page'] !== undefined ? ` pages=${s['observations.page']}` : ''}${s['findings.fail'] !== undefined ? ` fail=${s['findings.fail']}` : ''}`
            : `FAILED after ${j.attemptsMade} attempt(s): ${j.error}`;
          process.stderr.write(`${t}Z ${j.kind.padEnd(7)} ${j.payload.siteId.padEnd(24)} ${what}\n`);
        },
      });
      mon.start();
      if (opts.now) for (const s of registry.sites) for (const kind of ['probe', 'crawl'] as const) mon.enqueue(kind, s.id, { trigger: 'on-demand' });
      process.stderr.write(`govmon monitor: ${registry.sites.length} sites, ${entries.length} schedules (${loaded.file}), store ${store.db.description}; Ctrl-C stops\n`);
      for (const e of entries.slice(0, 30)) process.stderr.write(`  ${e.siteId.padEnd(28)} ${e.kind.padEnd(8)} ${describeEntry({ every: e.every, pattern: e.pattern, tz: e.tz, offset: e.offsetMs })}${e.jitterMs ? ` jitter ≤${formatDuration(e.jitterMs)}` : ''}\n`);
      if (entries.length > 30) process.stderr.write(`  … ${entries.length - 30} more (govmon schedule list)\n`);
      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = async () => {
          if (stopping) return;
          stopping = true;
          process.stderr.write('govmon monitor: stopping (running jobs get the grace period, then stop and mark their runs incomplete)\n');
          const { stillRunning } = await mon.stop(Number(opts.grace) * 1000);
          // A hung job would keep the process alive forever; its store connection may be busy too.
          if (stillRunning) return exitLeavingJobsBehind(stillRunning, 'monitor');
          await store.close();
          resolve();
        };
        process.once('SIGINT', () => void stop());
        process.once('SIGTERM', () => void stop());
      });
    });
}
