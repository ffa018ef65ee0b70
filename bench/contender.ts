/**
 * Runs one contender in a process of its own, so its CPU time and peak RSS are its own,
 * and prints one JSON line: pages, seconds, CPU seconds, peak RSS, per-page times.
 * CPU seconds cover the timed crawl only (each contender measures them around it): module
 * loading is a one-off, and govmon's read-back of its store to count pages is ours, not its.
 * Usage: node bench/contender.ts <bare|linkinator|govmon> '<ContenderInput JSON>'
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { ContenderInput, ContenderResult, ContenderRun } from './contenders/types.ts';

const [kind, json] = process.argv.slice(2);
const input = JSON.parse(json) as ContenderInput;
let run: (i: ContenderInput) => Promise<ContenderRun>;
switch (kind) {
  case 'bare':
    run = (await import('./contenders/bare.ts')).runBare;
    break;
  case 'linkinator':
    run = (await import('./contenders/linkinator.ts')).runLinkinator;
    break;
  case 'govmon':
    run = (await import('./contenders/govmon.ts')).runGovmon;
    break;
  default:
    throw new Error(`unknown contender ${kind}`);
}
/** Main thread's time on a CPU and waiting in the run queue for one, in seconds (Linux). */
function schedstat(): { onCpu: number; waiting: number } | undefined {
  try {
    const [on, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8').trim().split(/\s+/).map(Number);
    return { onCpu: on / 1e9, waiting: wait / 1e9 };
  } catch {
    return undefined;
  }
}

const elu0 = performance.eventLoopUtilization();
const s0 = schedstat();
const r = await run(input);
const s1 = schedstat();
const out: ContenderResult = {
  ...r,
  // resourceUsage().maxRSS is in KiB and is the peak over this process's life (govmon takes it
  // itself right after the crawl, before it reads its store back).
  maxRssMB: r.maxRssMB ?? process.resourceUsage().maxRSS / 1024,
  // Share of wall time the event loop was busy: near 1 with CPU well below the wall time means
  // the process was runnable but waiting for a core (a loaded machine), not waiting on I/O.
  eventLoopBusy: performance.eventLoopUtilization(elu0).utilization,
  // Wall time the JS thread was runnable but had no core: the machine's load, not the contender.
  ...(s0 && s1 ? { runQueueSeconds: s1.waiting - s0.waiting } : {}),
};
// stdout to a pipe is asynchronous: exiting before the write drains would cut the line.
process.stdout.write(JSON.stringify(out) + '\n', () => process.exit(0));
