/**
 * schedules.yaml: validation messages that name file, line, field and fix; resolution of
 * defaults and rules per site; the deterministic per-site phase; and `schedule apply` on the
 * real Redis: idempotent, exact diffs on change.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { parseSchedules, resolveSchedules, nextSlot, parseDuration, phase, unmatchedRules, type ScheduleEntry } from '../../config/schedules.ts';
import { ConfigError } from '../../config/sites.ts';
import { openQueues, type QueueSet } from '../../scheduler/queues.ts';
import { applySchedules, planSchedules, currentSchedulers } from '../../scheduler/apply.ts';
import { site, uniquePrefix, REDIS_URL } from './helpers.ts';

const sites = [
  site('prov', 'http://127.0.0.1:1', { level: '省', tags: ['key'] }),
  site('city', 'http://127.0.0.1:1', { level: '市' }),
  site('dept', 'http://127.0.0.1:1', { level: '部门', kind: '部门网站' }),
];

function problems(yaml: string): string[] {
  try {
    parseSchedules(yaml, 'schedules.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected the file to be rejected');
}

describe('schedules.yaml validation', () => {
  it('names file, line, field and fix for a misspelt key', () => {
    const p = problems('timezone: Asia/Shanghai\ndefaults:\n  probe:\n    every: 1h\n    jiter: 5m\n');
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^schedules\.yaml:5: field `defaults\.probe`/);
    expect(p[0]).toContain('jiter');
    expect(p[0]).toContain('fix:');
  });

  it('rejects a bad cron pattern, every+cron together, jitter ≥ interval, an unknown time zone, with lines', () => {
    const p = problems(
      [
        'timezone: Mars/Olympus',
        'defaults:',
        '  crawl: { cron: "61 * * * *" }',
        '  probe: { every: 10m, jitter: 10m }',
        'rules:',
        '  - match: { tags: [key] }',
        '    browser: { every: 1d, cron: "0 3 * * *" }',
      ].join('\n'),
    );
    expect(p.find((x) => x.includes('cron pattern'))).toMatch(/^schedules\.yaml:3: field `defaults\.crawl\.cron`/);
    expect(p.find((x) => x.includes('jitter 10m'))).toMatch(/^schedules\.yaml:4: /);
    expect(p.find((x) => x.includes('both `every` and `cron`'))).toMatch(/^schedules\.yaml:7: field `rules\[0\]\.browser`/);
    expect(p.find((x) => x.includes('time zone'))).toMatch(/^schedules\.yaml:1: field `timezone`/);
  });

  it('rejects a duration without unit and an empty match; warns when probes are too rare for V-01', () => {
    expect(problems('defaults:\n  probe: { every: "ten minutes" }\n')[0]).toMatch(/schedules\.yaml:2: .*duration/);
    expect(problems('rules:\n  - match: {}\n    probe: off\n')[0]).toMatch(/schedules\.yaml:2: field `rules\[0\]\.match`: empty match/);
    const ok = parseSchedules('defaults:\n  probe: { every: 2h }\n', 's.yaml');
    expect(ok.warnings[0]).toMatch(/12 a day, fewer than the 20 V-01 needs/);
  });

  it('reports YAML syntax errors with their line', () => {
    expect(problems('defaults:\n  probe: { every: 1h\n')[0]).toMatch(/^schedules\.yaml:\d+: YAML syntax/);
  });

  it('parses durations', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration(30)).toBe(30_000);
    expect(parseDuration('1 fortnight')).toBeUndefined();
  });
});

describe('schedule resolution', () => {
  const cfg = parseSchedules(
    [
      'timezone: Asia/Shanghai',
      'defaults:',
      '  probe: { every: 1h, jitter: 5m }',
      '  crawl: { cron: "0 1 * * 6", spread: 12h }',
      'rules:',
      '  - name: key',
      '    match: { tags: key }',
      '    probe: { every: 10m }',
      '  - name: departments',
      '    match: { kind: 部门网站 }',
      '    browser: off',
      '    crawl: { every: 1d }',
    ].join('\n'),
    's.yaml',
  ).config;
  const entries = resolveSchedules(cfg, sites);
  const get = (siteId: string, kind: string) => entries.find((e) => e.siteId === siteId && e.kind === kind);

  it('layers built-in defaults, file defaults and matching rules in order', () => {
    expect(get('prov', 'probe')).toMatchObject({ every: 600_000, jitterMs: 300_000, rules: ['defaults', 'key'] }); // jitter kept from defaults
    expect(get('city', 'probe')).toMatchObject({ every: 3_600_000, rules: ['defaults'] });
    expect(get('city', 'crawl')).toMatchObject({ pattern: '0 1 * * 6', tz: 'Asia/Shanghai' });
    expect(get('dept', 'crawl')?.pattern).toBeUndefined(); // every replaced the inherited cron
    expect(get('dept', 'crawl')?.every).toBe(86_400_000);
    expect(get('dept', 'browser')).toBeUndefined();
    expect(get('city', 'browser')?.pattern).toBe('0 3 1 * *'); // built-in monthly default
  });

  it('points out a rule that matches no site', () => {
    expect(unmatchedRules(cfg, sites)).toEqual([]);
    const typo = parseSchedules('rules:\n  - name: key portals\n    match: { tags: [kye] }\n    probe: { every: 10m }\n', 's.yaml').config;
    expect(unmatchedRules(typo, sites)).toEqual(['rule "key portals" matches no site in the registry; check its ids/tags/level/kind/group']);
  });

  it('gives each site a stable phase inside its interval, spreading sites apart', () => {
    const again = resolveSchedules(cfg, sites);
    expect(again).toEqual(entries);
    const offsets = entries.filter((e) => e.every === 3_600_000).map((e) => e.offsetMs!);
    for (const o of offsets) expect(o).toBeGreaterThanOrEqual(0), expect(o).toBeLessThan(3_600_000);
    // 1 000 hourly sites land all over the hour, not on :00.
    const many = Array.from({ length: 1000 }, (_, i) => Math.floor(phase(`site-${i}`, 'probe') * 60));
    const perMinute = new Array(60).fill(0);
    for (const m of many) perMinute[m]++;
    expect(Math.max(...perMinute)).toBeLessThan(40);
    expect(Math.min(...perMinute)).toBeGreaterThan(3);
    const spread = get('city', 'crawl')!.spreadMs!;
    expect(spread).toBeGreaterThanOrEqual(0);
    expect(spread).toBeLessThan(12 * 3_600_000);
  });

  it('computes the next slot the way BullMQ does (interval + phase; cron in the time zone)', () => {
    const e = { every: 3_600_000, offsetMs: 900_000 } as ScheduleEntry;
    const from = Date.parse('2026-11-20T10:20:00Z');
    expect(new Date(nextSlot(e, from)).toISOString()).toBe('2026-11-20T11:15:00.000Z');
    expect(new Date(nextSlot(e, Date.parse('2026-11-20T10:10:00Z'))).toISOString()).toBe('2026-11-20T10:15:00.000Z');
    // Saturday 01:00 in Beijing is Friday 17:00 UTC.
    const c = { pattern: '0 1 * * 6', tz: 'Asia/Shanghai' } as ScheduleEntry;
    expect(new Date(nextSlot(c, from)).toISOString()).toBe('2026-11-20T17:00:00.000Z');
  });
});

describe('govmon schedule apply on Redis', () => {
  const prefix = uniquePrefix('apply');
  const set: QueueSet = openQueues({ redisUrl: REDIS_URL, prefix });
  afterAll(async () => {
    for (const q of Object.values(set.queues)) await q.obliterate({ force: true });
    await set.close();
  });

  const base = parseSchedules('defaults:\n  probe: { every: 1h, jitter: 5m }\n  crawl: { cron: "0 1 * * 6", spread: 12h }\n  browser: off\n', 's.yaml').config;

  it('adds everything once, then applying again changes nothing', async () => {
    const entries = resolveSchedules(base, sites);
    const first = await applySchedules(set, entries);
    expect(first.added).toHaveLength(6);
    expect([first.changed.length, first.removed.length, first.unchanged.length]).toEqual([0, 0, 0]);
    const before = await currentSchedulers(set);
    const second = await applySchedules(set, entries);
    expect([second.added.length, second.changed.length, second.removed.length, second.unchanged.length]).toEqual([0, 0, 0, 6]);
    // Untouched schedulers keep their next run.
    expect(await currentSchedulers(set)).toEqual(before);
    const probes = before.filter((s) => s.kind === 'probe');
    expect(probes.map((p) => p.priority)).toEqual([10, 10, 10]);
    for (const p of probes) expect(p.next! % 3_600_000).toBe(p.offset);
  });

  it('a config change gives the exact diff; --dry-run changes nothing', async () => {
    const changed = parseSchedules(
      'defaults:\n  probe: { every: 1h, jitter: 5m }\n  crawl: { cron: "0 1 * * 6", spread: 12h }\n  browser: off\nrules:\n  - match: { tags: key }\n    probe: { every: 10m }\n  - match: { level: 部门 }\n    crawl: off\n    browser: { cron: "0 3 1 * *" }\n',
      's.yaml',
    ).config;
    const entries = resolveSchedules(changed, sites);
    const dry = await applySchedules(set, entries, { dryRun: true });
    expect(dry.added.map((e) => `${e.kind}:${e.siteId}`)).toEqual(['browser:dept']);
    expect(dry.changed.map((c) => `${c.entry.kind}:${c.entry.siteId}`)).toEqual(['probe:prov']);
    expect(dry.changed[0].fields).toEqual(['every', 'offset']);
    expect(dry.removed.map((r) => `${r.kind}:${r.siteId}`)).toEqual(['crawl:dept']);
    expect(dry.unchanged).toHaveLength(4);
    expect((await planSchedules(set, entries)).added).toHaveLength(1); // the dry run applied nothing
    const real = await applySchedules(set, entries);
    expect(real.added.length + real.changed.length + real.removed.length).toBe(3);
    const after = await planSchedules(set, entries);
    expect([after.added.length, after.changed.length, after.removed.length, after.unchanged.length]).toEqual([0, 0, 0, 6]);
    const prov = (await currentSchedulers(set)).find((s) => s.kind === 'probe' && s.siteId === 'prov');
    expect(prov?.every).toBe(600_000);
  });
});
