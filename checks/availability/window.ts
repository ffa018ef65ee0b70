/**
 * The probe window shared by the availability checks (V-01, D-01, V-01w): which probes count,
 * how many failed, how the window is covered day by day, and runs of consecutive failures.
 *
 * Days are rolling 24-hour slices counted back from ctx.now (slice 0 = the last 24 h), so a
 * check run at any hour judges exactly "监测1周" without depending on a time zone.
 */
import type { Evidence } from '../../model/finding.ts';
import type { ProbeObservation } from '../../model/observation.ts';
import { failureBlame } from '../../model/observation.ts';

export interface ProbeWindow {
  windowDays: number;
  /** Probes inside the window, oldest first. */
  all: ProbeObservation[];
  /** Probes that say something about the site (blocked / robots / budget left out). */
  assessable: ProbeObservation[];
  /** Assessable probes that failed. */
  failures: ProbeObservation[];
  /** Probes we could not assess with (the site or its WAF refused us). */
  excluded: ProbeObservation[];
  ratio: number;
  /** Assessable probes per 24-hour slice, index 0 = the most recent day. */
  perDay: number[];
  failuresPerDay: number[];
  /** Longest run of consecutive failures, and the run still going at the end of the window. */
  maxStreak: number;
  currentStreak: number;
}

export function probeWindow(probes: ProbeObservation[], now: Date, windowDays: number): ProbeWindow {
  const end = now.getTime();
  const start = end - windowDays * 86_400_000;
  const all = probes
    .filter((p) => {
      const t = Date.parse(p.at);
      return Number.isFinite(t) && t >= start && t < end;
    })
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const assessable: ProbeObservation[] = [];
  const excluded: ProbeObservation[] = [];
  for (const p of all) (p.failure && failureBlame(p.failure.class) === 'cannot_assess' ? excluded : assessable).push(p);
  const failures = assessable.filter((p) => !p.ok);
  const perDay = new Array<number>(windowDays).fill(0);
  const failuresPerDay = new Array<number>(windowDays).fill(0);
  for (const p of assessable) {
    const slice = Math.min(windowDays - 1, Math.floor((end - Date.parse(p.at)) / 86_400_000));
    perDay[slice]++;
    if (!p.ok) failuresPerDay[slice]++;
  }
  let maxStreak = 0;
  let cur = 0;
  for (const p of assessable) {
    cur = p.ok ? 0 : cur + 1;
    maxStreak = Math.max(maxStreak, cur);
  }
  return {
    windowDays,
    all,
    assessable,
    failures,
    excluded,
    ratio: assessable.length ? failures.length / assessable.length : 0,
    perDay,
    failuresPerDay,
    maxStreak,
    currentStreak: cur,
  };
}

export function pct(r: number): string {
  return `${(r * 100).toFixed(2).replace(/\.?0+$/, '')}%`;
}

/** Evidence rows for failing probes (newest first), each naming time, class and status. */
export function failureEvidence(w: ProbeWindow, limit = 20): Evidence[] {
  return w.failures
    .slice(-limit)
    .reverse()
    .map((p) => ({
      url: p.url,
      date: p.at,
      status: p.status,
      failureClass: p.failure?.class,
      text: p.failure?.message,
      data: { totalMs: p.timings.totalMs, ...(p.ip ? { ip: p.ip } : {}) },
    }));
}

export function windowData(w: ProbeWindow): Record<string, unknown> {
  return {
    probes: w.all.length,
    assessable: w.assessable.length,
    failures: w.failures.length,
    excludedCannotAssess: w.excluded.length,
    ratio: w.ratio,
    perDay: w.perDay,
    failuresPerDay: w.failuresPerDay,
    maxConsecutiveFailures: w.maxStreak,
    currentConsecutiveFailures: w.currentStreak,
  };
}

export function num(v: unknown, dflt: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : dflt;
}
