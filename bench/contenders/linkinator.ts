/**
 * The peer: linkinator, a well-known link checker that also crawls a site recursively.
 * It fetches every page and checks every link (its whole job), at the same concurrency.
 */
import { LinkChecker } from 'linkinator';
import type { ContenderInput, ContenderResult } from './types.ts';

export async function runLinkinator(input: ContenderInput): Promise<Omit<ContenderResult, 'cpuSeconds' | 'maxRssMB'>> {
  const checker = new LinkChecker();
  let pages = 0;
  checker.on('link', (r: { url: string; state: string; status?: number }) => {
    if (r.status === 200 && /\.html$|\/$/.test(r.url)) pages++;
  });
  const t0 = performance.now();
  await checker.check({ path: input.urls, recurse: true, concurrency: input.concurrency, timeout: 15_000 });
  const seconds = (performance.now() - t0) / 1000;
  return {
    pages,
    seconds,
    pageTimesMs: [],
    note: 'linkinator reports no per-request timings; p50/p95 not measured for it',
  };
}
