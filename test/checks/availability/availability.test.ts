import { describe, expect, it } from 'vitest';
import type { CheckContext } from '../../../model/finding.ts';
import type { FailureClass, ProbeObservation } from '../../../model/observation.ts';
import { SiteSchema } from '../../../model/site.ts';
import { runCheck } from '../../../checks/run.ts';
import { checks } from '../../../checks/availability/index.ts';
import { allChecks } from '../../../checks/registry.ts';
import { Store } from '../../../store/store.ts';
import { evaluateRun } from '../../../checks/evaluate-run.ts';
import { testDatabases } from '../../helpers/databases.ts';

const now = new Date('2026-11-21T00:00:00Z');
const site = SiteSchema.parse({ id: 'fz', name: '福州市人民政府', region: '福建省福州市', level: '市', kind: '门户网站', url: 'https://www.fuzhou.gov.cn/' });
const unreachable = checks.find((c) => c.id === 'availability.unreachable')!;
const ratio = checks.find((c) => c.id === 'availability.home-failure-ratio')!;

/** `perDay` probes on each of `days` days before now, evenly spaced; `fail(i)` says which ones fail and how. */
function probes(days: number, perDay: number, fail: (i: number) => FailureClass | undefined = () => undefined): ProbeObservation[] {
  const out: ProbeObservation[] = [];
  let i = 0;
  for (let d = days - 1; d >= 0; d--) {
    for (let k = 0; k < perDay; k++) {
      const at = new Date(now.getTime() - d * 86_400_000 - 86_400_000 + ((k + 0.5) * 86_400_000) / perDay).toISOString();
      const cls = fail(i++);
      out.push({
        kind: 'probe',
        at,
        url: site.url,
        ok: !cls,
        status: cls ? (cls === 'http_5xx' ? 502 : cls === 'blocked' ? 403 : 0) : 200,
        ...(cls ? { failure: { class: cls, message: cls } } : {}),
        timings: { startedAt: at, totalMs: cls === 'timeout' ? 15000 : 300 },
        bytes: cls ? 0 : 50_000,
      });
    }
  }
  return out;
}

function ctx(p: ProbeObservation[]): Omit<CheckContext, 'options'> {
  return { site, now, pages: [], links: [], probes: p, tls: [], httpRedirects: [], resources: [], lighthouse: [], events: [] };
}

describe('availability.unreachable (V-01)', () => {
  it('is registered with the agreed ids', async () => {
    const ids = (await allChecks()).map((c) => c.id);
    expect(ids).toContain('availability.unreachable');
    expect(ids).toContain('availability.home-failure-ratio');
  });

  it('vetoes at exactly 5 % over a full week of 24 probes a day (超过（含）5%)', () => {
    // 168 probes, 9 failures = 5.36 %; 8 failures = 4.76 %
    const nine = runCheck(unreachable, ctx(probes(7, 24, (i) => (i % 18 === 0 && i < 162 ? 'timeout' : undefined))));
    expect(nine).toHaveLength(1);
    expect(nine[0]).toMatchObject({ status: 'fail', severity: 'veto', ref: 'V-01', key: 'availability.unreachable' });
    expect(nine[0].measure).toBeCloseTo(9 / 168, 6);
    expect(nine[0].evidence.slice(1)).toHaveLength(9);
    expect(nine[0].evidence[1]).toMatchObject({ failureClass: 'timeout', status: 0 });
    const exact = runCheck(unreachable, ctx(probes(7, 20, (i) => (i < 7 ? 'http_5xx' : undefined)))); // 7/140 = 5 %
    expect(exact[0].status).toBe('fail');
    const eight = runCheck(unreachable, ctx(probes(7, 24, (i) => (i % 20 === 0 && i < 160 ? 'refused' : undefined))));
    expect(eight[0].status).toBe('pass');
    expect(eight[0].measure).toBeCloseTo(8 / 168, 6);
  });

  it('a window with too few probes is never a veto, and says which days are short', () => {
    // 19 a day: high ratio but the method is not satisfied
    const f = runCheck(unreachable, ctx(probes(7, 19, (i) => (i % 5 === 0 ? 'dns' : undefined))));
    expect(f[0].status).toBe('warn');
    expect(f[0].requiresReview).toBe(true);
    expect(f[0].message.en).toMatch(/insufficient probes: 0 of 7 days with ≥20 probes/);
    // only 5 days probed, all fine: cannot call it a pass
    const g = runCheck(unreachable, ctx(probes(5, 24)));
    expect(g[0].status).toBe('cannot_assess');
    expect(g[0].message.en).toMatch(/5 of 7 days/);
    expect(g[0].message.en).toMatch(/day -6: 0, day -7: 0/);
  });

  it('leaves blocked probes out of numerator and denominator', () => {
    // 24/day, 30 blocked and 5 real failures: 5/138 = 3.6 % → pass; counting blocked would be a veto
    const p = probes(7, 24, (i) => (i < 30 ? 'blocked' : i < 35 ? 'reset' : undefined));
    const days = runCheck(unreachable, ctx(p));
    // the first day had 24 blocked probes, so only 6 of 7 days have 20 assessable probes
    expect(days[0].status).toBe('cannot_assess');
    const relaxed = runCheck(unreachable, ctx(p), { minProbesPerDay: 0 });
    expect(relaxed[0].status).toBe('pass');
    expect(relaxed[0].measure).toBeCloseTo(5 / 138, 6);
    expect((relaxed[0].evidence[0].data as Record<string, unknown>).excludedCannotAssess).toBe(30);
  });

  it('reports cannot_assess when every probe was refused by a firewall, or when there are none', () => {
    const all = runCheck(unreachable, ctx(probes(7, 24, () => 'blocked')));
    expect(all[0].status).toBe('cannot_assess');
    expect(all[0].message.en).toMatch(/refused by the site/);
    expect(runCheck(unreachable, ctx([]))[0].status).toBe('cannot_assess');
  });

  it('ignores probes outside the 7-day window', () => {
    const old = probes(14, 24, (i) => (i < 168 ? 'timeout' : undefined)); // the failing week is the earlier one
    expect(runCheck(unreachable, ctx(old))[0]).toMatchObject({ status: 'pass', measure: 0 });
  });
});

