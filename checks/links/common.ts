/**
 * Broken-link classification shared by links.broken-home and links.broken-other (D-02).
 *
 * The vendor rule in the reference (开普云, §G): only 404 and 403 are 「确定不可用」; timeouts,
 * 5xx and DNS failures are 「疑似」 until a re-check confirms them; only on-site confirmed
 * breaks are counted. Our reading, documented in docs/checks-b.md:
 *  - 404 and 410 → confirmed.
 *  - 403 → confirmed for a link target (attachment, image, script: a LinkCheckObservation),
 *    because a file the public is linked to but may not open is broken for the citizen;
 *    EXCEPT a crawled page answering 403 (the taxonomy's `blocked`: we were refused), a WAF /
 *    anti-bot challenge (the fetcher says "anti-bot challenge: …"), 429, and a site that
 *    answers 403 to most of our requests → cannot assess, never counted.
 *  - too_many_redirects (a loop) → confirmed: deterministic, and the crawler never re-checks it.
 *  - timeout, 5xx, dns, reset, refused, connection, tls, other 4xx →
 *    suspected; confirmed only when the re-check (attempt 2) failed again; cleared when it
 *    succeeded.
 *  - robots_disallowed, budget, invalid_url → not assessed.
 */
import type { CheckContext, Evidence } from '../../model/finding.ts';
import type { Failure, Link, LinkCheckObservation, PageObservation } from '../../model/observation.ts';
import { homePage } from '../util.ts';
import { normaliseUrl } from '../../crawlers/frontier.ts';

/** The crawler's canonical form (session ids, utm_*, fragment dropped), so a page's links meet the fetches made for them. */
export function canonical(url: string): string {
  return normaliseUrl(url)?.url ?? url;
}

export type TargetState = 'ok' | 'confirmed' | 'suspected' | 'not_assessed';

export interface TargetStatus {
  url: string;
  state: TargetState;
  status: number;
  failure?: Failure;
  internal: boolean;
  /** How the status was learnt: a crawled page, a link check, or the re-check. */
  via: 'page' | 'link' | 'recheck';
  tag?: string;
  reason: string;
}

