/**
 * `govmon schedule apply`: makes the BullMQ job schedulers match config/schedules.yaml ×
 * config/sites.yaml. Idempotent: a scheduler whose settings already match is left alone (so
 * its next run is not reset), changed ones are upserted, ones no longer configured removed.
 */
import type { JobSchedulerJson } from 'bullmq';
import type { ScheduleEntry } from '../config/schedules.ts';
import { formatDuration, humanDuration } from '../config/schedules.ts';
import { JOB_KINDS, PRIORITY, type JobKind, type JobPayload } from './jobs.ts';
import { jobOptions, type QueueSet } from './queues.ts';

export interface SchedulerState {
  kind: JobKind;
  id: string;
  siteId: string;
  every?: number;
  pattern?: string;
  tz?: string;
  offset?: number;
  payload?: Partial<JobPayload>;
  attempts?: number;
  backoffMs?: number;
  priority?: number;
  /** Next run, ms since epoch, when BullMQ knows it. */
  next?: number;
}

export interface ScheduleDiff {
  added: ScheduleEntry[];
  changed: Array<{ entry: ScheduleEntry; before: SchedulerState; fields: string[] }>;
  removed: SchedulerState[];
  unchanged: ScheduleEntry[];
}

function payloadOf(e: ScheduleEntry): JobPayload {
  const p: JobPayload = { siteId: e.siteId, kind: e.kind, trigger: 'schedule' };
  if (e.jitterMs) p.jitterMs = e.jitterMs;
  if (e.spreadMs) p.spreadMs = e.spreadMs;
  return p;
}

function desired(e: ScheduleEntry): SchedulerState {
  return {
    kind: e.kind,
    id: e.id,
    siteId: e.siteId,
    every: e.every,
    pattern: e.pattern,
    tz: e.pattern ? e.tz : undefined,
    offset: e.every ? e.offsetMs || undefined : undefined,
    payload: payloadOf(e),
    attempts: e.attempts,
    backoffMs: e.backoffMs,
    priority: PRIORITY.scheduled,
  };
}

function stateOf(kind: JobKind, j: JobSchedulerJson<JobPayload>): SchedulerState {
  const opts = (j.template?.opts ?? {}) as { attempts?: number; backoff?: number | { delay?: number }; priority?: number };
  const backoff = typeof opts.backoff === 'number' ? opts.backoff : opts.backoff?.delay;
  const id = j.key ?? j.id ?? j.name;
  return {
    kind,
    id,
    siteId: j.template?.data?.siteId ?? id,
    every: j.every ? Number(j.every) : undefined,
    pattern: j.pattern ?? undefined,
    tz: j.pattern ? j.tz ?? undefined : undefined,
    offset: j.offset ? Number(j.offset) : undefined,
    payload: j.template?.data,
    attempts: opts.attempts,
    backoffMs: backoff,
    priority: opts.priority,
    next: j.next ? Number(j.next) : undefined,
  };
}

const COMPARED = ['every', 'pattern', 'tz', 'offset', 'payload', 'attempts', 'backoffMs', 'priority'] as const;

function canon(v: unknown): string {
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${k}:${canon(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

export async function currentSchedulers(set: QueueSet): Promise<SchedulerState[]> {
  const out: SchedulerState[] = [];
  for (const kind of JOB_KINDS) {
    const list = await set.queues[kind].getJobSchedulers(0, -1, true);
    for (const j of list) out.push(stateOf(kind, j as JobSchedulerJson<JobPayload>));
  }
  return out;
}

export async function planSchedules(set: QueueSet, entries: ScheduleEntry[]): Promise<ScheduleDiff> {
  const existing = new Map((await currentSchedulers(set)).map((s) => [`${s.kind}\0${s.id}`, s]));
  const diff: ScheduleDiff = { added: [], changed: [], removed: [], unchanged: [] };
  for (const e of entries) {
    const key = `${e.kind}\0${e.id}`;
    const before = existing.get(key);
    existing.delete(key);
    if (!before) {
      diff.added.push(e);
      continue;
    }
    const want = desired(e);
    const fields = COMPARED.filter((f) => canon(want[f]) !== canon(before[f]));
    if (fields.length) diff.changed.push({ entry: e, before, fields });
    else diff.unchanged.push(e);
  }
  diff.removed = [...existing.values()];
  return diff;
}

async function upsert(set: QueueSet, e: ScheduleEntry): Promise<void> {
  const repeat = e.every ? { every: e.every, ...(e.offsetMs ? { offset: e.offsetMs } : {}) } : { pattern: e.pattern!, tz: e.tz };
  const { removeOnComplete, removeOnFail, ...opts } = jobOptions(e.kind, PRIORITY.scheduled, { attempts: e.attempts, backoffMs: e.backoffMs });
  await set.queues[e.kind].upsertJobScheduler(e.id, repeat, {
    name: `${e.kind}:${e.siteId}`,
    data: payloadOf(e),
    opts: { ...opts, removeOnComplete, removeOnFail },
  });
}

export async function applySchedules(set: QueueSet, entries: ScheduleEntry[], opts: { dryRun?: boolean } = {}): Promise<ScheduleDiff> {
  const diff = await planSchedules(set, entries);
  if (opts.dryRun) return diff;
  for (const e of diff.added) await upsert(set, e);
  for (const c of diff.changed) await upsert(set, c.entry);
  for (const r of diff.removed) await set.queues[r.kind].removeJobScheduler(r.id);
  return diff;
}

export function describeEntry(e: Pick<SchedulerState, 'every' | 'pattern' | 'tz' | 'offset'>): string {
  if (e.every) return `every ${formatDuration(e.every)}${e.offset ? ` (phase +${humanDuration(e.offset)})` : ''}`;
  return `cron "${e.pattern}"${e.tz ? ` ${e.tz}` : ''}`;
}

export function formatDiff(diff: ScheduleDiff, dryRun: boolean): string {
  const lines: string[] = [];
  for (const e of diff.added) lines.push(`+ ${e.kind.padEnd(7)} ${e.siteId.padEnd(28)} ${describeEntry({ every: e.every, pattern: e.pattern, tz: e.tz, offset: e.offsetMs })}`);
  for (const c of diff.changed)
    lines.push(`~ ${c.entry.kind.padEnd(7)} ${c.entry.siteId.padEnd(28)} ${describeEntry(c.before)} → ${describeEntry({ every: c.entry.every, pattern: c.entry.pattern, tz: c.entry.tz, offset: c.entry.offsetMs })} [${c.fields.join(', ')}]`);
  for (const r of diff.removed) lines.push(`− ${r.kind.padEnd(7)} ${r.siteId.padEnd(28)} ${describeEntry(r)}`);
  lines.push(`${dryRun ? 'would apply' : 'applied'}: +${diff.added.length} added, ~${diff.changed.length} changed, −${diff.removed.length} removed, =${diff.unchanged.length} unchanged`);
  return lines.join('\n');
}
