/**
 * Loads and validates config/schedules.yaml and resolves it against the site registry into
 * one schedule entry per (site, job kind). The same entries drive BullMQ job schedulers
 * (`govmon schedule apply`) and the in-process monitor (`govmon monitor`).
 *
 * Jitter, honestly: BullMQ repeat options have none, so govmon spreads load in two steps.
 *  1. A deterministic per-site phase: for `every` schedules the BullMQ `offset` is
 *     hash(site, kind) mod interval, so 1 000 hourly probes are spread over the hour instead
 *     of firing at :00; for cron schedules the job waits hash(site, kind) × `spread` after the
 *     cron time (a weekly crawl of every site does not start in the same second).
 *  2. A random delay drawn uniformly in [0, jitter] when the job first starts, applied by moving
 *     the job to the delayed set (it holds no worker slot while it waits), so the exact minute a
 *     site is probed is not predictable from one run to the next.
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { lineOf } from './yaml-lines.ts';
import { z, type ZodIssue } from 'zod';
import { CronExpressionParser } from 'cron-parser';
import { LEVELS, KINDS, type Site } from '../model/site.ts';
import { ConfigError } from './sites.ts';
import { UserError } from '../lib/errors.ts';
import { JOB_KINDS, DEFAULT_RETRY, schedulerId, type JobKind } from '../scheduler/jobs.ts';

export const DEFAULT_SCHEDULES_PATH = fileURLToPath(new URL('./schedules.yaml', import.meta.url));

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "90s", "15m", "1h", "7d", "1w", or a bare number of seconds. */
export function parseDuration(v: string | number): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v * 1000 : undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)\s*$/.exec(v);
  return m ? Math.round(Number(m[1]) * UNITS[m[2]]) : undefined;
}

export function formatDuration(ms: number): string {
  for (const [u, n] of [['w', 604_800_000], ['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms >= n && ms % n === 0) return `${ms / n}${u}`;
  }
  return `${ms}ms`;
}

/** Approximate, for people: 17h 4m, 38m 57s, 12s. */
export function humanDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  const parts = d ? [`${d}d`, h ? `${h}h` : ''] : h ? [`${h}h`, m ? `${m}m` : ''] : m ? [`${m}m`, sec ? `${sec}s` : ''] : [`${sec}s`];
  return parts.filter(Boolean).join(' ');
}

const Duration = z.union([z.string(), z.number()]).refine((v) => parseDuration(v) !== undefined, {
  message: 'not a duration; write a number with a unit: 90s, 15m, 1h, 7d, 1w',
});

const KindSpec = z
  .object({
    every: Duration.optional().describe('fixed interval between runs'),
    cron: z.string().optional().describe('cron pattern (5 or 6 fields), in `timezone`'),
    jitter: Duration.optional().describe('random start delay drawn in [0, jitter]'),
    spread: Duration.optional().describe('cron only: per-site deterministic delay window after the cron time'),
    attempts: z.number().int().min(1).max(20).optional().describe('tries before the job goes to the dead-letter list'),
    backoff: Duration.optional().describe('first retry delay, doubled on each further try'),
    enabled: z.boolean().optional(),
  })
  .strict();

/** `off` (or false) disables a kind for the matched sites. */
const KindValue = z.union([z.literal('off'), z.literal(false), KindSpec]);

const StringOrList = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));

const Match = z
  .object({
    ids: StringOrList.optional(),
    tags: StringOrList.optional().describe('any of these tags'),
    level: z.union([z.enum(LEVELS), z.array(z.enum(LEVELS))]).transform((v) => (Array.isArray(v) ? v : [v])).optional(),
    kind: z.union([z.enum(KINDS), z.array(z.enum(KINDS))]).transform((v) => (Array.isArray(v) ? v : [v])).optional(),
    group: StringOrList.optional(),
  })
  .strict();

