/** The batch-wide cache of external link checks stays bounded over thousands of sites. */
import { describe, it, expect } from 'vitest';
import { LinkCache } from '../../crawlers/links.ts';
import type { LinkCheckObservation } from '../../model/observation.ts';

const obs = (url: string): LinkCheckObservation => ({ kind: 'link', at: new Date().toISOString(), url, finalUrl: url, redirects: [], status: 200, method: 'HEAD', external: true, elapsedMs: 1 });

describe('LinkCache', () => {
  it('keeps at most maxEntries, dropping the oldest; an evicted URL is checked again', async () => {
    const cache = new LinkCache(2);
    const runs: string[] = [];
    const check = (url: string) => cache.get(url, 1, async () => (runs.push(url), { obs: obs(url), aborted: false }));
    await check('https://a.gov.cn/');
    await check('https://b.gov.cn/');
    expect((await check('https://a.gov.cn/'))?.cached).toBe(true);
    await check('https://c.gov.cn/');
    expect(cache.size).toBe(2);
    expect((await check('https://c.gov.cn/'))?.cached).toBe(true);
    const again = await check('https://a.gov.cn/');
    expect(again?.cached).toBeUndefined();
    expect(runs).toEqual(['https://a.gov.cn/', 'https://b.gov.cn/', 'https://c.gov.cn/', 'https://a.gov.cn/']);
    expect(cache.size).toBe(2);
  });

  it('defaults to a bound large enough for one batch of external links', () => {
    expect(new LinkCache().maxEntries).toBe(50_000);
  });
});
