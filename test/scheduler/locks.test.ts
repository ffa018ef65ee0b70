/**
 * The per-site lock contract, on Redis and in memory: one holder at a time, only the holder
 * extends or releases, and a lock of a dead holder expires by itself.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { RedisSiteLocks, MemorySiteLocks, type SiteLocks } from '../../scheduler/locks.ts';
import { uniquePrefix, REDIS_URL } from './helpers.ts';

const impls: Array<[string, () => SiteLocks]> = [
  ['redis', () => new RedisSiteLocks(REDIS_URL, uniquePrefix('locks'))],
  ['memory', () => new MemorySiteLocks()],
];

for (const [name, make] of impls) {
  describe(`site locks (${name})`, () => {
    const locks = make();
    afterAll(() => locks.close());

    it('admits one holder; only the holder extends or releases', async () => {
      expect(await locks.acquire('s1', 'job-a', 5000)).toBe(true);
      expect(await locks.acquire('s1', 'job-b', 5000)).toBe(false);
      expect(await locks.holder('s1')).toBe('job-a');
      expect(await locks.extend('s1', 'job-b', 5000)).toBe(false);
      await locks.release('s1', 'job-b'); // not the holder: no effect
      expect(await locks.holder('s1')).toBe('job-a');
      expect(await locks.extend('s1', 'job-a', 5000)).toBe(true);
      await locks.release('s1', 'job-a');
      expect(await locks.holder('s1')).toBeUndefined();
      expect(await locks.acquire('s1', 'job-b', 5000)).toBe(true);
      await locks.release('s1', 'job-b');
    });

    it('expires the lock of a holder that stopped renewing', async () => {
      expect(await locks.acquire('s2', 'dead', 150)).toBe(true);
      expect(await locks.acquire('s2', 'next', 5000)).toBe(false);
      await new Promise((r) => setTimeout(r, 250));
      expect(await locks.extend('s2', 'dead', 5000)).toBe(false);
      expect(await locks.acquire('s2', 'next', 5000)).toBe(true);
      await locks.release('s2', 'next');
    });

    it('keeps sites independent', async () => {
      expect(await locks.acquire('s3', 'x', 5000)).toBe(true);
      expect(await locks.acquire('s4', 'y', 5000)).toBe(true);
      await locks.release('s3', 'x');
      await locks.release('s4', 'y');
    });
  });
}