const Rule = z
  .object({
    name: z.string().optional(),
    match: Match,
    probe: KindValue.optional(),
    crawl: KindValue.optional(),
    browser: KindValue.optional(),
  })
  .strict();

export const SchedulesSchema = z
  .object({
    timezone: z.string().default('Asia/Shanghai'),
    defaults: z
      .object({ probe: KindValue.optional(), crawl: KindValue.optional(), browser: KindValue.optional() })
      .strict()
      .default({}),
    rules: z.array(Rule).default([]),
  })
  .strict();
export type SchedulesConfig = z.infer<typeof SchedulesSchema>;
type KindSpecT = z.infer<typeof KindSpec>;
type KindValueT = z.infer<typeof KindValue>;

/** What applies when schedules.yaml says nothing: hourly probes (≥ 20/day for V-01), weekly crawls, monthly browser audits. */
export const BUILTIN_DEFAULTS: Record<JobKind, KindSpecT> = {
  probe: { every: '1h', jitter: '5m' },
  crawl: { cron: '0 1 * * 6', spread: '12h', jitter: '10m' },
  browser: { cron: '0 3 1 * *', spread: '24h', jitter: '10m' },
};

/** One schedule of one job kind for one site, fully resolved. */
export interface ScheduleEntry {
  /** BullMQ job scheduler id inside the kind's queue (the site id). */
  id: string;
  siteId: string;
  kind: JobKind;
  every?: number;
  pattern?: string;
  tz?: string;
  /** `every` only: deterministic phase within the interval (BullMQ `offset`). */
  offsetMs?: number;
  /** cron only: deterministic delay after the cron time. */
  spreadMs?: number;
  jitterMs: number;
  attempts: number;
  backoffMs: number;
  /** Which rules shaped this entry, for `schedule list`. */
  rules: string[];
}

export interface LoadedSchedules {
  file: string;
  config: SchedulesConfig;
  warnings: string[];
}

function hint(issue: ZodIssue): string {
  const field = String(issue.path.at(-1));
  if (issue.code === 'unrecognized_keys') return `remove or rename ${issue.keys.map((k) => `\`${k}\``).join(', ')} (allowed: every, cron, jitter, spread, attempts, backoff, enabled; rules take name, match, probe, crawl, browser)`;
  if (issue.code === 'invalid_value' && 'values' in issue) return `use one of: ${(issue.values as unknown[]).join(', ')}`;
  if (['every', 'jitter', 'spread', 'backoff'].includes(field)) return 'write a duration such as 15m, 1h or 7d';
  if (issue.code === 'invalid_union') return 'write `off`, or a mapping with `every:` or `cron:` (and optionally jitter, spread, attempts)';
  return 'correct the value';
}

const fieldName = (path: PropertyKey[]) => path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(top level)';

/** Checks the parts zod cannot: cron syntax, every vs cron, jitter below the interval, V-01 probe frequency. */
function semanticProblems(cfg: SchedulesConfig, at: (path: PropertyKey[]) => string): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const checkSpec = (v: KindValueT | undefined, kind: JobKind, path: PropertyKey[]) => {
    if (v === undefined || v === 'off' || v === false) return;
    if (v.every !== undefined && v.cron !== undefined) errors.push(`${at(path)}: field \`${fieldName(path)}\`: both \`every\` and \`cron\` given; fix: keep one of them`);
    if (v.cron !== undefined) {
      try {
        CronExpressionParser.parse(v.cron, { tz: cfg.timezone });
      } catch (e) {
        errors.push(`${at([...path, 'cron'])}: field \`${fieldName([...path, 'cron'])}\`: "${v.cron}" is not a valid cron pattern (${(e as Error).message}); fix: write 5 fields "minute hour day month weekday", e.g. "0 2 * * 1"`);
      }
    }
    const every = v.every !== undefined ? parseDuration(v.every) : undefined;
    if (every !== undefined && every < 60_000) errors.push(`${at([...path, 'every'])}: field \`${fieldName([...path, 'every'])}\`: ${formatDuration(every)} is shorter than one minute; fix: use 1m or more (politeness towards the portal)`);
    const jitter = v.jitter !== undefined ? parseDuration(v.jitter) : undefined;
    if (every !== undefined && jitter !== undefined && jitter >= every) errors.push(`${at([...path, 'jitter'])}: field \`${fieldName([...path, 'jitter'])}\`: jitter ${formatDuration(jitter)} is not shorter than the interval ${formatDuration(every)}; fix: use a jitter below the interval`);
    if (v.spread !== undefined && v.cron === undefined && every !== undefined) warnings.push(`${at([...path, 'spread'])}: \`spread\` only applies to cron schedules; \`every\` schedules are spread over the interval already`);
    // V-01 judges availability on ≥ 20 probes a day; fewer makes the veto undecidable.
    if (kind === 'probe' && every !== undefined && 86_400_000 / every < 20) warnings.push(`${at([...path, 'every'])}: probes every ${formatDuration(every)} give ${Math.floor(86_400_000 / every)} a day, fewer than the 20 V-01 needs; use 72m or less`);
  };
  for (const k of JOB_KINDS) checkSpec(cfg.defaults[k], k, ['defaults', k]);
  cfg.rules.forEach((r, i) => {
    if (Object.keys(r.match).length === 0) errors.push(`${at(['rules', i, 'match'])}: field \`rules[${i}].match\`: empty match; fix: name ids, tags, level, kind or group (use \`defaults\` for every site)`);
    for (const k of JOB_KINDS) checkSpec(r[k], k, ['rules', i, k]);
  });
  try {
    new Intl.DateTimeFormat('en', { timeZone: cfg.timezone });
  } catch {
    errors.push(`${at(['timezone'])}: field \`timezone\`: unknown time zone "${cfg.timezone}"; fix: use an IANA name such as Asia/Shanghai`);
  }
  return { errors, warnings };
}

