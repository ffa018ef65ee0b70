/**
 * Redis connection settings for every govmon queue client. REDIS_URL selects the distributed
 * mode; without it govmon runs in-process (`govmon monitor`).
 *
 * Workers and long-lived clients use `maxRetriesPerRequest: null` and keep the offline queue,
 * so a Redis restart or a network blip only pauses them: ioredis reconnects with backoff and
 * replays the commands it queued, BullMQ re-issues its blocking fetch, and jobs whose locks
 * lapsed meanwhile are recovered by the stalled-job check, never lost. Short-lived producers
 * (`audit --queue`, `schedule apply`) fail fast instead so a person is not left waiting.
 */
import type { RedisOptions } from 'bullmq';

export type RedisRole = 'worker' | 'producer';

export function redisUrl(explicit?: string): string | undefined {
  return explicit || process.env.REDIS_URL || undefined;
}

/** Connection options accepted by BullMQ (it creates and duplicates the ioredis clients itself). */
export function redisOptions(url: string, role: RedisRole): RedisOptions & { url: string } {
  const base = {
    url,
    connectionName: `govmon-${role}-${process.pid}`,
    // Reconnect forever with a capped backoff: a Redis restart must never stop a worker.
    retryStrategy: (times: number) => Math.min(200 * 2 ** Math.min(times, 7), 10_000),
  };
  if (role === 'worker') return { ...base, maxRetriesPerRequest: null, enableOfflineQueue: true };
  // A person is waiting: give up after a few seconds with an error instead of retrying forever.
  return { ...base, maxRetriesPerRequest: 2, enableOfflineQueue: true, connectTimeout: 5000, retryStrategy: (times: number) => (times > 3 ? null : 500 * times) };
}

/** The URL without a password, for logs and status output. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'redis://(unparseable)';
  }
}
