/**
 * The MDN HTTP Observatory scoring method (N-03), re-implemented over govmon's stored
 * observations so a site's grade can be computed offline and re-scored later.
 *
 * Followed: mdn/mdn-http-observatory, ALGORITHM_VERSION 4 (src/scanner/index.js,
 * src/grader/charts.js, src/analyzer/tests/*.js, src/analyzer/cspParser.js): the same ten tests,
 * the same result names and score modifiers, base score 100, bonuses (positive modifiers) only
 * counted when the score without them is already ≥ 90, and the same grade chart.
 *
 * Where govmon's observations cannot see what the Observatory's live scan sees, the gap is
 * stated here and in docs/checks-b.md instead of guessed:
 *  - HSTS preload list: not consulted (no network in checks); `hsts-preloaded` and
 *    `redirection-all-redirects-preloaded` are never produced.
 *  - CORS: the Observatory sends an `Origin` header to detect reflected origins with
 *    credentials (−50). We only have the ordinary response, so a present
 *    Access-Control-Allow-Origin other than `*` reads as restricted access.
 *  - SRI: read from `Link.integrity`; while the page extractor does not fill it, every external
 *    script counts as without SRI (penalties are exact; the +5 SRI bonus is never granted).
 */
import { getDomain } from 'tldts';

export const OBSERVATORY_ALGORITHM = 'mdn-http-observatory ALGORITHM_VERSION 4';

export const SCORE_MODIFIERS: Record<string, number> = {
  // content-security-policy
  'csp-implemented-with-no-unsafe-default-src-none': 10,
  'csp-implemented-with-no-unsafe': 5,
  'csp-implemented-with-unsafe-inline-in-style-src-only': 0,
  'csp-implemented-with-insecure-scheme-in-passive-content-only': -10,
  'csp-implemented-with-unsafe-eval': -10,
  'csp-implemented-with-unsafe-inline': -20,
  'csp-implemented-with-insecure-scheme': -20,
  'csp-header-invalid': -25,
  'csp-not-implemented': -25,
  'csp-not-implemented-but-reporting-enabled': -25,
  'csp-implemented-but-duplicate-directives': 0,
  // cookies
  'cookies-secure-with-httponly-sessions-and-samesite': 5,
  'cookies-secure-with-httponly-sessions': 0,
  'cookies-not-found': 0,
  'cookies-without-secure-flag-but-protected-by-hsts': -5,
  'cookies-session-without-secure-flag-but-protected-by-hsts': -10,
  'cookies-without-secure-flag': -20,
  'cookies-samesite-flag-invalid': -20,
  'cookies-anticsrf-without-samesite-flag': -20,
  'cookies-session-without-httponly-flag': -30,
  'cookies-session-without-secure-flag': -40,
  // cross-origin-resource-sharing
  'cross-origin-resource-sharing-not-implemented': 0,
  'cross-origin-resource-sharing-implemented-with-public-access': 0,
  'cross-origin-resource-sharing-implemented-with-restricted-access': 0,
  'cross-origin-resource-sharing-implemented-with-universal-access': -50,
  // redirection
  'redirection-all-redirects-preloaded': 0,
  'redirection-to-https': 0,
  'redirection-not-needed-no-http': 0,
  'redirection-off-host-from-http': -5,
  'redirection-not-to-https-on-initial-redirection': -10,
  'redirection-not-to-https': -20,
  'redirection-missing': -20,
  'redirection-invalid-cert': -20,
  // referrer-policy
  'referrer-policy-private': 5,
  'referrer-policy-not-implemented': 0,
  'referrer-policy-unsafe': -5,
  'referrer-policy-header-invalid': -5,
  // strict-transport-security
  'hsts-preloaded': 5,
  'hsts-implemented-max-age-at-least-six-months': 0,
  'hsts-implemented-max-age-less-than-six-months': -10,
  'hsts-not-implemented': -20,
  'hsts-header-invalid': -20,
  'hsts-not-implemented-no-https': -20,
  'hsts-invalid-cert': -20,
  // subresource-integrity
  'sri-implemented-and-all-scripts-loaded-securely': 5,
  'sri-implemented-and-external-scripts-loaded-securely': 5,
  'sri-not-implemented-response-not-html': 0,
  'sri-not-implemented-but-no-scripts-loaded': 0,
  'sri-not-implemented-but-all-scripts-loaded-from-secure-origin': 0,
  'sri-not-implemented-but-external-scripts-loaded-securely': -5,
  'sri-implemented-but-external-scripts-not-loaded-securely': -20,
  'sri-not-implemented-and-external-scripts-not-loaded-securely': -50,
  // x-content-type-options
  'x-content-type-options-nosniff': 0,
  'x-content-type-options-not-implemented': -5,
  'x-content-type-options-header-invalid': -5,
  // x-frame-options
  'x-frame-options-implemented-via-csp': 5,
  'x-frame-options-sameorigin-or-deny': 0,
  'x-frame-options-allow-from-origin': 0,
  'x-frame-options-not-implemented': -20,
  'x-frame-options-header-invalid': -20,
  // cross-origin-resource-policy
  'corp-header-invalid': -5,
  'corp-implemented-with-cross-origin': 0,
  'corp-implemented-with-same-origin': 10,
  'corp-implemented-with-same-site': 10,
  'corp-not-implemented': 0,
  // generic
  'html-not-parseable': -20,
};