export function parseSchedules(text: string, file: string): LoadedSchedules {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: true });
  if (doc.errors.length) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => `${file}:${e.linePos?.[0]?.line ?? '?'}: YAML syntax: ${e.message.split('\n')[0]} (fix the indentation or quoting there)`),
    );
  }
  const at = (path: PropertyKey[]) => `${file}:${lineOf(doc, lc, path) ?? '?'}`;
  const result = SchedulesSchema.safeParse(doc.toJS() ?? {});
  if (!result.success) {
    throw new ConfigError(
      file,
      result.error.issues.map((i) => {
        const path = i.code === 'unrecognized_keys' ? [...i.path, i.keys[0]] : i.path;
        return `${at(path)}: field \`${fieldName(i.path)}\`: ${i.message}; fix: ${hint(i)}`;
      }),
    );
  }
  const { errors, warnings } = semanticProblems(result.data, at);
  if (errors.length) throw new ConfigError(file, errors);
  return { file, config: result.data, warnings };
}

/** Reads schedules.yaml; a missing default file means built-in defaults, a missing explicit file is an error. */
export function loadSchedules(file?: string): LoadedSchedules {
  const path = file ?? DEFAULT_SCHEDULES_PATH;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (!file && (e as NodeJS.ErrnoException).code === 'ENOENT') return { file: '(built-in defaults)', config: SchedulesSchema.parse({}), warnings: [] };
    throw new UserError(`cannot read schedules ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; fix: pass an existing file with --schedules PATH`);
  }
  return parseSchedules(text, path);
}

function matches(rule: z.infer<typeof Rule>, site: Site): boolean {
  const m = rule.match;
  if (m.ids && !m.ids.includes(site.id)) return false;
  if (m.tags && !m.tags.some((t) => site.tags.includes(t))) return false;
  if (m.level && !m.level.includes(site.level)) return false;
  if (m.kind && !m.kind.includes(site.kind)) return false;
  if (m.group && !m.group.includes(site.group ?? `${site.level}${site.kind}`)) return false;
  return true;
}

