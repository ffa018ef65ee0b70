import type { Command } from 'commander';
import { DEFAULT_SITES_PATH } from '../../config/sites.ts';
import { UserError } from '../../lib/errors.ts';
import { log } from '../../lib/log.ts';
import { exitLeavingJobsBehind, openStore, registryFrom, sharedStoreWarning } from '../../scheduler/context.ts';
import { parseConcurrency, parseKinds, startWorkers } from '../../scheduler/worker.ts';

interface WorkerOpts {
  queues?: string;
  concurrency?: string;
  config: string;
  db?: string;
  redis?: string;
  name?: string;
  grace: string;
  lockDuration?: string;
  stalledInterval?: string;
}

export function register(program: Command): void {
  program
    .command('worker')
    .description('consume the probe, crawl and browser queues (any number of workers on any number of machines share one Redis and one store)')
    .option('--queues <list>', 'queues to consume: probe,crawl,browser', 'probe,crawl,browser')
    .option('--concurrency <spec>', 'jobs at once per queue, e.g. probe=50,crawl=2,browser=1')
    .option('--config <path>', 'site registry', DEFAULT_SITES_PATH)
    .option('--db <target>', 'store (default DATABASE_URL); use postgres:// when workers run on several machines')
    .option('--redis <url>', 'Redis URL (default REDIS_URL)')
    .option('--name <name>', 'worker name shown in Bull Board (default worker-<pid>-<random>)')
    .option('--grace <seconds>', 'on SIGTERM, wait this long for running jobs before handing them back to the queue', '30')
    .option('--lock-duration <ms>', 'BullMQ job lock (default 60000 for crawl/browser, 30000 for probe)')
    .option('--stalled-interval <ms>', 'how often this worker looks for jobs of dead workers (default 30000)')
    .action(async (opts: WorkerOpts) => {
      let kinds, concurrency;
      try {
        kinds = parseKinds(opts.queues);
        concurrency = parseConcurrency(opts.concurrency);
      } catch (e) {
        throw new UserError((e as Error).message);
      }
      const grace = Number(opts.grace);
      if (!Number.isFinite(grace) || grace < 0) throw new UserError('--grace must be a number of seconds');
      const ms = (v: string | undefined, name: string) => {
        if (v === undefined) return undefined;
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1000) throw new UserError(`${name} must be milliseconds, at least 1000 (got "${v}")`);
        return n;
      };
      const lockDurationMs = ms(opts.lockDuration, '--lock-duration');
      const stalledIntervalMs = ms(opts.stalledInterval, '--stalled-interval');
      const registry = registryFrom(opts.config);
      const store = await openStore(opts.db);
      const warn = sharedStoreWarning(store);
      if (warn) process.stderr.write(`govmon: warning: ${warn}\n`);
      await store.upsertSites(registry.sites);
      const handle = await startWorkers({
        store,
        registry,
        redisUrl: opts.redis,
        kinds,
        concurrency,
        name: opts.name,
        lockDurationMs,
        stalledIntervalMs,
      });
      process.stderr.write(`govmon worker ${handle.name}: consuming ${kinds.join(', ')}; Ctrl-C or SIGTERM stops after running jobs (≤ ${grace} s, then they go back to the queue)\n`);
      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = async (sig: string) => {
          if (stopping) return;
          stopping = true;
          log.info({ signal: sig }, 'worker stopping');
          const r = await handle.close(grace * 1000);
          if (r.handedBack) process.stderr.write(`govmon worker: ${r.handedBack} running job(s) handed back to the queue\n`);
          if (r.stillRunning) return exitLeavingJobsBehind(r.stillRunning, 'worker');
          await store.close();
          resolve();
        };
        process.once('SIGTERM', () => void stop('SIGTERM'));
        process.once('SIGINT', () => void stop('SIGINT'));
      });
    });
}
