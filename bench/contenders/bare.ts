/**
 * The limit: a bare crawl loop with the same HTTP client (undici) and parser (htmlparser2)
 * as govmon and the same concurrency, but no crawl framework: fetch, parse, collect <a href>,
 * dedupe, repeat. No politeness, no observations, no store. govmon cannot beat this; the
 * ratio says how much its full work costs.
 */
import { Agent, request } from 'undici';
import { parseDocument } from 'htmlparser2';
import { getElementsByTagName } from 'domutils';
import type { ContenderInput, ContenderRun } from './types.ts';

export async function runBare(input: ContenderInput): Promise<ContenderRun> {
  const agent = new Agent({ connections: input.perHostConcurrency, pipelining: 1, keepAliveTimeout: 30_000 });
  const seen = new Set<string>();
  const queue: string[] = [];
  for (const u of input.urls) {
    seen.add(u);
    queue.push(u);
  }
  const times: number[] = [];
  let pages = 0;
  let active = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await new Promise<void>((done) => {
    const pump = () => {
      while (active < input.concurrency && queue.length) {
        const url = queue.shift()!;
        active++;
        const start = performance.now();
        request(url, { dispatcher: agent })
          .then(async (res) => {
            const body = await res.body.text();
            if (res.statusCode === 200) {
              const doc = parseDocument(body);
              for (const a of getElementsByTagName('a', doc, true)) {
                const href = a.attribs.href;
                if (!href) continue;
                let abs: string;
                try {
                  abs = new URL(href, url).href;
                } catch {
                  continue;
                }
                if (!seen.has(abs) && abs.startsWith(new URL(url).origin)) {
                  seen.add(abs);
                  queue.push(abs);
                }
              }
              pages++;
            }
            times.push(performance.now() - start);
          })
          .catch(() => {})
          .finally(() => {
            active--;
            if (active === 0 && queue.length === 0) done();
            else pump();
          });
      }
    };
    pump();
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  await agent.close();
  return { pages, seconds, cpuSeconds, pageTimesMs: times };
}