/** Rules that match no site of the registry: usually a misspelt tag or id. */
export function unmatchedRules(cfg: SchedulesConfig, sites: Site[]): string[] {
  return cfg.rules.flatMap((r, i) => (sites.some((s) => matches(r, s)) ? [] : [`rule ${r.name ? `"${r.name}"` : `rules[${i}]`} matches no site in the registry; check its ids/tags/level/kind/group`]));
}

/** A stable number in [0, 1) from the site and kind: the site's phase within its interval or spread window. */
export function phase(siteId: string, kind: JobKind): number {
  const h = createHash('sha256').update(`${kind}\0${siteId}`).digest();
  return h.readUInt32BE(0) / 2 ** 32;
}

/**
 * Resolves every (site, kind): built-in default, then `defaults`, then each matching rule in
 * file order (a later rule wins). A rule replaces the whole spec of a kind it names, except that
 * fields it leaves out keep their earlier value, so `probe: { every: 10m }` keeps the jitter.
 */
export function resolveSchedules(cfg: SchedulesConfig, sites: Site[]): ScheduleEntry[] {
  const out: ScheduleEntry[] = [];
  for (const site of sites) {
    for (const kind of JOB_KINDS) {
      let spec: KindSpecT | null = { ...BUILTIN_DEFAULTS[kind] };
      const rules: string[] = [];
      const layer = (v: KindValueT | undefined, name: string) => {
        if (v === undefined) return;
        rules.push(name);
        if (v === 'off' || v === false || v.enabled === false) {
          spec = null;
          return;
        }
        const base: KindSpecT = spec ?? {};
        // `every` and `cron` exclude each other: naming one drops the other inherited one.
        const merged: KindSpecT = { ...base, ...v };
        if (v.every !== undefined) delete merged.cron;
        if (v.cron !== undefined) delete merged.every;
        spec = merged;
      };
      layer(cfg.defaults[kind], 'defaults');
      cfg.rules.forEach((r, i) => {
        if (matches(r, site)) layer(r[kind], r.name ?? `rules[${i}]`);
      });
      const s = spec as KindSpecT | null;
      if (!s || (s.every === undefined && s.cron === undefined)) continue;
      const jitterMs = s.jitter !== undefined ? parseDuration(s.jitter)! : 0;
      const retry = DEFAULT_RETRY[kind];
      const entry: ScheduleEntry = {
        id: schedulerId(kind, site.id),
        siteId: site.id,
        kind,
        jitterMs,
        attempts: s.attempts ?? retry.attempts,
        backoffMs: s.backoff !== undefined ? parseDuration(s.backoff)! : retry.backoffMs,
        rules,
      };
      if (s.every !== undefined) {
        entry.every = parseDuration(s.every)!;
        entry.offsetMs = Math.floor(phase(site.id, kind) * entry.every);
      } else {
        entry.pattern = s.cron!;
        entry.tz = cfg.timezone;
        const spread = s.spread !== undefined ? parseDuration(s.spread)! : 0;
        entry.spreadMs = Math.floor(phase(site.id, kind) * spread);
      }
      out.push(entry);
    }
  }
  return out;
}

/** Next fire time of an entry after `from` (ms), before spread and jitter: the same arithmetic BullMQ uses. */
export function nextSlot(entry: Pick<ScheduleEntry, 'every' | 'pattern' | 'tz' | 'offsetMs'>, from: number): number {
  if (entry.every) {
    const offset = entry.offsetMs ?? 0;
    // BullMQ: floor(now / every) * every + every, then `offset` added as the job delay.
    let t = Math.floor(from / entry.every) * entry.every + entry.every + offset;
    if (t - entry.every > from) t -= entry.every;
    return t;
  }
  return CronExpressionParser.parse(entry.pattern!, { currentDate: new Date(from), tz: entry.tz }).next().getTime();
}