export const MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90;

const GRADE_CHART: Array<[number, string]> = [
  [100, 'A+'], [95, 'A'], [90, 'A'], [85, 'A-'], [80, 'B+'], [75, 'B'], [70, 'B'], [65, 'B-'], [60, 'C+'], [55, 'C'],
  [50, 'C'], [45, 'C-'], [40, 'D+'], [35, 'D'], [30, 'D'], [25, 'D-'], [20, 'F'], [15, 'F'], [10, 'F'], [5, 'F'], [0, 'F'],
];

export function gradeForScore(score: number): string {
  const s = Math.max(score, 0);
  const bucket = Math.min(s - (s % 5), 100);
  return GRADE_CHART.find(([k]) => k === bucket)?.[1] ?? 'F';
}

export interface ObservatoryScript {
  /** src attribute as written. */
  raw: string;
  integrity?: string | null;
}

export interface ObservatoryResponse {
  url: string;
  status: number;
  headers: Record<string, string>;
  setCookies: string[];
  /** <meta http-equiv> values (and name=referrer), lower-cased keys, all values. */
  httpEquiv?: Record<string, string[]>;
  contentType?: string;
  scripts?: ObservatoryScript[];
  /** Count of <script> elements including inline ones, when known. */
  scriptCount?: number;
}

export interface ObservatoryInput {
  siteHost: string;
  /** The response the browser ends on (https first, else http). Absent: site down → no grade. */
  auto?: ObservatoryResponse;
  /** The plain-http request and its redirect route (first URL … final URL). null when http could not be connected. */
  http: { verified: boolean; route: Array<{ url: string; status: number }>; setCookies: string[] } | null;
  /** The https:// request. null when HTTPS is not available. */
  https: { verified: boolean; headers: Record<string, string>; setCookies: string[] } | null;
}

export interface ObservatoryTest {
  name: string;
  result: string;
  pass: boolean;
  scoreModifier: number;
  data?: unknown;
}

export interface ObservatoryResult {
  algorithm: string;
  score: number;
  grade: string;
  testsPassed: number;
  testsFailed: number;
  tests: ObservatoryTest[];
}

function onlyIfWorse(next: string, current: string | null, order: string[]): string {
  if (!current) return next;
  return order.indexOf(next) > order.indexOf(current) ? next : current;
}

function header(r: { headers: Record<string, string> } | null | undefined, name: string): string | undefined {
  if (!r) return undefined;
  const v = r.headers[name] ?? Object.entries(r.headers).find(([k]) => k.toLowerCase() === name)?.[1];
  return v === undefined ? undefined : String(v);
}

/** All values of a header; our stores join repeated headers with ", ". */
function headerValues(r: { headers: Record<string, string> } | null | undefined, name: string): string[] {
  const v = header(r, name);
  return v === undefined ? [] : [v];
}

