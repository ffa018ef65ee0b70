/**
 * The peer: linkinator, a well-known link checker that also crawls a site recursively.
 * It fetches every page and checks every link (its whole job), at the same concurrency.
 */
import { LinkChecker } from 'linkinator';
import type { ContenderInput, ContenderRun } from './types.ts';

export async function runLinkinator(input: ContenderInput): Promise<ContenderRun> {
  const checker = new LinkChecker();
  let pages = 0;
  checker.on('link', (r: { url: string; state: string; status?: number }) => {
    if (r.status === 200 && /\.html$|\/$/.test(r.url)) pages++;
  });
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await checker.check({ path: input.urls, recurse: true, concurrency: input.concurrency, timeout: 15_000 });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    pages,
    seconds,
    cpuSeconds,
    pageTimesMs: [],
    note: 'linkinator reports no per-request timings; p50/p95 not measured for it',
  };
}
