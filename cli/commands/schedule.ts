import type { Command } from 'commander';
import { DEFAULT_SITES_PATH } from '../../config/sites.ts';
import { DEFAULT_SCHEDULES_PATH, nextSlot, formatDuration, humanDuration } from '../../config/schedules.ts';
import { openStore, registryFrom, schedulesFor } from '../../scheduler/context.ts';
import { openQueues, explainRedisError } from '../../scheduler/queues.ts';
import { applySchedules, currentSchedulers, describeEntry, formatDiff } from '../../scheduler/apply.ts';
import { redisUrl, redactUrl } from '../../scheduler/redis.ts';

interface ScheduleOpts {
  config: string;
  db?: string;
  schedules: string;
  redis?: string;
  dryRun?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  const schedule = program.command('schedule').description('continuous monitoring schedules (config/schedules.yaml) on BullMQ job schedulers');

  schedule
    .command('apply')
    .description('make the BullMQ job schedulers match schedules.yaml × sites.yaml: + added, ~ changed, − removed, = unchanged')
    .option('--config <path>', 'site registry', DEFAULT_SITES_PATH)
    .option('--schedules <path>', 'schedules file', DEFAULT_SCHEDULES_PATH)
    .option('--redis <url>', 'Redis URL (default REDIS_URL)')
    .option('--db <target>', 'store the workers share (default DATABASE_URL or ./data/govmon.db): the registry\'s sites are written there')
    .option('--dry-run', 'print the diff without changing anything')
    .option('--json', 'print the diff as JSON')
    .action(async (opts: ScheduleOpts) => {
      const registry = registryFrom(opts.config);
      const { loaded, entries } = schedulesFor(registry, opts.schedules);
      for (const w of loaded.warnings) process.stderr.write(`govmon: warning: ${w}\n`);
      const set = openQueues({ redisUrl: opts.redis });
      let stored = '';
      try {
        const diff = await applySchedules(set, entries, { dryRun: opts.dryRun });
        if (!opts.dryRun) {
          // Running workers loaded sites.yaml when they started; a site added since is looked
          // up in the store, so it must be there before its first job fires (else the job
          // fails for good with "not in the registry or the store").
          const store = await openStore(opts.db);
          try {
            await store.upsertSites(registry.sites);
            stored = `sites: ${registry.sites.length} written to ${store.db.description}\n`;
          } finally {
            await store.close();
          }
        }
        if (opts.json) process.stdout.write(JSON.stringify(diff, null, 2) + '\n');
        else process.stdout.write(`${redactUrl(set.url)} prefix ${set.prefix}\n${formatDiff(diff, !!opts.dryRun)}\n${stored}`);
      } catch (e) {
        throw explainRedisError(e, set.url);
      } finally {
        await set.close();
      }
    });

  schedule
    .command('list')
    .description('list schedules: site, kind, pattern or interval, next run (from Redis when REDIS_URL is set, else computed from the config)')
    .option('--config <path>', 'site registry', DEFAULT_SITES_PATH)
    .option('--schedules <path>', 'schedules file', DEFAULT_SCHEDULES_PATH)
    .option('--redis <url>', 'Redis URL (default REDIS_URL)')
    .option('--json', 'print JSON')
    .action(async (opts: ScheduleOpts) => {
      const url = redisUrl(opts.redis);
      type Row = { siteId: string; kind: string; schedule: string; next?: string; jitter?: string; spread?: string };
      const rows: Row[] = [];
      if (url) {
        const set = openQueues({ redisUrl: url });
        try {
          for (const s of await currentSchedulers(set)) {
            rows.push({
              siteId: s.siteId,
              kind: s.kind,
              schedule: describeEntry(s),
              next: s.next ? new Date(s.next).toISOString() : undefined,
              jitter: s.payload?.jitterMs ? formatDuration(s.payload.jitterMs) : undefined,
              spread: s.payload?.spreadMs ? humanDuration(s.payload.spreadMs) : undefined,
            });
          }
        } catch (e) {
          throw explainRedisError(e, set.url);
        } finally {
          await set.close();
        }
      } else {
        const registry = registryFrom(opts.config);
        const { entries } = schedulesFor(registry, opts.schedules);
        const now = Date.now();
        for (const e of entries)
          rows.push({
            siteId: e.siteId,
            kind: e.kind,
            schedule: describeEntry({ every: e.every, pattern: e.pattern, tz: e.tz, offset: e.offsetMs }),
            next: new Date(nextSlot(e, now)).toISOString(),
            jitter: e.jitterMs ? formatDuration(e.jitterMs) : undefined,
            spread: e.spreadMs ? humanDuration(e.spreadMs) : undefined,
          });
      }
      rows.sort((a, b) => a.siteId.localeCompare(b.siteId) || a.kind.localeCompare(b.kind));
      if (opts.json) {
        process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
        return;
      }
      process.stdout.write(`${url ? `job schedulers on ${redactUrl(url)}` : 'computed from the config (no REDIS_URL)'}\n`);
      for (const r of rows)
        process.stdout.write(`${r.siteId.padEnd(28)} ${r.kind.padEnd(8)} ${r.schedule.padEnd(40)} next ${r.next ? r.next.slice(0, 19).replace('T', ' ') + 'Z' : '—'}${r.spread ? ` +spread ${r.spread}` : ''}${r.jitter ? ` +jitter ≤${r.jitter}` : ''}\n`);
      process.stdout.write(`${rows.length} schedules\n`);
    });
}