// ---- CSP parsing (port of cspParser.js) ------------------------------------------------------

const SHORTEST_DIRECTIVE_LENGTH = 'img-src'.length - 1;
const DIRECTIVES_DISALLOWED_IN_META = ['frame-ancestors', 'report-uri', 'sandbox'];
const ALLOWED_DUPLICATE_KEYS = new Set(['report-uri', 'report-to']);
const DUPLICATE_WARNINGS_KEY = '_observatory_duplicate_warnings';

function pathPartMatch(pathA: string, pathB: string): boolean {
  if (pathA.length === 0) return true;
  if (pathA === '/' && pathB.length === 0) return true;
  const exactMatch = !pathA.endsWith('/');
  const a = pathA.split('/');
  const b = pathB.split('/');
  if (a.length > b.length) return false;
  if (exactMatch && a.length !== b.length) return false;
  if (!exactMatch) a.pop();
  const dec = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  for (let i = 0; i < a.length; i++) if (dec(a[i]) !== dec(b[i])) return false;
  return true;
}

export function parseCsp(cspList: string[]): Map<string, Set<string>> {
  const clean = cspList.map((s) => s.replace(/[\r\n]/g, '').trim());
  if (clean.length === 0) return new Map();
  for (const s of clean) if (!s || s.length < SHORTEST_DIRECTIVE_LENGTH) throw new Error(`Invalid policy: ${s}`);
  type Src = { source: string; index: number; keep: boolean };
  const csp = new Map<string, Src[]>();
  const dupes = new Set<string>();
  const cmp = new Intl.Collator('en').compare;
  clean.forEach((policy, policyIndex) => {
    const seen = new Set<string>();
    for (const [directiveEntry, ...valueEntries] of policy.split(';').map((e) => e.trim().split(/\s+/))) {
      if (!directiveEntry) continue;
      const directive = directiveEntry.toLowerCase();
      if (seen.has(directive)) {
        if (ALLOWED_DUPLICATE_KEYS.has(directive)) dupes.add(directive);
        else throw new Error(`Duplicate directive ${directive} in policy ${policyIndex}`);
      } else seen.add(directive);
      const keep = policyIndex === 0;
      const values: Src[] = valueEntries.length
        ? valueEntries.map((raw) => ({ source: raw.trim().toLowerCase(), index: policyIndex, keep }))
        : directive.endsWith('-src')
          ? [{ source: "'none'", index: policyIndex, keep }]
          : [];
      const combined = policyIndex === 0 ? [...values] : [...(csp.get(directive) ?? []), ...values];
      combined.sort((x, y) => cmp(x.source, y.source));
      for (let i = 1; i < combined.length; i++) {
        const s = combined[i];
        const prev = combined[i - 1];
        if (s.index === prev.index && s.source.startsWith(prev.source)) s.keep = false;
        if (s.index !== prev.index && pathPartMatch(prev.source, s.source)) s.keep = true;
      }
      csp.set(directive, combined.filter((s) => s.keep));
      if (policyIndex === 0 && cspList.length > 1) for (const s of csp.get(directive) ?? []) s.keep = false;
    }
  });
  const out = new Map<string, Set<string>>([...csp.entries()].map(([d, srcs]) => [d, srcs.length ? new Set(srcs.map((s) => s.source)) : new Set(["'none'"])]));
  if (dupes.size) out.set(DUPLICATE_WARNINGS_KEY, dupes);
  return out;
}

function parseCspMeta(list: string[]): Map<string, Set<string>> {
  const ret = parseCsp(list);
  for (const d of DIRECTIVES_DISALLOWED_IN_META) ret.delete(d);
  return ret;
}

// ---- the ten tests ---------------------------------------------------------------------------

