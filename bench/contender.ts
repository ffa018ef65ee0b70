/**
 * Runs one contender in a process of its own, so its CPU time and peak RSS are its own,
 * and prints one JSON line: pages, seconds, CPU seconds, peak RSS, per-page times.
 * Usage: node bench/contender.ts <bare|linkinator|govmon> '<ContenderInput JSON>'
 */
import type { ContenderInput, ContenderResult } from './contenders/types.ts';

const [kind, json] = process.argv.slice(2);
const input = JSON.parse(json) as ContenderInput;
const cpu0 = process.cpuUsage();
let r: Omit<ContenderResult, 'cpuSeconds' | 'maxRssMB'>;
switch (kind) {
  case 'bare':
    r = await (await import('./contenders/bare.ts')).runBare(input);
    break;
  case 'linkinator':
    r = await (await import('./contenders/linkinator.ts')).runLinkinator(input);
    break;
  case 'govmon':
    r = await (await import('./contenders/govmon.ts')).runGovmon(input);
    break;
  default:
    throw new Error(`unknown contender ${kind}`);
}
const cpu = process.cpuUsage(cpu0);
const out: ContenderResult = {
  ...r,
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  // resourceUsage().maxRSS is in KiB and is the peak over this process's life.
  maxRssMB: process.resourceUsage().maxRSS / 1024,
};
process.stdout.write(JSON.stringify(out) + '\n');
process.exit(0);
