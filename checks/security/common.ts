/**
 * What the security checks share: which response stands for "the site over HTTPS", which one
 * for "the plain-http URL", and a Set-Cookie parser. Kept in one place so every security check
 * (and the Observatory grade) reads the same response and never scores one fault twice.
 */
import type { CheckContext } from '../../model/finding.ts';
import type { HttpRedirectObservation, PageObservation, TlsObservation } from '../../model/observation.ts';
import { homePage } from '../util.ts';

export interface SiteResponse {
  /** The URL whose response this is (final URL after redirects). */
  url: string;
  headers: Record<string, string>;
  setCookies: string[];
  /** <meta http-equiv> values of the page, when the response is the crawled home page. */
  meta?: Record<string, string>;
  page?: PageObservation;
  https: boolean;
  source: 'home_page' | 'https_fetch' | 'http_fetch';
}

export function isHttps(url: string | undefined): boolean {
  return !!url && /^https:/i.test(url);
}

/**
 * The TLS facts that matter: those of the host a browser ends on over HTTPS (the crawled home
 * page, or where the http:// URL redirected), else those of the registered host.
 */
export function siteTls(ctx: Pick<CheckContext, 'tls' | 'pages' | 'site' | 'httpRedirects'>): TlsObservation | undefined {
  if (ctx.tls.length <= 1) return ctx.tls[0];
  const endpoint = (url: string | undefined) => {
    try {
      const u = new URL(url ?? '');
      return u.protocol === 'https:' ? `${u.hostname.replace(/^\[|\]$/g, '').toLowerCase()}:${u.port || 443}` : undefined;
    } catch {
      return undefined;
    }
  };
  const home = homePage(ctx);
  const candidates = [home?.finalUrl, httpsFetchObs(ctx)?.finalUrl, httpRedirectObs(ctx)?.finalUrl, ctx.site.url].map(endpoint).filter((e): e is string => !!e);
  for (const c of candidates) {
    const hit = ctx.tls.find((t) => `${t.host.toLowerCase()}:${t.port}` === c);
    if (hit) return hit;
  }
  return ctx.tls.find((t) => t.offered) ?? ctx.tls[0];
}

/** The security gatherer's record of the plain-http:// home URL. */
export function httpRedirectObs(ctx: Pick<CheckContext, 'httpRedirects'>): HttpRedirectObservation | undefined {
  return ctx.httpRedirects.find((r) => /^http:/i.test(r.url));
}

/** The security gatherer's fetch of the https:// home URL (headers only). */
export function httpsFetchObs(ctx: Pick<CheckContext, 'httpRedirects'>): HttpRedirectObservation | undefined {
  return ctx.httpRedirects.find((r) => /^https:/i.test(r.url));
}

/**
 * The response a browser would end up with: the crawled home page when it ended on HTTPS, else
 * the gatherer's https:// fetch, else whatever the home page was (plain HTTP).
 */
export function siteResponse(ctx: Pick<CheckContext, 'pages' | 'site' | 'httpRedirects'>): SiteResponse | undefined {
  const home = homePage(ctx);
  if (home && home.status > 0 && isHttps(home.finalUrl)) {
    return { url: home.finalUrl, headers: home.headers ?? {}, setCookies: home.setCookies ?? [], meta: home.meta, page: home, https: true, source: 'home_page' };
  }
  const hf = httpsFetchObs(ctx);
  if (hf && hf.status > 0 && !hf.failure && isHttps(hf.finalUrl)) {
    return { url: hf.finalUrl, headers: hf.headers ?? {}, setCookies: hf.setCookies ?? [], meta: home?.meta, page: home, https: true, source: 'https_fetch' };
  }
  if (home && home.status > 0) {
    return { url: home.finalUrl || home.url, headers: home.headers ?? {}, setCookies: home.setCookies ?? [], meta: home.meta, page: home, https: false, source: 'home_page' };
  }
  const h = httpRedirectObs(ctx);
  if (h && h.status > 0 && h.headers) {
    return { url: h.finalUrl, headers: h.headers, setCookies: h.setCookies ?? [], https: isHttps(h.finalUrl), source: 'http_fetch' };
  }
  return undefined;
}

/** Case-insensitive <meta http-equiv> lookup (names are stored as written). */
export function metaValue(meta: Record<string, string> | undefined, name: string): string | undefined {
  if (!meta) return undefined;
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(meta)) if (k.toLowerCase() === want) return v;
  return undefined;
}

export interface ParsedCookie {
  name: string;
  value: string;
  secure: boolean;
  httpOnly: boolean;
  /** Raw SameSite attribute value; '' when the attribute is present without a value. */
  sameSite?: string;
  raw: string;
}