/** Tags whose targets a visitor or the browser actually loads (forms and canonical hints are not links to open). */
export function countsAsLink(l: Link): boolean {
  if (l.invalid) return false;
  if (!/^https?:\/\//i.test(l.url)) return false;
  switch (l.tag) {
    case 'form':
      return false;
    case 'link':
      return /stylesheet|icon/i.test(l.rel ?? '');
    default:
      return true;
  }
}

function isChallenge(f: Failure | undefined): boolean {
  return !!f && f.class === 'blocked' && /challenge|WAF|firewall|防火墙|拦截|拒绝/i.test(f.message);
}

export interface ClassifyOptions {
  confirmedStatuses: number[];
  /** Share of internal targets answering 403 above which 403 means "we were blocked". */
  blockedShare: number;
}

export function classify(obs: { status: number; failure?: Failure; attempt?: number }, o: ClassifyOptions & { siteBlocked: boolean; via: TargetStatus['via'] }): { state: TargetState; reason: string } {
  const f = obs.failure;
  if (!f && obs.status >= 200 && obs.status < 400) return { state: 'ok', reason: `HTTP ${obs.status}` };
  if (!f && obs.status === 0) return { state: 'not_assessed', reason: 'no response recorded' };
  const cls = f?.class;
  if (cls === 'not_html' || cls === 'too_large') return { state: 'ok', reason: cls };
  if (cls === 'robots_disallowed' || cls === 'budget' || cls === 'invalid_url') return { state: 'not_assessed', reason: cls };
  if (obs.status === 429 || isChallenge(f)) return { state: 'not_assessed', reason: f?.message ?? `HTTP ${obs.status}` };
  if (obs.status === 403) {
    if (o.siteBlocked) return { state: 'not_assessed', reason: 'HTTP 403 on most of the site: we were blocked' };
    // A crawled page answering 403 is the taxonomy's `blocked` (we were refused, cannot assess);
    // an attachment, image or other link target answering 403 is one the public cannot open.
    if (o.via === 'page') return { state: 'not_assessed', reason: 'HTTP 403 on a page: refused to us, not judged' };
    return o.confirmedStatuses.includes(403) ? { state: 'confirmed', reason: 'HTTP 403' } : { state: 'suspected', reason: 'HTTP 403' };
  }
  if (cls === 'blocked') return { state: 'not_assessed', reason: f!.message };
  if (o.confirmedStatuses.includes(obs.status)) return { state: 'confirmed', reason: `HTTP ${obs.status}` };
  // A redirect loop is deterministic (the browser says ERR_TOO_MANY_REDIRECTS) and is never re-checked.
  if (cls === 'too_many_redirects') return { state: 'confirmed', reason: f!.message };
  // Everything else may be transient: the re-check decides.
  const why = f ? `${f.class}${obs.status ? ` (HTTP ${obs.status})` : ''}: ${f.message}` : `HTTP ${obs.status}`;
  if ((obs.attempt ?? 1) >= 2) return { state: 'confirmed', reason: `${why}; failed again on re-check` };
  return { state: 'suspected', reason: why };
}

/**
 * The latest status of every URL the run knows: the re-check (attempt 2) wins over the first
 * link check, which wins over nothing; a crawled page's own fetch counts as a check.
 */
export function targetStatuses(ctx: Pick<CheckContext, 'pages' | 'links' | 'site' | 'options'>): Map<string, TargetStatus> {
  const opts: ClassifyOptions = {
    confirmedStatuses: (ctx.options.confirmedStatuses as number[] | undefined) ?? [404, 410, 403],
    blockedShare: Number(ctx.options.blockedShare ?? 0.5),
  };
  const home = homePage(ctx);
  // If most internal requests were answered 403 (or the home page itself), a 403 says we were refused.
  const internalObs = [...ctx.pages.map((p) => p.status), ...ctx.links.filter((l) => !l.external).map((l) => l.status)].filter((s) => s > 0);
  const forbidden = internalObs.filter((s) => s === 403).length;
  const siteBlocked = home?.status === 403 || (internalObs.length >= 10 && forbidden / internalObs.length >= opts.blockedShare);

  const best = new Map<string, { obs: PageObservation | LinkCheckObservation; via: TargetStatus['via']; internal: boolean }>();
  const rank = (v: TargetStatus['via']) => (v === 'recheck' ? 3 : v === 'page' ? 2 : 1);
  const put = (url: string, obs: PageObservation | LinkCheckObservation, via: TargetStatus['via'], internal: boolean) => {
    const cur = best.get(url);
    if (!cur || rank(via) > rank(cur.via) || (rank(via) === rank(cur.via) && obs.at > cur.obs.at)) best.set(url, { obs, via, internal });
  };
  for (const p of ctx.pages) put(canonical(p.url), p, 'page', true);
  for (const l of ctx.links) put(canonical(l.url), l, (l.attempt ?? 1) >= 2 ? 'recheck' : 'link', !l.external);
  const out = new Map<string, TargetStatus>();
  for (const [url, b] of best) {
    const c = classify({ status: b.obs.status, failure: b.obs.failure, attempt: b.obs.kind === 'link' ? b.obs.attempt : undefined }, { ...opts, siteBlocked, via: b.via });
    // A re-check that succeeded clears a suspicion; the classification already says ok.
    out.set(url, { url, state: c.state, status: b.obs.status, failure: b.obs.failure, internal: b.internal, via: b.via, reason: c.reason });
  }
  return out;
}

export interface Referrer {
  page: string;
  text: string;
  tag: string;
  internal: boolean;
}

/** Every page linking to each URL, split by whether the page is the home page. */
export function referrers(ctx: Pick<CheckContext, 'pages' | 'site'>): { home: Map<string, Referrer[]>; other: Map<string, Referrer[]>; homeUrl?: string } {
  const home = homePage(ctx);
  const h = new Map<string, Referrer[]>();
  const o = new Map<string, Referrer[]>();
  for (const p of ctx.pages) {
    const target = p === home ? h : o;
    const seen = new Set<string>();
    for (const l of p.links ?? []) {
      if (!countsAsLink(l)) continue;
      const key = canonical(l.url);
      if (seen.has(key)) continue;
      seen.add(key);
      const list = target.get(key) ?? [];
      list.push({ page: p.finalUrl || p.url, text: l.text || l.raw, tag: l.tag, internal: l.internal });
      target.set(key, list);
    }
  }
  const homeUrl = home ? canonical(home.finalUrl || home.url) : undefined;
  return { home: h, other: o, homeUrl };
}

export function refEvidence(url: string, refs: Referrer[], limit = 5): Evidence[] {
  return refs.slice(0, limit).map((r) => ({ url, page: r.page, linkText: r.text }));
}

/** True when at least one page was fetched and parsed: without one, a content check has seen nothing. */
export function anyPageSeen(ctx: Pick<CheckContext, 'pages'>): boolean {
  return ctx.pages.some((p) => p.status >= 200 && p.status < 400 && !p.failure);
}
