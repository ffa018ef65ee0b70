import type { Command } from 'commander';
import { UserError } from '../../lib/errors.ts';
import { openStore } from '../../scheduler/context.ts';
import { buildServer } from '../../scheduler/server.ts';
import { redisUrl } from '../../scheduler/redis.ts';

export function register(program: Command): void {
  program
    .command('serve')
    .description('web server: reports, /healthz, and Bull Board at /queues when REDIS_URL is set')
    .option('--port <n>', 'port', '8080')
    .option('--host <addr>', 'address to bind (keep 127.0.0.1 unless a proxy with authentication is in front)', '127.0.0.1')
    .option('--db <target>', 'store (default DATABASE_URL or ./data/govmon.db)')
    .option('--redis <url>', 'Redis URL (default REDIS_URL)')
    .action(async (opts: { port: string; host: string; db?: string; redis?: string }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`--port must be 0–65535 (got "${opts.port}")`);
      const store = await openStore(opts.db);
      const served = await buildServer({ store, redisUrl: redisUrl(opts.redis), dataDir: process.env.GOVMON_DATA_DIR });
      const address = await served.app.listen({ port, host: opts.host });
      process.stderr.write(`govmon serve: ${address}/  ${served.queues ? `${address}/queues (Bull Board)  ` : ''}${address}/healthz\n`);
      await new Promise<void>((resolve) => {
        const stop = async () => {
          await served.close();
          await store.close();
          resolve();
        };
        process.once('SIGINT', () => void stop());
        process.once('SIGTERM', () => void stop());
      });
    });
}