export function parseSetCookie(raw: string): ParsedCookie | undefined {
  const parts = raw.split(';');
  const first = parts.shift() ?? '';
  const eq = first.indexOf('=');
  const name = (eq >= 0 ? first.slice(0, eq) : first).trim();
  if (!name) return undefined;
  const c: ParsedCookie = { name, value: eq >= 0 ? first.slice(eq + 1).trim() : '', secure: false, httpOnly: false, raw };
  for (const p of parts) {
    const i = p.indexOf('=');
    const k = (i >= 0 ? p.slice(0, i) : p).trim().toLowerCase();
    const v = i >= 0 ? p.slice(i + 1).trim() : '';
    if (k === 'secure') c.secure = true;
    else if (k === 'httponly') c.httpOnly = true;
    else if (k === 'samesite') c.sameSite = v;
  }
  return c;
}

/** Session or login cookies, as the Observatory recognises them (name contains "login" or "sess"), plus common Java/PHP/.NET ids. */
export function isSessionCookie(name: string): boolean {
  const n = name.toLowerCase();
  return n.includes('login') || n.includes('sess') || n === 'token' || (n.endsWith('_token') && !n.includes('csrf'));
}

/** Every distinct cookie the site set (home first, then other pages, then the gatherer's fetches). */
export function allCookies(ctx: Pick<CheckContext, 'pages' | 'site' | 'httpRedirects'>, limitPages = 50): Array<ParsedCookie & { url: string }> {
  const seen = new Map<string, ParsedCookie & { url: string }>();
  const home = homePage(ctx);
  const pages = [home, ...ctx.pages.filter((p) => p !== home).slice(0, limitPages)].filter((p): p is PageObservation => !!p);
  const sources: Array<{ url: string; cookies: string[] }> = [
    ...pages.map((p) => ({ url: p.finalUrl || p.url, cookies: p.setCookies ?? [] })),
    ...ctx.httpRedirects.map((r) => ({ url: r.finalUrl, cookies: r.setCookies ?? [] })),
  ];
  for (const s of sources) {
    for (const raw of s.cookies) {
      const c = parseSetCookie(raw);
      if (c && !seen.has(c.name)) seen.set(c.name, { ...c, url: s.url });
    }
  }
  return [...seen.values()];
}

/** Builds the Observatory's view of the site (auto / http / https responses) from stored observations. */
export function observatoryInputFrom(ctx: Pick<CheckContext, 'pages' | 'site' | 'httpRedirects' | 'tls'>): import('./observatory.ts').ObservatoryInput {
  const tlsObs = siteTls(ctx);
  const verified = tlsObs?.authorized === true;
  const resp = siteResponse(ctx);
  let siteHost: string;
  try {
    siteHost = new URL(ctx.site.url).hostname;
  } catch {
    siteHost = ctx.site.url;
  }
  const httpEquiv: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(resp?.meta ?? {})) {
    const key = k.toLowerCase();
    if (['content-security-policy', 'referrer-policy', 'referrer', 'cross-origin-resource-policy'].includes(key)) (httpEquiv[key] ??= []).push(v);
  }
  const page = resp?.page;
  const scripts = (page?.links ?? []).filter((l) => l.tag === 'script').map((l) => ({ raw: l.raw || l.url, integrity: l.integrity ?? null }));
  const auto = resp
    ? {
        url: resp.url,
        status: page?.status ?? 200,
        headers: resp.headers,
        setCookies: resp.setCookies,
        httpEquiv,
        contentType: page?.contentType ?? resp.headers['content-type'],
        scripts,
        scriptCount: scripts.length,
      }
    : undefined;
  const h = httpRedirectObs(ctx);
  const http =
    h && h.status > 0
      ? {
          // The route touches https only after a redirect; a browser refuses an untrusted certificate there.
          verified: !isHttps(h.finalUrl) || verified,
          route: [...h.redirects.map((r) => ({ url: r.url, status: r.status })), { url: h.finalUrl, status: h.status }],
          setCookies: h.setCookies ?? [],
        }
      : null;
  const hf = httpsFetchObs(ctx);
  const httpsOk = tlsObs?.offered && ((hf && hf.status > 0) || (resp?.https ?? false));
  const https = httpsOk
    ? {
        verified,
        headers: resp?.https ? resp.headers : (hf?.headers ?? {}),
        setCookies: resp?.https ? resp.setCookies : (hf?.setCookies ?? []),
      }
    : null;
  return { siteHost, auto, http, https };
}