const DANGEROUSLY_BROAD = new Set(['ftp:', 'http:', 'https:', '*', 'http://*', 'http://*.*', 'https://*', 'https://*.*']);
const UNSAFE_INLINE = new Set(["'unsafe-inline'", 'data:']);
const BROAD_OR_INLINE = new Set([...DANGEROUSLY_BROAD, ...UNSAFE_INLINE]);
const PASSIVE_DIRECTIVES = new Set(['img-src', 'media-src']);
const NONCES_HASHES = ["'sha256-", "'sha384-", "'sha512-", "'nonce-"];
const hasNonceHash = (srcs: Iterable<string>) => [...srcs].some((s) => NONCES_HASHES.some((n) => s.startsWith(n)));

function splitCsp(raw: string[]): string[] {
  return raw.flatMap((v) => v.split(',').map((s) => s.trim()));
}

export function cspTest(input: ObservatoryInput): ObservatoryTest & { data?: Record<string, string[]> } {
  const name = 'content-security-policy';
  const expectation = 'csp-implemented-with-no-unsafe';
  const r = input.auto;
  const out = (result: string, pass = false, data?: Record<string, string[]>) => ({ name, result, pass, scoreModifier: SCORE_MODIFIERS[result], ...(data ? { data } : {}) });
  if (!r) return out('csp-not-implemented');
  const httpPolicies = splitCsp(headerValues(r, 'content-security-policy'));
  const equivPolicies = splitCsp(r.httpEquiv?.['content-security-policy'] ?? []);
  let csp: Map<string, Set<string>>;
  try {
    csp = parseCsp([...httpPolicies, ...equivPolicies]);
  } catch {
    return out('csp-header-invalid');
  }
  let headerOnly: Map<string, Set<string>>;
  try {
    headerOnly = parseCsp(httpPolicies);
  } catch {
    headerOnly = new Map();
  }
  let metaCsp: Map<string, Set<string>>;
  try {
    metaCsp = parseCspMeta(equivPolicies);
  } catch {
    metaCsp = new Map();
  }
  if (headerOnly.size + metaCsp.size === 0) {
    return out(header(r, 'content-security-policy-report-only') ? 'csp-not-implemented-but-reporting-enabled' : 'csp-not-implemented');
  }
  let result: string | null = null;
  const https = /^https:/i.test(r.url);
  const objectSrc = new Set(csp.get('object-src') ?? csp.get('default-src') ?? ['*']);
  const scriptSrc = new Set(csp.get('script-src') ?? csp.get('default-src') ?? ['*']);
  const styleSrc = new Set(csp.get('style-src') ?? csp.get('default-src') ?? ['*']);
  for (const list of [scriptSrc, styleSrc]) if (hasNonceHash(list) && list.has("'unsafe-inline'")) list.delete("'unsafe-inline'");
  if (hasNonceHash(scriptSrc) && scriptSrc.has("'strict-dynamic'")) {
    for (const s of [...scriptSrc]) if ([...DANGEROUSLY_BROAD].some((b) => s.startsWith(b)) || s === "'self'" || s === "'unsafe-inline'") scriptSrc.delete(s);
  } else if (scriptSrc.has("'strict-dynamic'") && result === null) {
    result = 'csp-header-invalid';
  }
  const active = [...csp.entries()].filter(([d]) => !PASSIVE_DIRECTIVES.has(d) && d !== 'script-src').flatMap(([, s]) => [...s]);
  active.push(...scriptSrc);
  const passive = [...PASSIVE_DIRECTIVES].flatMap((d) => [...(csp.get(d) ?? csp.get('default-src') ?? [])]);
  if ([...scriptSrc].some((s) => BROAD_OR_INLINE.has(s)) || [...objectSrc].some((s) => DANGEROUSLY_BROAD.has(s))) result ??= 'csp-implemented-with-unsafe-inline';
  if (https && active.some((s) => s.startsWith('http:') || s.startsWith('ftp:'))) result ??= 'csp-implemented-with-insecure-scheme';
  if (new Set([...scriptSrc, ...styleSrc]).has("'unsafe-eval'")) result ??= 'csp-implemented-with-unsafe-eval';
  if (https && passive.some((s) => s.startsWith('http:') || s.startsWith('ftp:'))) result ??= 'csp-implemented-with-insecure-scheme-in-passive-content-only';
  if ([...styleSrc].some((s) => BROAD_OR_INLINE.has(s))) result ??= 'csp-implemented-with-unsafe-inline-in-style-src-only';
  const def = csp.get('default-src');
  if (def?.has("'none'") && def.size === 1) result ??= 'csp-implemented-with-no-unsafe-default-src-none';
  else result ??= 'csp-implemented-with-no-unsafe';
  let pass = [expectation, 'csp-implemented-with-no-unsafe-default-src-none', 'csp-implemented-with-unsafe-inline-in-style-src-only', 'csp-implemented-with-insecure-scheme-in-passive-content-only'].includes(result);
  if (pass && csp.has(DUPLICATE_WARNINGS_KEY)) result = 'csp-implemented-but-duplicate-directives';
  const data: Record<string, string[]> = {};
  for (const [k, v] of csp) if (k !== DUPLICATE_WARNINGS_KEY) data[k] = [...v].sort();
  pass = pass || result === 'csp-implemented-but-duplicate-directives';
  return out(result, pass, data);
}

