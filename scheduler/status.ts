/**
 * `govmon queue status`: job counts per queue, and per site its last run (from the store) and
 * next scheduled run (from the BullMQ job schedulers).
 */
import type { Store, RunRecord } from '../store/store.ts';
import { JOB_KINDS, type JobKind } from './jobs.ts';
import type { QueueSet } from './queues.ts';
import { currentSchedulers } from './apply.ts';
import { nextSlot, type ScheduleEntry } from '../config/schedules.ts';

export const COUNT_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed'] as const;

export interface SiteStatus {
  siteId: string;
  lastProbe?: { at: string; status: string; runId: string };
  lastAudit?: { at: string; status: string; runId: string; note?: string };
  next: Partial<Record<JobKind, string>>;
}

export interface QueueStatus {
  redis: string;
  prefix: string;
  /** Absent in the in-process mode (the queue lives inside `govmon monitor`). */
  queues?: Record<JobKind, Record<string, number>>;
  /** Queues paused with `govmon queue pause`. */
  paused?: JobKind[];
  sites: SiteStatus[];
}

function brief(r: RunRecord | undefined) {
  return r ? { at: r.finishedAt ?? r.startedAt, status: r.status, runId: r.id, ...(r.note ? { note: r.note } : {}) } : undefined;
}

export async function siteStatuses(store: Store, siteIds: string[], next: Map<string, Partial<Record<JobKind, string>>>): Promise<SiteStatus[]> {
  const out: SiteStatus[] = [];
  for (const siteId of siteIds) {
    const [probe, audit] = await Promise.all([
      store.latestRun(siteId, 'probe', ['complete', 'incomplete', 'failed']),
      store.latestRun(siteId, 'audit', ['complete', 'incomplete', 'failed']),
    ]);
    const lastProbe = brief(probe);
    const lastAudit = brief(audit);
    out.push({ siteId, ...(lastProbe ? { lastProbe } : {}), ...(lastAudit ? { lastAudit } : {}), next: next.get(siteId) ?? {} });
  }
  return out;
}

export async function queueStatus(set: QueueSet, store: Store, redisLabel: string): Promise<QueueStatus> {
  const queues = {} as Record<JobKind, Record<string, number>>;
  const paused: JobKind[] = [];
  for (const k of JOB_KINDS) {
    queues[k] = (await set.queues[k].getJobCounts(...COUNT_STATES)) as Record<string, number>;
    if (await set.queues[k].isPaused()) paused.push(k);
  }
  const next = new Map<string, Partial<Record<JobKind, string>>>();
  for (const s of await currentSchedulers(set)) {
    const m = next.get(s.siteId) ?? {};
    if (s.next) m[s.kind] = new Date(s.next + (s.pattern ? (s.payload?.spreadMs ?? 0) : 0)).toISOString(); // the site's slot after the cron time
    next.set(s.siteId, m);
  }
  const ids = [...new Set([...(await store.listSites()).map((s) => s.id), ...next.keys()])].sort();
  return { redis: redisLabel, prefix: set.prefix, queues, paused, sites: await siteStatuses(store, ids, next) };
}

/**
 * Without Redis there is no shared queue to count: the store still says what ran last, and
 * the schedules say what runs next (as `govmon monitor` would compute it).
 */
export async function localStatus(store: Store, entries: ScheduleEntry[], now = Date.now()): Promise<QueueStatus> {
  const next = new Map<string, Partial<Record<JobKind, string>>>();
  for (const e of entries) {
    const m = next.get(e.siteId) ?? {};
    m[e.kind] = new Date(nextSlot(e, now) + (e.spreadMs ?? 0)).toISOString();
    next.set(e.siteId, m);
  }
  const ids = [...new Set([...(await store.listSites()).map((s) => s.id), ...next.keys()])].sort();
  return { redis: 'none (in-process mode: queues live inside `govmon monitor`)', prefix: '-', sites: await siteStatuses(store, ids, next) };
}

export function formatStatus(st: QueueStatus): string {
  const lines: string[] = [st.queues ? `redis ${st.redis} (prefix ${st.prefix})` : `redis: ${st.redis}`, ''];
  if (st.queues) {
    lines.push(`${'queue'.padEnd(8)} ${COUNT_STATES.map((s) => s.padStart(11)).join(' ')}`);
    for (const k of JOB_KINDS) lines.push(`${k.padEnd(8)} ${COUNT_STATES.map((s) => String(st.queues![k][s] ?? 0).padStart(11)).join(' ')}${st.paused?.includes(k) ? '  PAUSED (govmon queue resume)' : ''}`);
    lines.push('');
  }
  lines.push(`${'site'.padEnd(24)} ${'last probe'.padEnd(30)} ${'last audit'.padEnd(30)} next probe / crawl / browser`);
  const fmt = (r?: { at: string; status: string }) => (r ? `${r.at.slice(0, 16).replace('T', ' ')} ${r.status}` : '—');
  const t = (s?: string) => (s ? s.slice(0, 16).replace('T', ' ') : '—');
  for (const s of st.sites) lines.push(`${s.siteId.padEnd(24)} ${fmt(s.lastProbe).padEnd(30)} ${fmt(s.lastAudit).padEnd(30)} ${t(s.next.probe)} / ${t(s.next.crawl)} / ${t(s.next.browser)}`);
  lines.push('(times UTC)');
  return lines.join('\n');
}