describe('availability.home-failure-ratio (D-01, V-01w)', () => {
  it('passes a clean window with measure 0', () => {
    const f = runCheck(ratio, ctx(probes(7, 24)));
    expect(f).toEqual([expect.objectContaining({ status: 'pass', measure: 0, severity: 'deduct', ref: 'D-01' })]);
  });

  it('warns on 2 consecutive failures even at a low ratio (开普云 red alert)', () => {
    const f = runCheck(ratio, ctx(probes(7, 24, (i) => (i === 100 || i === 101 ? 'timeout' : undefined))));
    expect(f[0].status).toBe('warn');
    expect(f[0].message.en).toMatch(/2 consecutive failures/);
    expect(f[0].measure).toBeCloseTo(2 / 168, 6);
  });

  it('does not warn on scattered single failures below 3 %', () => {
    const f = runCheck(ratio, ctx(probes(7, 24, (i) => (i === 10 || i === 50 || i === 90 ? 'timeout' : undefined))));
    expect(f[0].status).toBe('pass');
    expect(f[0].measure).toBeCloseTo(3 / 168, 6);
  });

  it('warns at 3 % and fails at 5 %; says when the site is still down', () => {
    const warn = runCheck(ratio, ctx(probes(7, 24, (i) => (i % 30 === 0 ? 'http_5xx' : undefined)))); // 6/168 = 3.6 %
    expect(warn[0].status).toBe('warn');
    const down = runCheck(ratio, ctx(probes(7, 24, (i) => (i >= 158 ? 'refused' : undefined)))); // last 10 fail
    expect(down[0].status).toBe('fail');
    expect(down[0].message.en).toMatch(/still failing/);
  });

  it('scores what was measured even without a full week', () => {
    const one = runCheck(ratio, ctx(probes(2, 20, (i) => (i === 3 ? 'dns' : undefined)))); // 1/40 = 2.5 %
    expect(one[0]).toMatchObject({ status: 'pass', measure: 0.025 });
    const two = runCheck(ratio, ctx(probes(2, 20, (i) => (i === 3 || i === 30 ? 'dns' : undefined)))); // 2/40 = 5 %
    expect(two[0]).toMatchObject({ status: 'fail', measure: 0.05 });
  });
});

describe('availability through the store (probe runs → audit run → evaluateRun)', () => {
  for (const db of testDatabases()) {
    it(`judges the 7 days of probes before the audit on ${db.name}`, async () => {
      const store = await Store.open(db.url());
      try {
        await store.upsertSites([site]);
        // one run per probe, as probeSite stores them; 10 failures in 168 = 5.95 %
        for (const p of probes(7, 24, (i) => (i % 16 === 5 && i < 160 ? 'timeout' : undefined))) {
          const run = await store.createRun({ siteId: site.id, kind: 'probe', startedAt: p.at });
          await store.appendObservations(run.id, site.id, [p]);
          await store.finishRun(run.id, 'complete');
        }
        // a probe older than the window must not count
        const old = probes(8, 1, () => 'dns')[0];
        const oldRun = await store.createRun({ siteId: site.id, kind: 'probe', startedAt: old.at });
        await store.appendObservations(oldRun.id, site.id, [old]);
        const audit = await store.createRun({ siteId: site.id, kind: 'audit' });
        await store.finishRun(audit.id, 'complete');
        const findings = await evaluateRun(store, site, audit.id, { now, only: ['availability.unreachable', 'availability.home-failure-ratio'] });
        const v = findings.find((f) => f.checkId === 'availability.unreachable')!;
        expect(v).toMatchObject({ status: 'fail', severity: 'veto' });
        expect(v.measure).toBeCloseTo(10 / 168, 6);
        expect(findings.find((f) => f.checkId === 'availability.home-failure-ratio')).toMatchObject({ status: 'fail', severity: 'deduct' });
        expect((await store.findings(audit.id)).map((f) => f.checkId).sort()).toEqual(['availability.home-failure-ratio', 'availability.unreachable']);
      } finally {
        await db.cleanup?.(store);
        await store.close();
      }
    });
  }
});