export function hstsTest(input: ObservatoryInput): ObservatoryTest & { maxAge?: number } {
  const name = 'strict-transport-security';
  let result = 'hsts-not-implemented';
  let maxAge: number | undefined;
  const r = input.https;
  const SIX_MONTHS = 15_552_000; // the Observatory's "white lie" for 15768000
  if (!r) result = 'hsts-not-implemented-no-https';
  else if (!r.verified) result = 'hsts-invalid-cert';
  else {
    const h = header(r, 'strict-transport-security');
    if (h !== undefined) {
      const data = h.slice(0, 1024);
      try {
        if (data.includes(',')) throw new Error('set multiple times');
        let m: number | null = null;
        for (const p of data.split(';').map((i) => i.trim().toLowerCase())) {
          if (p.startsWith('max-age=')) m = Number.parseInt(p.slice(8, 128), 10);
        }
        if (m === null || Number.isNaN(m)) throw new Error('max-age missing');
        maxAge = m;
        result = m < SIX_MONTHS ? 'hsts-implemented-max-age-less-than-six-months' : 'hsts-implemented-max-age-at-least-six-months';
      } catch {
        result = 'hsts-header-invalid';
      }
    }
  }
  const pass = ['hsts-implemented-max-age-at-least-six-months', 'hsts-preloaded'].includes(result);
  return { name, result, pass, scoreModifier: SCORE_MODIFIERS[result], ...(maxAge !== undefined ? { maxAge, data: { maxAge } } : {}) };
}

function containsInvalidSameSite(raw: string): boolean {
  for (const p of raw.trim().split(';')) {
    const [key, value] = p.trim().split('=');
    if (key.trim().toLowerCase() === 'samesite') {
      if (!value) return true;
      if (!['lax', 'strict', 'none'].includes(value.trim().toLowerCase())) return true;
    }
  }
  return false;
}

