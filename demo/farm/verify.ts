/**
 * Compares what govmon recorded about the farm with planted.ts: for each planted item,
 * met / missed / pending (its check is not in the registry yet) / skipped (needs Chromium and
 * there is none). Used by `govmon demo` for its scorecard and by the end-to-end tests.
 */
import { existsSync } from 'node:fs';
import type { Observation, PageObservation, LinkCheckObservation, CrawlEventObservation } from '../../model/observation.ts';
import type { Finding } from '../../model/finding.ts';
import type { Farm } from './index.ts';
import type { Planted } from './planted.ts';

export type Verdict = 'met' | 'missed' | 'pending' | 'skipped';

export interface PlantedResult {
  planted: Planted;
  verdict: Verdict;
  /** What was seen, for a failing test or the demo's list of misses. */
  detail: string;
}

export function chromiumAvailable(): boolean {
  return existsSync(process.env.GOVMON_CHROMIUM ?? '/usr/bin/chromium');
}

function norm(u: string | undefined): string | undefined {
  if (!u) return undefined;
  try {
    const x = new URL(u);
    x.hash = '';
    return x.href;
  } catch {
    return u;
  }
}

type Fetched = PageObservation | LinkCheckObservation;

function fetchedFor(obs: Observation[], url: string, kind: 'page' | 'link' | 'any'): Fetched[] {
  const n = norm(url);
  return obs.filter((o): o is Fetched => {
    if (o.kind !== 'page' && o.kind !== 'link') return false;
    if (kind !== 'any' && o.kind !== kind) return false;
    return norm(o.url) === n || (o.kind === 'page' && o.redirects.length === 0 && norm(o.finalUrl) === n);
  });
}

function describe(list: Fetched[]): string {
  if (!list.length) return 'no observation of this URL';
  return list.map((o) => `${o.kind} status ${o.status}${o.failure ? ` ${o.failure.class}` : ''}${o.kind === 'page' && o.truncated ? ' truncated' : ''}${o.kind === 'page' && o.charset ? ` charset ${o.charset}` : ''}`).join('; ');
}

function eventMatches(e: CrawlEventObservation, url: string | undefined): boolean {
  if (!url) return true;
  const path = new URL(url).pathname;
  return norm(e.url) === norm(url) || e.detail.includes(url) || e.detail.includes(path);
}

export function verifyObservation(p: Planted, obs: Observation[], farm: Farm): PlantedResult {
  const x = p.observe!;
  if (x.needsBrowser && !chromiumAvailable()) return { planted: p, verdict: 'skipped', detail: 'needs Chromium, which is not installed' };
  const list = p.url ? fetchedFor(obs, p.url, x.kind).filter((o) => !(o.kind === 'page' && o.rendered && x.failureClasses)) : [];
  const events = obs.filter((o): o is CrawlEventObservation => o.kind === 'crawl_event' && !!x.events?.includes(o.event) && eventMatches(o, p.url));
  const last = list.at(-1);
  const reasons: string[] = [];
  let met: boolean;
  if (!p.problem) {
    // A non-problem: the final word on the URL must not carry the failure classes named, and
    // `ok` means the URL was fetched cleanly in the end.
    met = true;
    if (x.failureClasses && last?.failure && x.failureClasses.includes(last.failure.class)) (met = false), reasons.push(`ended ${last.failure.class}`);
    if (x.ok && (!last || last.failure || last.status >= 400)) (met = false), reasons.push(last ? 'not fetched cleanly' : 'never fetched');
  } else {
    const byClass = x.failureClasses ? list.some((o) => o.failure && x.failureClasses!.includes(o.failure.class)) : undefined;
    const byTrunc = x.truncatedOk ? list.some((o) => o.kind === 'page' && o.truncated) : undefined;
    const byEvent = x.events ? events.length > 0 : undefined;
    const proofs = [byClass, byTrunc, byEvent].filter((v) => v !== undefined);
    met = proofs.length ? proofs.some(Boolean) : true;
    if (!met) reasons.push(`expected ${[...(x.failureClasses ?? []), ...(x.events ?? []).map((e) => `event ${e}`)].join(' or ')}`);
    if (x.ok) {
      const good = list.find((o) => !o.failure && o.status > 0 && o.status < 400);
      if (!good) (met = false), reasons.push('expected a clean fetch');
      else {
        if (x.finalPath && new URL(good.finalUrl).pathname !== x.finalPath) (met = false), reasons.push(`ended on ${good.finalUrl}`);
        if (good.kind === 'page') {
          if (x.charsets && !x.charsets.includes(String(good.charset ?? '').toLowerCase())) (met = false), reasons.push(`charset ${good.charset ?? 'none'}`);
          if (x.textIncludes && !`${good.title ?? ''} ${good.text ?? ''}`.includes(x.textIncludes)) (met = false), reasons.push(`text lacks 「${x.textIncludes}」`);
        }
      }
    }
  }
  if (x.ownHostOnly) {
    const own = farm.registry.sites.find((s) => s.id === p.site);
    const host = own ? new URL(own.url).host : '';
    const foreign = obs.filter((o): o is PageObservation => o.kind === 'page' && new URL(o.url).host !== host);
    if (foreign.length) (met = false), reasons.push(`${foreign.length} pages of other hosts crawled, e.g. ${foreign.slice(0, 3).map((o) => o.url).join(', ')}`);
  }
  if (x.neverRequested && p.url) {
    const target = new URL(p.url);
    const asked = farm.requests(p.site).filter((r) => r.path === target.pathname + target.search);
    if (asked.length) (met = false), reasons.push(`server was asked ${asked.length}× for it`);
  }
  const seen = `${p.url ? describe(list) : 'site-wide'}${x.events ? `; events: ${events.map((e) => e.event).join(', ') || 'none'}` : ''}`;
  return { planted: p, verdict: met ? 'met' : 'missed', detail: met ? seen : `${reasons.join('; ')} (seen: ${seen})` };
}

