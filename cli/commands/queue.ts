import type { Command } from 'commander';
import { UserError } from '../../lib/errors.ts';
import { openStore, registryFrom, schedulesFor } from '../../scheduler/context.ts';
import { openQueues, explainRedisError } from '../../scheduler/queues.ts';
import { redactUrl } from '../../scheduler/redis.ts';
import { formatStatus, localStatus, queueStatus } from '../../scheduler/status.ts';
import { existsSync } from 'node:fs';
import { DEFAULT_SITES_PATH } from '../../config/sites.ts';
import { redisUrl } from '../../scheduler/redis.ts';
import { DEFAULT_SCHEDULES_PATH, parseDuration } from '../../config/schedules.ts';
import { parseKinds } from '../../scheduler/worker.ts';
import { listDead, replayAllDead, replayDead } from '../../scheduler/deadletter.ts';

export function register(program: Command): void {
  const queue = program.command('queue').description('inspect and steer the BullMQ queues: status, pause/resume, dead-letter list, replay');

  queue
    .command('status')
    .description('waiting, active, delayed, failed, completed per queue; per site its last run and next scheduled run')
    .option('--db <target>', 'store (default DATABASE_URL or ./data/govmon.db)')
    .option('--redis <url>', 'Redis URL (default REDIS_URL)')
    .option('--config <path>', 'site registry (without Redis: to compute next runs)', DEFAULT_SITES_PATH)
    .option('--schedules <path>', 'schedules file (without Redis)', DEFAULT_SCHEDULES_PATH)
    .option('--json', 'print JSON')
    .action(async (opts: { db?: string; redis?: string; json?: boolean; config: string; schedules: string }) => {
      if (!redisUrl(opts.redis)) {
        const store = await openStore(opts.db);
        try {
          const entries = existsSync(opts.config) ? schedulesFor(registryFrom(opts.config), opts.schedules).entries : [];
          const st = await localStatus(store, entries);
          process.stdout.write((opts.json ? JSON.stringify(st, null, 2) : formatStatus(st)) + '\n');
        } finally {
          await store.close();
        }
        return;
      }
      const set = openQueues({ redisUrl: opts.redis });
      const store = await openStore(opts.db);
      try {
        const st = await queueStatus(set, store, redactUrl(set.url));
        process.stdout.write((opts.json ? JSON.stringify(st, null, 2) : formatStatus(st)) + '\n');
      } catch (e) {
        throw explainRedisError(e, set.url);
      } finally {
        await set.close();
        await store.close();
      }
    });

  const PAUSE_HELP = {
    pause: 'stop handing out jobs of the given queues to every worker (running jobs finish; schedules keep adding jobs)',
    resume: 'hand out jobs of the given queues again',
  };
  for (const name of ['pause', 'resume'] as const) {
    queue
      .command(name)
      .description(PAUSE_HELP[name])
      .option('--queues <list>', 'probe,crawl,browser', 'probe,crawl,browser')
      .option('--redis <url>', 'Redis URL (default REDIS_URL)')
      .action(async (opts: { queues: string; redis?: string }) => {
        let kinds;
        try {
          kinds = parseKinds(opts.queues);
        } catch (e) {
          throw new UserError((e as Error).message);
        }
        const set = openQueues({ redisUrl: opts.redis });
        try {
          for (const k of kinds) await (name === 'pause' ? set.queues[k].pause() : set.queues[k].resume());
          process.stdout.write(`${name === 'pause' ? 'paused' : 'resumed'}: ${kinds.join(', ')}\n`);
        } catch (e) {
          throw explainRedisError(e, set.url);
        } finally {
          await set.close();
        }
      });
  }

  queue
    .command('dead')
    .description('list jobs that failed for good (permanent failure or last attempt); replay them after a fix')
    .option('--replay <id>', 'put one job back to wait with fresh attempts (id as listed: kind/id)')
    .option('--replay-all', 'replay every dead job')
    .option('--clean <age>', 'delete dead jobs older than this (e.g. 30d) from the list')
    .option('--redis <url>', 'Redis URL (default REDIS_URL)')
    .option('--json', 'print JSON')
    .action(async (opts: { replay?: string; replayAll?: boolean; clean?: string; redis?: string; json?: boolean }) => {
      const cleanAge = opts.clean === undefined ? undefined : parseDuration(opts.clean);
      if (opts.clean !== undefined && cleanAge === undefined) throw new UserError(`--clean: "${opts.clean}" is not a duration; fix: write e.g. 30d or 12h`);
      const set = openQueues({ redisUrl: opts.redis });
      try {
        if (cleanAge !== undefined) {
          let n = 0;
          for (const q of Object.values(set.queues)) n += (await q.clean(cleanAge, 100_000, 'failed')).length;
          process.stdout.write(`deleted ${n} dead job(s) older than ${opts.clean}\n`);
          return;
        }
        if (opts.replay) {
          const d = await replayDead(set, opts.replay);
          if (!d) throw new UserError(`no dead job "${opts.replay}"; fix: use an id from \`govmon queue dead\` (kind/id)`);
          process.stdout.write(`replayed ${d.kind}/${d.id} (${d.siteId})\n`);
          return;
        }
        if (opts.replayAll) {
          const r = await replayAllDead(set);
          process.stdout.write(`replayed ${r.length} job(s)\n`);
          return;
        }
        const dead = await listDead(set);
        if (opts.json) {
          process.stdout.write(JSON.stringify(dead, null, 2) + '\n');
          return;
        }
        for (const d of dead)
          process.stdout.write(`${`${d.kind}/${d.id}`.padEnd(56)} ${d.siteId.padEnd(24)} ${(d.failedAt ?? '').slice(0, 19).replace('T', ' ')} tries=${d.attemptsMade} ${d.failedReason.replace(/\s+/g, ' ').slice(0, 160)}\n`);
        process.stdout.write(`${dead.length} dead job(s)${dead.length ? '; replay with --replay kind/id or --replay-all' : ''}\n`);
      } catch (e) {
        throw explainRedisError(e, set.url);
      } finally {
        await set.close();
      }
    });
}