export function cookiesTest(input: ObservatoryInput): ObservatoryTest {
  const name = 'cookies';
  const goodness = [
    'cookies-without-secure-flag-but-protected-by-hsts',
    'cookies-without-secure-flag',
    'cookies-session-without-secure-flag-but-protected-by-hsts',
    'cookies-samesite-flag-invalid',
    'cookies-anticsrf-without-samesite-flag',
    'cookies-session-without-httponly-flag',
    'cookies-session-without-secure-flag',
  ];
  const hsts = hstsTest(input).pass;
  let result: string | null = null;
  for (const raw of input.auto?.setCookies ?? []) if (containsInvalidSameSite(raw)) result = onlyIfWorse('cookies-samesite-flag-invalid', result, goodness);
  // The Observatory reads its whole cookie jar: cookies set along the http redirects, over https and by the final page.
  const jar = new Map<string, { key: string; secure: boolean; httpOnly: boolean; sameSite?: string }>();
  for (const raw of [...(input.http?.setCookies ?? []), ...(input.https?.setCookies ?? []), ...(input.auto?.setCookies ?? [])]) {
    const parts = raw.split(';');
    const first = parts.shift() ?? '';
    const key = first.split('=')[0].trim();
    if (!key || key === 'heroku-session-affinity') continue;
    const c = { key, secure: false, httpOnly: false, sameSite: undefined as string | undefined };
    for (const p of parts) {
      const [k, v] = p.split('=');
      const kk = k.trim().toLowerCase();
      if (kk === 'secure') c.secure = true;
      else if (kk === 'httponly') c.httpOnly = true;
      else if (kk === 'samesite') {
        const vv = (v ?? '').trim().toLowerCase();
        if (['strict', 'lax', 'none'].includes(vv)) c.sameSite = vv;
      }
    }
    jar.set(key, c);
  }
  let hasMissingSameSite = false;
  if (jar.size === 0) result = 'cookies-not-found';
  else {
    for (const c of jar.values()) {
      const k = c.key.toLowerCase();
      const sessionId = k.includes('login') || k.includes('sess');
      const anticsrf = k.includes('csrf');
      if (!c.secure && c.sameSite === 'none') result = onlyIfWorse('cookies-samesite-flag-invalid', result, goodness);
      if (!c.secure && hsts) result = onlyIfWorse('cookies-without-secure-flag-but-protected-by-hsts', result, goodness);
      else if (!c.secure) result = onlyIfWorse('cookies-without-secure-flag', result, goodness);
      if (anticsrf && !c.sameSite) result = onlyIfWorse('cookies-anticsrf-without-samesite-flag', result, goodness);
      if (sessionId && !c.secure && hsts) result = onlyIfWorse('cookies-session-without-secure-flag-but-protected-by-hsts', result, goodness);
      else if (sessionId && !c.secure) result = onlyIfWorse('cookies-session-without-secure-flag', result, goodness);
      if (sessionId && !c.httpOnly) result = onlyIfWorse('cookies-session-without-httponly-flag', result, goodness);
      if (!c.sameSite) hasMissingSameSite = true;
    }
    result ??= hasMissingSameSite ? 'cookies-secure-with-httponly-sessions' : 'cookies-secure-with-httponly-sessions-and-samesite';
  }
  const pass = ['cookies-not-found', 'cookies-secure-with-httponly-sessions-and-samesite', 'cookies-secure-with-httponly-sessions'].includes(result);
  return { name, result, pass, scoreModifier: SCORE_MODIFIERS[result], data: { cookies: [...jar.values()] } };
}

export function corsTest(input: ObservatoryInput): ObservatoryTest {
  const name = 'cross-origin-resource-sharing';
  let result = 'cross-origin-resource-sharing-not-implemented';
  const acao = header(input.auto, 'access-control-allow-origin');
  if (input.auto && acao) {
    result = acao.slice(0, 256).trim().toLowerCase() === '*' ? 'cross-origin-resource-sharing-implemented-with-public-access' : 'cross-origin-resource-sharing-implemented-with-restricted-access';
  }
  const pass = result !== 'cross-origin-resource-sharing-implemented-with-universal-access';
  return { name, result, pass, scoreModifier: SCORE_MODIFIERS[result], ...(acao ? { data: acao } : {}) };
}

export function redirectionTest(input: ObservatoryInput): ObservatoryTest {
  const name = 'redirection';
  let result: string;
  const r = input.http;
  if (!r) result = 'redirection-not-needed-no-http';
  else if (!r.verified) result = 'redirection-invalid-cert';
  else {
    const route = r.route.map((x) => {
      try {
        return new URL(x.url);
      } catch {
        return undefined;
      }
    });
    if (route.length <= 1) result = 'redirection-missing';
    else if (route.at(-1)?.protocol !== 'https:') result = 'redirection-not-to-https';
    else if (route[1]?.protocol === 'http:') result = 'redirection-not-to-https-on-initial-redirection';
    else if (route[0]?.protocol === 'http:' && route[1]?.protocol === 'https:' && route[0]?.hostname !== route[1]?.hostname) result = 'redirection-off-host-from-http';
    else result = 'redirection-to-https';
  }
  const pass = ['redirection-not-needed-no-http', 'redirection-all-redirects-preloaded', 'redirection-to-https'].includes(result);
  return { name, result, pass, scoreModifier: SCORE_MODIFIERS[result], data: { route: r?.route.map((x) => x.url) ?? [] } };
}