/** The summary finding has `key === checkId` (it may copy a defect's evidence); defects have their own key. */
function isDefect(f: Finding): boolean {
  if (f.key !== undefined) return f.key !== f.checkId;
  return f.evidence[0]?.data?.defect === true;
}

export function verifyCheck(p: Planted, findings: Finding[], knownChecks: Set<string>): PlantedResult {
  const x = p.check!;
  if (!knownChecks.has(x.checkId)) return { planted: p, verdict: 'pending', detail: `check ${x.checkId} is not implemented yet` };
  if (p.needsBrowser && !chromiumAvailable()) return { planted: p, verdict: 'skipped', detail: 'needs Chromium, which is not installed' };
  const own = findings.filter((f) => f.checkId === x.checkId);
  const n = norm(x.url);
  let cands = x.url ? own.filter((f) => isDefect(f) && (f.evidence.some((e) => norm(e.url) === n) || (!!f.key && f.key.includes(x.url!)))) : own.filter((f) => !isDefect(f));
  if (x.status) cands = cands.filter((f) => x.status!.includes(f.status));
  if (x.measureAtLeast !== undefined) cands = cands.filter((f) => (f.measure ?? -Infinity) >= x.measureAtLeast!);
  if (x.requiresReview) cands = cands.filter((f) => f.requiresReview === true);
  // Every check emits at least its summary finding; a silent check proves nothing either way.
  const met = own.length > 0 && (p.problem ? cands.length > 0 : cands.length === 0);
  const summary = own.filter((f) => !isDefect(f)).map((f) => `${f.status}${f.measure !== undefined ? ` measure ${f.measure}` : ''}`);
  const defects = own.filter(isDefect).length;
  const seen = `summary ${summary.join(', ') || 'none'}; ${defects} defect findings${cands.length ? `; matching: ${cands.map((f) => `${f.status}${f.requiresReview ? ' review' : ''} ${f.message.en}`).slice(0, 3).join(' | ')}` : ''}`;
  return { planted: p, verdict: met ? 'met' : 'missed', detail: seen };
}

/**
 * Failures the crawl recorded that nothing planted explains: false broken links, a
 * blocked/robots class where there is none. Budget stops on the trap site are expected.
 */
export function unexplainedFailures(site: string, obs: Observation[], planted: Planted[]): Array<{ url: string; kind: string; failureClass: string; status: number }> {
  const allowed = new Map<string, Set<string>>();
  for (const p of planted) {
    if (p.issue !== 'audit' || !p.problem || !p.url || !p.observe?.failureClasses) continue;
    const k = norm(p.url)!;
    const set = allowed.get(k) ?? new Set<string>();
    for (const c of p.observe.failureClasses) set.add(c);
    allowed.set(k, set);
  }
  const out: Array<{ url: string; kind: string; failureClass: string; status: number }> = [];
  const seen = new Set<string>();
  for (const o of obs) {
    if ((o.kind !== 'page' && o.kind !== 'link') || !o.failure) continue;
    if (o.failure.class === 'budget') continue;
    const k = norm(o.url)!;
    if (allowed.get(k)?.has(o.failure.class)) continue;
    // A transient failure cleared by a later fetch of the same URL is not a finding.
    if (obs.some((q) => (q.kind === 'page' || q.kind === 'link') && norm(q.url) === k && !q.failure && q.status < 400)) continue;
    const id = `${k} ${o.failure.class}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ url: o.url, kind: o.kind, failureClass: o.failure.class, status: o.status });
  }
  void site;
  return out;
}
