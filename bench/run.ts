/**
 * `npm run bench`: crawl and probe throughput, measured against the limit and a peer.
 *
 * 1. Crawl: a synthetic farm (N sites × M pages, its own process) is crawled by govmon, by a
 *    bare undici + htmlparser2 loop (the limit) and by linkinator (the peer), each in a fresh
 *    child process at the same concurrency; figures and ratios are printed. Then the same on
 *    portal-size pages (~34 KB, ~140 links each).
 * 2. Memory: govmon's peak RSS on one site at 1×, 4× and 16× the pages.
 * 3. Probes: one day of probes for many sites through the real BullMQ path (bench/probe.ts).
 * Results are appended to bench/RESULTS.md with the machine and the date.
 *
 * Options: --sites 20 --pages 500 --portal-pages 150 --concurrency 16 --per-host 4 --rounds 1
 *          --govmon-node-flags='…' (node flags for govmon's processes only; default: lib/node-flags.ts, as shipped)
 *          --contenders bare,govmon,linkinator --memory-pages 2000 --probe-sites 10000 --probe-rounds 1 --skip-crawl --skip-portal --skip-memory --skip-probe --no-record
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir, platform, release } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { GOVMON_NODE_FLAGS } from '../lib/node-flags.ts';
import type { ContenderInput, ContenderResult } from './contenders/types.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));

const { values: opt } = parseArgs({
  options: {
    sites: { type: 'string', default: '20' },
    pages: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '16' },
    'per-host': { type: 'string', default: '4' },
    rounds: { type: 'string', default: '1' },
    contenders: { type: 'string', default: 'bare,govmon,linkinator' },
    'memory-pages': { type: 'string', default: '2000' },
    'probe-sites': { type: 'string', default: '10000' },
    'probes-per-day': { type: 'string', default: '24' },
    'probe-rounds': { type: 'string', default: '1' },
    'portal-pages': { type: 'string', default: '150' },
    'govmon-node-flags': { type: 'string', default: '' },
    'skip-crawl': { type: 'boolean', default: false },
    'skip-portal': { type: 'boolean', default: false },
    'skip-memory': { type: 'boolean', default: false },
    'skip-probe': { type: 'boolean', default: false },
    'no-record': { type: 'boolean', default: false },
  },
});
const num = (k: keyof typeof opt) => Number(opt[k]);

interface FarmHandle {
  urls: string[];
  stop(): void;
}

function startFarm(sites: number, pages: number, style: 'small' | 'portal' = 'small'): Promise<FarmHandle> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(HERE, 'synthetic-farm.ts'), String(sites), String(pages), style], { stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve({ urls: JSON.parse(buf.slice(0, nl)).urls, stop: () => child.kill('SIGTERM') });
    });
    child.on('error', reject);
    child.on('exit', (code) => code && reject(new Error(`farm exited ${code}`)));
  });
}

function runContender(kind: string, input: ContenderInput, nodeFlags: string[] = []): Promise<ContenderResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, join(HERE, 'contender.ts'), kind, JSON.stringify(input)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, GOVMON_LOG_LEVEL: 'silent' },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    // 'close', not 'exit': the child's stdout may still hold data when it exits.
    child.on('close', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(line));
      } catch {
        reject(new Error(`${kind} exited ${code} without a result: ${out.slice(-500)}`));
      }
    });
  });
}

function pct(xs: number[], p: number): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

const f1 = (x: number | null | undefined, d = 1) => (x == null || Number.isNaN(x) ? '—' : x.toFixed(d));

interface Row {
  name: string;
  r: ContenderResult;
}

function summarise(rows: Row[]): string[] {
  const lines = [
    '| contender | pages | seconds | pages/s | CPU s / 1,000 pages | CPU / wall | loop busy | waiting for a core | peak RSS MB | p50 page ms | p95 page ms |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const { name, r } of rows) {
    lines.push(
      `| ${name} | ${r.pages} | ${f1(r.seconds)} | ${f1(r.pages / r.seconds)} | ${f1((r.cpuSeconds / r.pages) * 1000, 2)} | ${f1((r.cpuSeconds / r.seconds) * 100, 0)} % | ${r.eventLoopBusy == null ? '—' : f1(r.eventLoopBusy * 100, 0) + ' %'} | ${r.runQueueSeconds == null ? '—' : f1((r.runQueueSeconds / r.seconds) * 100, 0) + ' %'} | ${f1(r.maxRssMB, 0)} | ${f1(pct(r.pageTimesMs, 50))} | ${f1(pct(r.pageTimesMs, 95))} |`,
    );
  }
  return lines;
}

const report: string[] = [];
const say = (s = '') => {
  process.stdout.write(s + '\n');
  report.push(s);
};

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()} ${release()}, Node ${process.version}`;
say(`## ${new Date().toISOString()} — ${machine}`);
say();

const work = mkdtempSync(join(tmpdir(), 'govmon-bench-'));
// govmon is measured as it ships: with the flags bin/govmon.js runs it with, unless overridden.
const govmonFlags = opt['govmon-node-flags'] ? opt['govmon-node-flags'].split(/\s+/).filter(Boolean) : GOVMON_NODE_FLAGS;
if (govmonFlags.length) {
  say(`govmon runs with node flags: \`${govmonFlags.join(' ')}\``);
  say();
}

async function crawlSection(sites: number, pages: number, style: 'small' | 'portal', title: string): Promise<void> {
  const farm = await startFarm(sites, pages, style);
  const base: ContenderInput = { urls: farm.urls, concurrency: num('concurrency'), perHostConcurrency: num('per-host'), maxPagesPerSite: pages };
  say(`### ${title}: ${sites} sites × ${pages} pages, concurrency ${base.concurrency} (${base.perHostConcurrency} per host)`);
  say();
  const rows: Row[] = [];
  try {
    for (let round = 0; round < num('rounds'); round++) {
      // Alternate the order so warm-up and thermal effects do not always favour one contender.
      const chosen = opt.contenders.split(',');
      const order = (round % 2 ? ['govmon', 'bare', 'linkinator'] : ['bare', 'govmon', 'linkinator']).filter((k) => chosen.includes(k));
      for (const kind of order) {
        const r = await runContender(kind, { ...base, dbPath: join(work, `crawl-${style}-${kind}-${round}.db`) }, kind === 'govmon' ? govmonFlags : []);
        rows.push({ name: kind === 'bare' ? 'limit (bare undici + htmlparser2)' : kind === 'linkinator' ? 'peer (linkinator)' : 'govmon', r });
        process.stderr.write(`bench: ${style} ${kind} round ${round + 1}: ${r.pages} pages in ${r.seconds.toFixed(1)} s\n`);
      }
    }
  } finally {
    farm.stop();
  }
  for (const l of summarise(rows)) say(l);
  const mean = (prefix: string, f: (r: ContenderResult) => number) => {
    const rs = rows.filter((x) => x.name.startsWith(prefix)).map((x) => f(x.r));
    return rs.reduce((a, b) => a + b, 0) / rs.length;
  };
  const rate = (r: ContenderResult) => r.pages / r.seconds;
  const cpu = (r: ContenderResult) => r.cpuSeconds / r.pages;
  say();
  say(`govmon / limit = **${f1((mean('govmon', rate) / mean('limit', rate)) * 100, 0)} %** of the bare loop's pages per second (target ≥ 70 %); by CPU per page ${f1((mean('limit', cpu) / mean('govmon', cpu)) * 100, 0)} %`);
  say(`govmon / peer  = **${f1(mean('govmon', rate) / mean('peer', rate), 2)}×** linkinator's pages per second (target > 1); by CPU per page ${f1(mean('peer', cpu) / mean('govmon', cpu), 2)}×`);
  say();
}

if (!opt['skip-crawl']) await crawlSection(num('sites'), num('pages'), 'small', 'Crawl');
// The same comparison on pages the size and shape of real portal pages (~34 KB, ~140 links,
// dated lists, tables): what extraction costs on the web as it is.
if (!opt['skip-crawl'] && !opt['skip-portal']) await crawlSection(num('sites'), num('portal-pages'), 'portal', 'Crawl, portal-size pages');

if (!opt['skip-memory']) {
  const unit = num('memory-pages');
  say(`### Memory: govmon on one site at 1×, 4×, 16× ${unit} pages`);
  say();
  say('| pages | seconds | pages/s | peak RSS MB | live heap MB (after GC, sampled every 250 ms) |');
  say('|---|---|---|---|---|');
  const rss: number[] = [];
  const live: number[] = [];
  for (const mult of [1, 4, 16]) {
    const n = unit * mult;
    const farm = await startFarm(1, n);
    try {
      const r = await runContender(
        'govmon',
        { urls: farm.urls, concurrency: num('per-host'), perHostConcurrency: num('per-host'), maxPagesPerSite: n, dbPath: join(work, `mem-${mult}.db`), sampleLiveHeap: true },
        ['--expose-gc', ...govmonFlags],
      );
      rss.push(r.maxRssMB);
      live.push(r.liveHeapMB ?? NaN);
      say(`| ${r.pages} | ${f1(r.seconds)} | ${f1(r.pages / r.seconds)} | ${f1(r.maxRssMB, 0)} | ${f1(r.liveHeapMB, 0)} |`);
    } finally {
      farm.stop();
    }
  }
  const growth = (xs: number[]) => (xs[0] > 0 ? f1(((xs[2] - xs[0]) / xs[0]) * 100, 0) : '—');
  say();
  say(`Peak RSS growth 1× → 16×: **${growth(rss)} %** (target ≤ 20 %); live heap growth: **${growth(live)} %**.`);
  say();
}

if (!opt['skip-probe']) {
  const probe = join(HERE, 'probe.ts');
  if (existsSync(probe)) {
    const { runProbeBench } = await import('./probe.ts');
    try {
      for (const l of await runProbeBench({ sites: num('probe-sites'), perDay: num('probes-per-day'), rounds: num('probe-rounds'), work })) say(l);
    } catch (e) {
      // The crawl and memory figures above are still worth recording.
      say(`### Probes: failed — ${(e as Error).message}`);
    }
  } else {
    say('### Probes: bench/probe.ts not present, skipped');
  }
  say();
}

if (!opt['no-record']) {
  const file = join(HERE, 'RESULTS.md');
  if (!existsSync(file)) writeFileSync(file, '# Benchmark results\n\nAppended by `npm run bench`; newest last. Each section names the machine and the date.\n\n');
  appendFileSync(file, report.join('\n') + '\n');
  process.stdout.write(`\nrecorded in ${file}\n`);
}
process.exit(0);
