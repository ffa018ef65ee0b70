/**
 * Per-site locks so no site is crawled by two workers at once (a weekly crawl and an
 * on-demand re-check of the same portal would double the load on it and race in the store).
 *
 * Redis: SET key token NX PX ttl; renewal and release are compare-and-set Lua scripts, so a
 * worker whose lock expired (it hung, or Redis lost the key) can never extend or delete the
 * lock of the worker that took over. The TTL bounds how long a killed worker blocks its site.
 * In-process: the same contract over a Map, with the same expiry.
 */
import { Redis } from 'ioredis';

export interface SiteLocks {
  /** True when the lock was taken for `token`. */
  acquire(siteId: string, token: string, ttlMs: number): Promise<boolean>;
  /** True when `token` still holds the lock (and its TTL was reset). */
  extend(siteId: string, token: string, ttlMs: number): Promise<boolean>;
  release(siteId: string, token: string): Promise<void>;
  /** Current holder's token, if any. */
  holder(siteId: string): Promise<string | undefined>;
  close(): Promise<void>;
}

const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export class RedisSiteLocks implements SiteLocks {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly owned: boolean;

  constructor(redis: Redis | string, prefix: string) {
    this.owned = typeof redis === 'string';
    this.redis = typeof redis === 'string' ? new Redis(redis, { maxRetriesPerRequest: null, enableOfflineQueue: true, connectionName: `govmon-locks-${process.pid}` }) : redis;
    this.prefix = prefix;
    // Errors surface on the command promises; the client-level event only means "reconnecting".
    this.redis.on('error', () => {});
  }

  private key(siteId: string): string {
    return `${this.prefix}:lock:site:${siteId}`;
  }

  async acquire(siteId: string, token: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.key(siteId), token, 'PX', ttlMs, 'NX')) === 'OK';
  }

  async extend(siteId: string, token: string, ttlMs: number): Promise<boolean> {
    return Number(await this.redis.eval(EXTEND, 1, this.key(siteId), token, String(ttlMs))) === 1;
  }

  async release(siteId: string, token: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key(siteId), token);
  }

  async holder(siteId: string): Promise<string | undefined> {
    return (await this.redis.get(this.key(siteId))) ?? undefined;
  }

  async close(): Promise<void> {
    if (this.owned) await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

export class MemorySiteLocks implements SiteLocks {
  private readonly locks = new Map<string, { token: string; until: number }>();

  private live(siteId: string) {
    const l = this.locks.get(siteId);
    if (l && l.until <= Date.now()) {
      this.locks.delete(siteId);
      return undefined;
    }
    return l;
  }

  async acquire(siteId: string, token: string, ttlMs: number): Promise<boolean> {
    if (this.live(siteId)) return false;
    this.locks.set(siteId, { token, until: Date.now() + ttlMs });
    return true;
  }

  async extend(siteId: string, token: string, ttlMs: number): Promise<boolean> {
    const l = this.live(siteId);
    if (!l || l.token !== token) return false;
    l.until = Date.now() + ttlMs;
    return true;
  }

  async release(siteId: string, token: string): Promise<void> {
    if (this.live(siteId)?.token === token) this.locks.delete(siteId);
  }

  async holder(siteId: string): Promise<string | undefined> {
    return this.live(siteId)?.token;
  }

  async close(): Promise<void> {
    this.locks.clear();
  }
}