export function referrerPolicyTest(input: ObservatoryInput): ObservatoryTest {
  const name = 'referrer-policy';
  const good = ['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'];
  const bad = ['origin', 'origin-when-cross-origin', 'unsafe-url', 'no-referrer-when-downgrade'];
  const valid = new Set([...good, ...bad]);
  const r = input.auto;
  const h = headerValues(r, 'referrer-policy');
  const eq = r?.httpEquiv?.['referrer-policy'] ?? r?.httpEquiv?.['referrer'] ?? [];
  if (!r || (h.length === 0 && eq.length === 0)) return { name, result: 'referrer-policy-not-implemented', pass: true, scoreModifier: 0 };
  const data = [...h, ...eq].join(', ');
  const policy = data.split(',').filter((e) => valid.has(e.toLowerCase().trim())).reverse()[0]?.toLowerCase().trim() ?? '';
  const result = good.includes(policy) ? 'referrer-policy-private' : bad.includes(policy) ? 'referrer-policy-unsafe' : 'referrer-policy-header-invalid';
  return { name, result, pass: result === 'referrer-policy-private', scoreModifier: SCORE_MODIFIERS[result], data };
}

export function sriTest(input: ObservatoryInput): ObservatoryTest {
  const name = 'subresource-integrity';
  const goodness = [
    'sri-implemented-and-all-scripts-loaded-securely',
    'sri-implemented-and-external-scripts-loaded-securely',
    'sri-implemented-but-external-scripts-not-loaded-securely',
    'sri-not-implemented-but-external-scripts-loaded-securely',
    'sri-not-implemented-and-external-scripts-not-loaded-securely',
    'sri-not-implemented-response-not-html',
  ];
  const r = input.auto;
  let result: string | null = null;
  const external: string[] = [];
  if (!r) result = 'sri-not-implemented-but-no-scripts-loaded';
  else {
    const mime = (r.contentType ?? header(r, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (mime && mime !== 'text/html' && mime !== 'application/xhtml+xml') result = 'sri-not-implemented-response-not-html';
    else {
      const siteDomain = getDomain(input.siteHost) ?? input.siteHost;
      const pageHttps = /^https:/i.test(r.url);
      let foreign = false;
      const scripts = r.scripts ?? [];
      for (const s of scripts) {
        const src = s.raw.trim();
        if (!src) continue;
        let relativeOrigin = false;
        let relativeProtocol = false;
        let sameSld = false;
        if (/^\/\/[^/]/.test(src)) {
          relativeProtocol = true;
          sameSld = true;
        } else if (/^https?:\/\//i.test(src)) {
          sameSld = getDomain(src) === siteDomain;
        } else relativeOrigin = true;
        const secureOrigin = relativeOrigin || (sameSld && !relativeProtocol);
        if (!secureOrigin) foreign = true;
        let scheme: string | null = null;
        if (!relativeProtocol && !relativeOrigin) {
          try {
            scheme = new URL(src).protocol;
          } catch {
            scheme = null;
          }
        }
        const secureScheme = scheme === 'https:' || (relativeOrigin && pageHttps);
        const integrity = s.integrity ?? null;
        if (!secureOrigin) {
          external.push(src);
          if (integrity && !secureScheme) result = onlyIfWorse('sri-implemented-but-external-scripts-not-loaded-securely', result, goodness);
          else if (!integrity && secureScheme) result = onlyIfWorse('sri-not-implemented-but-external-scripts-loaded-securely', result, goodness);
          else if (!integrity && !secureScheme) result = onlyIfWorse('sri-not-implemented-and-external-scripts-not-loaded-securely', result, goodness);
        } else if (integrity && secureScheme && !result) result = 'sri-implemented-and-all-scripts-loaded-securely';
      }
      const count = r.scriptCount ?? scripts.length;
      if (count === 0) result = 'sri-not-implemented-but-no-scripts-loaded';
      else if (!result) result = foreign ? 'sri-implemented-and-external-scripts-loaded-securely' : 'sri-not-implemented-but-all-scripts-loaded-from-secure-origin';
    }
  }
  const pass = [
    'sri-implemented-and-all-scripts-loaded-securely',
    'sri-implemented-and-external-scripts-loaded-securely',
    'sri-not-implemented-response-not-html',
    'sri-not-implemented-but-all-scripts-loaded-from-secure-origin',
    'sri-not-implemented-but-no-scripts-loaded',
  ].includes(result!);
  return { name, result: result!, pass, scoreModifier: SCORE_MODIFIERS[result!], ...(external.length ? { data: { externalScripts: external.slice(0, 20) } } : {}) };
}

export function xContentTypeOptionsTest(input: ObservatoryInput): ObservatoryTest {
  const name = 'x-content-type-options';
  const h = header(input.auto, 'x-content-type-options');
  const result = !input.auto || h === undefined ? 'x-content-type-options-not-implemented' : h.slice(0, 256).trim().toLowerCase() === 'nosniff' ? 'x-content-type-options-nosniff' : 'x-content-type-options-header-invalid';
  return { name, result, pass: result === 'x-content-type-options-nosniff', scoreModifier: SCORE_MODIFIERS[result], ...(h ? { data: h } : {}) };
}

export function xFrameOptionsTest(input: ObservatoryInput): ObservatoryTest {
  const name = 'x-frame-options';
  const h = header(input.auto, 'x-frame-options');
  let result = 'x-frame-options-not-implemented';
  if (input.auto && h) {
    const x = h.slice(0, 1024).trim().toLowerCase();
    result = x === 'deny' || x === 'sameorigin' ? 'x-frame-options-sameorigin-or-deny' : x.startsWith('allow-from') ? 'x-frame-options-allow-from-origin' : 'x-frame-options-header-invalid';
  }
  const csp = cspTest(input);
  if (csp.data && csp.data['frame-ancestors']) result = 'x-frame-options-implemented-via-csp';
  const pass = ['x-frame-options-allow-from-origin', 'x-frame-options-sameorigin-or-deny', 'x-frame-options-implemented-via-csp'].includes(result);
  return { name, result, pass, scoreModifier: SCORE_MODIFIERS[result], ...(h ? { data: h } : {}) };
}

export function corpTest(input: ObservatoryInput): ObservatoryTest {
  const name = 'cross-origin-resource-policy';
  let result = 'corp-not-implemented';
  const h = header(input.auto, 'cross-origin-resource-policy');
  const eq = input.auto?.httpEquiv?.['cross-origin-resource-policy'];
  const v = h ? h.slice(0, 256).trim().toLowerCase() : eq?.length ? eq.at(-1)!.slice(0, 256).trim().toLowerCase() : undefined;
  if (input.auto && v) {
    result = v === 'same-site' ? 'corp-implemented-with-same-site' : v === 'same-origin' ? 'corp-implemented-with-same-origin' : v === 'cross-origin' ? 'corp-implemented-with-cross-origin' : 'corp-header-invalid';
  }
  return { name, result, pass: result !== 'corp-header-invalid', scoreModifier: SCORE_MODIFIERS[result], ...(v ? { data: v } : {}) };
}

/** Runs the ten tests in the Observatory's order and grades them. */
export function observatoryScan(input: ObservatoryInput): ObservatoryResult {
  const tests = [
    cspTest(input),
    cookiesTest(input),
    corsTest(input),
    redirectionTest(input),
    referrerPolicyTest(input),
    hstsTest(input),
    sriTest(input),
    xContentTypeOptionsTest(input),
    xFrameOptionsTest(input),
    corpTest(input),
  ];
  let withExtra = 100;
  let uncurved = 100;
  let passed = 0;
  for (const t of tests) {
    if (t.pass) passed++;
    withExtra += t.scoreModifier;
    if (t.scoreModifier < 0) uncurved += t.scoreModifier;
  }
  const score = Math.max(uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? withExtra : uncurved, 0);
  return { algorithm: OBSERVATORY_ALGORITHM, score, grade: gradeForScore(score), testsPassed: passed, testsFailed: tests.length - passed, tests };
}
