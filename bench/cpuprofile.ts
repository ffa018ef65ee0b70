/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and prints where the time went: the top functions
 * by self time, by inclusive time (optionally filtered), and by package or file.
 *
 * Usage: node bench/cpuprofile.ts <file.cpuprofile> [--top 30] [--filter 'crawlers|store|extract']
 *
 * Samples are wall-clock ticks of the main thread: on a loaded machine a descheduled process
 * still collects ticks, so read shares (percentages), not absolute milliseconds, and run with
 * `--max-inlined-bytecode-size=0` when self time must not be folded into callers.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function summariseProfile(p: Profile, opts: { top?: number; filter?: RegExp } = {}): string[] {
  const top = opts.top ?? 30;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const ticks = new Map<number, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    ticks.set(id, (ticks.get(id) ?? 0) + dt);
    total += dt;
  });
  const label = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
  const pkg = (n: ProfileNode) => {
    const u = n.callFrame.url;
    if (!u) return n.callFrame.functionName || '(native)';
    const nm = u.split('node_modules/')[1];
    if (nm) return nm.startsWith('@') ? nm.split('/').slice(0, 2).join('/') : nm.split('/')[0];
    return u.split('/').slice(-2).join('/');
  };
  const self = new Map<string, number>();
  const files = new Map<string, number>();
  const incl = new Map<string, number>();
  for (const [id, t] of ticks) {
    const n = byId.get(id)!;
    self.set(label(n), (self.get(label(n)) ?? 0) + t);
    files.set(pkg(n), (files.get(pkg(n)) ?? 0) + t);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = label(byId.get(cur)!);
      if (seen.has(k)) continue; // recursion counts once
      seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + t);
    }
  }
  const rows = (m: Map<string, number>, filter?: RegExp) =>
    [...m]
      .filter(([k]) => !filter || filter.test(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `${(v / 1000).toFixed(0).padStart(8)} ms ${((v / total) * 100).toFixed(1).padStart(5)} %  ${k}`);
  return [
    `total ${(total / 1000).toFixed(0)} ms of samples`,
    '', '-- self time', ...rows(self),
    '', `-- inclusive time${opts.filter ? ` (${opts.filter.source})` : ''}`, ...rows(incl, opts.filter),
    '', '-- by package / file', ...rows(files),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '30' }, filter: { type: 'string' } } });
  if (!positionals[0]) {
    process.stderr.write('usage: node bench/cpuprofile.ts <file.cpuprofile> [--top 30] [--filter REGEX]\n');
    process.exit(2);
  }
  const p = JSON.parse(readFileSync(positionals[0], 'utf8')) as Profile;
  process.stdout.write(summariseProfile(p, { top: Number(values.top), ...(values.filter ? { filter: new RegExp(values.filter) } : {}) }).join('\n') + '\n');
}
