/**
 * One HTTP fetch on undici, with everything an evaluator needs to explain it later: the full
 * redirect chain, phase timings, lower-cased headers, and every failure mapped onto the
 * FailureClass taxonomy of model/observation.ts.
 *
 * Redirects are followed by hand (not by an interceptor) so each hop is recorded and a loop
 * is caught. Host → IP overrides from the registry (`resolve`) are applied in the socket's
 * DNS lookup, so TLS SNI and the Host header keep the real name of fictitious demo portals.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import zlib from 'node:zlib';
import { isIP } from 'node:net';
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { Agent, request, type Dispatcher } from 'undici';
import type { Failure, FailureClass, RedirectHop, Timings } from '../model/observation.ts';

export interface FetchOptions {
  method?: 'GET' | 'HEAD';
  /** Per-request budget in ms for headers and body together (default 15 000). */
  timeoutMs?: number;
  /** Largest body read; the rest is dropped and `truncated` set (default 5 MiB). */
  maxBodyBytes?: number;
  maxRedirects?: number;
  /** Stop after the response headers and abort the body (link checks: never download attachments). */
  headersOnly?: boolean;
  headers?: Record<string, string>;
  userAgent?: string;
  /** Host → IP overrides (registry.resolve). */
  resolve?: Record<string, string>;
  /** The crawl's signal: aborting it cancels the request (classified `timeout`, `aborted: true`). */
  signal?: AbortSignal;
  /** Accept invalid certificates (used only after a certificate failure was already recorded). */
  insecureTls?: boolean;
  /** Custom dispatcher (tests); by default a shared keep-alive Agent per resolve map. */
  dispatcher?: Dispatcher;
  /** Cookies kept across requests of one crawl (session cookies some CMSs and load balancers insist on). */
  cookieJar?: CookieJar;
}

/**
 * A small cookie jar: name=value per host, and per domain for `Domain=` cookies. No paths or
 * expiry beyond deletion: it only has to get us through the cookie bounces of load balancers,
 * WAF "cookie check" redirects and CMS sessions, which otherwise look like redirect loops.
 */
export class CookieJar {
  private readonly hosts = new Map<string, Map<string, string>>();
  private readonly domains = new Map<string, Map<string, string>>();

  store(url: string, setCookies: string[]): void {
    let host: string;
    try {
      host = new URL(url).hostname.toLowerCase();
    } catch {
      return;
    }
    for (const sc of setCookies) {
      const [pair, ...attrs] = sc.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let target = this.hosts;
      let key = host;
      let expired = false;
      for (const a of attrs) {
        const [k, v = ''] = a.split('=');
        const kk = k.trim().toLowerCase();
        if (kk === 'domain') {
          const d = v.trim().replace(/^\./, '').toLowerCase();
          if (d && (host === d || host.endsWith(`.${d}`))) (target = this.domains), (key = d);
        } else if (kk === 'max-age' && Number(v) <= 0) expired = true;
        else if (kk === 'expires' && Date.parse(v.trim()) < Date.now()) expired = true;
      }
      let m = target.get(key);
      if (!m) target.set(key, (m = new Map()));
      if (expired) m.delete(name);
      else if (m.size < 50) m.set(name, value);
    }
  }

  header(url: string): string | undefined {
    let host: string;
    try {
      host = new URL(url).hostname.toLowerCase();
    } catch {
      return undefined;
    }
    const all = new Map<string, string>();
    for (const [d, m] of this.domains) if (host === d || host.endsWith(`.${d}`)) for (const [k, v] of m) all.set(k, v);
    for (const [k, v] of this.hosts.get(host) ?? []) all.set(k, v);
    return all.size ? [...all].map(([k, v]) => `${k}=${v}`).join('; ') : undefined;
  }
}

/** Inflates a gzip/deflate/br body, keeping at most `cap` bytes; partial output survives a cut or broken stream. */
async function decompress(buf: Buffer, encoding: string, cap: number): Promise<{ body: Buffer; truncated: boolean; error?: string }> {
  const zlibWrapped = buf.length > 1 && (buf[0] & 0x0f) === 8 && ((buf[0] << 8) | buf[1]) % 31 === 0;
  const z = encoding === 'br' ? zlib.createBrotliDecompress() : encoding === 'deflate' ? (zlibWrapped ? zlib.createInflate() : zlib.createInflateRaw()) : zlib.createGunzip();
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    let size = 0;
    let finished = false;
    const finish = (truncated: boolean, error?: string) => {
      if (finished) return;
      finished = true;
      resolve({ body: Buffer.concat(out), truncated, ...(error ? { error } : {}) });
    };
    z.on('data', (c: Buffer) => {
      if (finished) return;
      size += c.length;
      if (size > cap) {
        out.push(c.subarray(0, c.length - (size - cap)));
        z.destroy();
        finish(true);
      } else out.push(c);
    });
    z.on('end', () => finish(false));
    z.on('error', (e) => finish(false, e.message));
    z.end(buf);
  });
}

export interface FetchResult {
  url: string;
  finalUrl: string;
  redirects: RedirectHop[];
  /** Status of the last response; 0 when none came. */
  status: number;
  headers: Record<string, string>;
  setCookies: string[];
  contentType?: string;
  /** Body bytes read (empty for HEAD, headersOnly and failures before the body). */
  body: Buffer;
  /** Bytes received; equals body.length unless the body was aborted. */
  bytes: number;
  truncated: boolean;
  failure?: Failure;
  timings: Timings;
  /** The caller's signal fired (budget or stop), as opposed to the request's own timeout. */
  aborted?: boolean;
  /** Retry-After converted to milliseconds, when the response carried one. */
  retryAfterMs?: number;
  /** The server broke HTTP/1.1 (bad header, CL+TE, bare LF …) and the response was read leniently, as browsers do. */
  protocolWarning?: string;
}

interface RawResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable;
}

/** undici refuses responses that break HTTP/1.1; browsers read many of them anyway. */
function isProtocolError(e: unknown): string | undefined {
  const { code, message } = errCode(e);
  if ((code && /^HPE_/.test(code)) || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' || /does not match the HTTP\/1\.1 protocol/i.test(message)) return message;
  return undefined;
}

/** One request through node:http with the lenient parser, for servers undici's strict parser rejects. */
function lenientRequest(url: string, method: string, headers: Record<string, string>, signal: AbortSignal, resolveMap: Record<string, string> | undefined, insecureTls: boolean): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const mod = u.protocol === 'https:' ? https : http;
    const req = mod.request(
      u,
      { method, headers, signal, insecureHTTPParser: true, agent: false, lookup: makeLookup(resolveMap ?? {}) as never, rejectUnauthorized: !insecureTls },
      (res) => resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body: res }),
    );
    req.on('error', reject);
    req.end();
  });
}

const DEFAULT_UA = 'govmon/0.1 (government website monitor)';

// ---- dispatcher ------------------------------------------------------------------------

type LookupCb = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A net/tls `lookup` that answers from the override map first and falls back to DNS. */
export function makeLookup(resolve: Record<string, string>) {
  const map = new Map(Object.entries(resolve).map(([h, ip]) => [h.toLowerCase(), ip]));
  return (hostname: string, options: { all?: boolean; family?: number } | number, cb: LookupCb): void => {
    const opts = typeof options === 'number' ? { family: options } : (options ?? {});
    const ip = map.get(hostname.toLowerCase());
    if (ip) {
      const family = isIP(ip) || 4;
      if (opts.all) cb(null, [{ address: ip, family }]);
      else cb(null, ip, family);
      return;
    }
    dnsLookup(hostname, opts as never, cb as never);
  };
}

const agents = new Map<string, Agent>();

/** One keep-alive Agent per (resolve map, TLS mode), shared by every fetch of the process. */
export function sharedAgent(resolve: Record<string, string> = {}, insecureTls = false): Agent {
  const key = JSON.stringify([Object.entries(resolve).sort(), insecureTls]);
  let a = agents.get(key);
  if (!a) {
    a = new Agent({
      keepAliveTimeout: 10_000,
      keepAliveMaxTimeout: 30_000,
      connections: 16,
      pipelining: 1,
      connect: { lookup: makeLookup(resolve) as never, rejectUnauthorized: !insecureTls, timeout: 10_000 },
    });
    agents.set(key, a);
  }
  return a;
}

/** Closes the shared agents (end of a CLI run or a test file) so the process can exit. */
export async function closeAgents(): Promise<void> {
  const all = [...agents.values()];
  agents.clear();
  await Promise.all(all.map((a) => a.close().catch(() => undefined)));
}

// ---- classification --------------------------------------------------------------------

const TLS_CODES = /^(?:CERT_|ERR_TLS|ERR_SSL|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH|EPROTO$|ERR_OSSL)/;

function errCode(e: unknown): { code?: string; message: string } {
  let cur = e as { code?: string; message?: string; cause?: unknown; errors?: unknown[] } | undefined;
  const msgs: string[] = [];
  let code: string | undefined;
  for (let i = 0; cur && i < 6; i++) {
    if (cur.message) msgs.push(cur.message);
    // Prefer the innermost system code (ECONNREFUSED) over undici's wrapper (UND_ERR_SOCKET).
    if (cur.code && (!code || code.startsWith('UND_ERR') || code === 'ABORT_ERR')) code = cur.code;
    const next: unknown = cur.cause ?? (Array.isArray(cur.errors) ? cur.errors[0] : undefined);
    cur = next as typeof cur;
  }
  return { code, message: msgs.join(': ') || String(e) };
}

/** Maps a thrown network error onto the failure taxonomy. */
export function classifyError(e: unknown): Failure {
  const { code, message } = errCode(e);
  const name = (e as Error)?.name;
  const m = (cls: FailureClass, detail?: string): Failure => ({ class: cls, message: detail ?? message, ...(code ? { code } : {}) });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_NODATA') return m('dns');
  if (code === 'ECONNREFUSED') return m('refused');
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'ECONNABORTED' || /socket hang up|other side closed/i.test(message))
    return m('reset');
  if (code && TLS_CODES.test(code)) return m('tls');
  if (/certificate|ssl|tls|handshake|wrong version number/i.test(message) && !/timeout/i.test(message)) return m('tls');
  if (
    name === 'TimeoutError' ||
    name === 'AbortError' ||
    code === 'ABORT_ERR' ||
    code === 'ETIMEDOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT'
  )
    return m('timeout');
  if (code === 'ERR_INVALID_URL' || code === 'UND_ERR_INVALID_ARG') return m('invalid_url');
  return m('connection');
}

/**
 * Anti-bot and WAF challenge pages: they answer 200 or 503 but are a refusal, not content.
 * Each pattern names the vendor so the evidence says who blocked us.
 */
const CHALLENGES: Array<[RegExp, string]> = [
  // the 521 page spells the cookie name out char by char: document.cookie=('_')+('_')+('j')+('s')+('l')+…; the second stage is go({"bts":[…]})
  [/__jsl_clearance|_jsl_clearance_s|jsl_tracking|\('_'\)\+\('_'\)\+\('j'\)\+\('s'\)\+\('l'\)|\bgo\(\{\s*"bts"\s*:/i, '知道创宇/加速乐 (__jsl_clearance)'],
  [/安全狗|safedog|WAF\/2\.0/i, '安全狗 (safedog)'],
  [/yunsuo_session|云锁|yunsuo/i, '云锁 (yunsuo)'],
  [/360wzws|360网站卫士|wzws-waf|wzws_cid/i, '360网站卫士'],
  [/cf-chl|cf_chl_|challenge-platform|Just a moment\.\.\.|cf-browser-verification/i, 'Cloudflare challenge'],
  [/请开启JavaScript并刷新该页|请开启JavaScript|请启用JavaScript后刷新/i, 'JavaScript challenge (请开启JavaScript并刷新该页)'],
  [/您的访问被拒绝|访问被拒绝|您的请求已被拦截|访问已被拦截|非法请求已被拦截/, 'WAF refusal (您的访问被拒绝)'],
  [/网站防火墙|Web应用防火墙|创宇盾|玄武盾|D盾_拦截|阿里云盾|aliyun_waf|TencentCloud WAF/i, 'web application firewall'],
];

/**
 * Says which vendor's challenge a response is, or undefined. Only small bodies are checked:
 * challenge pages are tiny, while a real page merely mentioning 「访问被拒绝」 in an article is long.
 */
export function detectChallenge(status: number, headers: Record<string, string>, body: Buffer | string): string | undefined {
  if (headers['cf-mitigated'] === 'challenge') return 'Cloudflare challenge';
  if (riverSecurityChallenge(status, body)) return '瑞数 (River Security) dynamic challenge ($_ts)';
  if (/^(?:safedog|yunsuo|wzws)/i.test(headers['server'] ?? '') && (status === 403 || status === 503 || status === 200) && body.length < 4096) {
    // A WAF header on a tiny page: the page is the WAF's, not the site's.
    if (status !== 200 || body.length < 2048) return `WAF (${headers['server']})`;
  }
  const cookies = headers['set-cookie'] ?? '';
  if (/__jsl_clearance|yunsuo_session_verify|wzws_cid/.test(cookies) && body.length < 8192) return CHALLENGES[0][1];
  if (body.length === 0 || body.length > 16_384) return undefined;
  // A challenge served as 200 is a tiny page; real pages of that size are rare, so most 200s skip the scan.
  if (status === 200 && body.length > 6144) return undefined;
  const text = typeof body === 'string' ? body : decodeLoose(body);
  for (const [re, vendor] of CHALLENGES) if (re.test(text)) return vendor;
  return undefined;
}

const RS_MARK = /\$_ts\s*=\s*window\[\s*['"]\$_ts['"]\s*\]/;

/**
 * 瑞数 (River Security), in front of many ministry and provincial portals, answers a first visit
 * with 412 (some versions 202) and a document that is only `$_ts=window['$_ts']…` code and a
 * `<meta … r='m'>` seed; the real page comes after the browser computes a cookie. Pages that got
 * through carry the same script, so a 200 is a challenge only when it shows no text of its own.
 */
function riverSecurityChallenge(status: number, body: Buffer | string): boolean {
  if (body.length === 0 || body.length > 262_144) return false;
  // the script sits at the top of <head>; a native byte search keeps ordinary pages cheap
  const first = typeof body === 'string' ? body.slice(0, 16_384) : body.subarray(0, 16_384);
  if (first.indexOf('$_ts') < 0) return false;
  const head = typeof body === 'string' ? body.slice(0, 65_536) : body.subarray(0, 65_536).toString('latin1');
  if (!RS_MARK.test(head)) return false;
  if (status === 412 || status === 202) return true;
  return head.replace(/<!--[\s\S]*?-->|<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>|<[^>]+>|&nbsp;/gi, '').replace(/\s+/g, '').length < 20;
}

function decodeLoose(b: Buffer): string {
  const utf = b.toString('utf8');
  // Challenge pages are often GBK; the vendor markers are ASCII, the Chinese phrases need GB18030.
  if (!utf.includes('\uFFFD')) return utf;
  try {
    return new TextDecoder('gb18030').decode(b);
  } catch {
    return utf;
  }
}

/** Classifies a completed HTTP response; undefined for success (2xx/3xx handled by the caller). */
export function classifyStatus(status: number, headers: Record<string, string>, body: Buffer): Failure | undefined {
  // Any status can carry a challenge (加速乐 answers 521, others 200/202/403/503); a 404 page never is one.
  const challenge = status !== 404 && status !== 410 ? detectChallenge(status, headers, body) : undefined;
  if (challenge) return { class: 'blocked', message: `anti-bot challenge: ${challenge} (HTTP ${status})` };
  if (status === 403) return { class: 'blocked', message: 'HTTP 403 Forbidden' };
  if (status === 429) return { class: 'blocked', message: 'HTTP 429 Too Many Requests' };
  if (status >= 500) return { class: 'http_5xx', message: `HTTP ${status}` };
  if (status >= 400) return { class: 'http_4xx', message: `HTTP ${status}` };
  return undefined;
}

/** Retry-After in ms: delta-seconds or an HTTP date; undefined when absent or unparseable. */
export function parseRetryAfter(v: string | undefined, now = Date.now()): number | undefined {
  if (!v) return undefined;
  const s = v.trim();
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

// ---- fetch -----------------------------------------------------------------------------

function flattenHeaders(raw: Record<string, string | string[] | undefined>): { headers: Record<string, string>; setCookies: string[] } {
  const headers: Record<string, string> = {};
  let setCookies: string[] = [];
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    const name = k.toLowerCase();
    if (name === 'set-cookie') {
      setCookies = Array.isArray(v) ? v : [v];
      continue;
    }
    headers[name] = Array.isArray(v) ? v.join(', ') : v;
  }
  return { headers, setCookies };
}

/** Drops a body we do not want without an unhandled 'error' from the aborted stream. */
function discard(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

const REDIRECT = new Set([301, 302, 303, 307, 308]);

/**
 * Fetches a URL and never throws: every outcome is a FetchResult, failures classified.
 * The timeout covers headers and body of every hop together.
 */
export async function fetchUrl(url: string, opts: FetchOptions = {}): Promise<FetchResult> {
  const startedAt = new Date();
  const t0 = performance.now();
  const method = opts.method ?? 'GET';
  const maxBody = opts.maxBodyBytes ?? 5 * 1024 * 1024;
  const maxRedirects = opts.maxRedirects ?? 10;
  // One controller per fetch, fed by our timer and the crawl's signal. (AbortSignal.any over the
  // crawl's long-lived signal would leave a dependent behind for every request of the crawl.)
  const ctl = new AbortController();
  const signal = ctl.signal;
  const timeout = { aborted: false };
  const timer = setTimeout(() => {
    timeout.aborted = true;
    ctl.abort(new DOMException('request timed out', 'TimeoutError'));
  }, opts.timeoutMs ?? 15_000);
  const onOuterAbort = () => ctl.abort(opts.signal?.reason);
  if (opts.signal?.aborted) ctl.abort(opts.signal.reason);
  else opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const dispatcher = opts.dispatcher ?? sharedAgent(opts.resolve, opts.insecureTls);
  const redirects: RedirectHop[] = [];
  const seen = new Set<string>();
  // Cookies set along a redirect chain are sent on the next hop even without a crawl-wide jar.
  const jar = opts.cookieJar ?? new CookieJar();
  const result: FetchResult = {
    url,
    finalUrl: url,
    redirects,
    status: 0,
    headers: {},
    setCookies: [],
    body: Buffer.alloc(0),
    bytes: 0,
    truncated: false,
    timings: { startedAt: startedAt.toISOString(), totalMs: 0 },
  };
  const done = (failure?: Failure): FetchResult => {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onOuterAbort);
    if (failure) result.failure = failure;
    result.timings.totalMs = Math.round(performance.now() - t0);
    if (opts.signal?.aborted) result.aborted = true;
    return result;
  };

  let current = url;
  let curMethod = method;
  for (;;) {
    let parsed: URL;
    try {
      parsed = new URL(current);
    } catch {
      return done({ class: 'invalid_url', message: `unparseable URL: ${current}` });
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return done({ class: 'invalid_url', message: `unsupported scheme ${parsed.protocol}` });
    parsed.hash = '';
    current = parsed.href;
    result.finalUrl = current;
    const cookie = jar.header(current);
    // Coming back to a URL with a new cookie is a cookie check, not a loop.
    seen.add(`${current}|${cookie ?? ''}`);

    let res: RawResponse;
    const reqHeaders: Record<string, string> = {
      'user-agent': opts.userAgent ?? DEFAULT_UA,
      accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
      'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5',
      'accept-encoding': 'gzip, deflate, br',
      ...(cookie ? { cookie } : {}),
      ...opts.headers,
    };
    try {
      try {
        res = (await request(current, {
          dispatcher,
          method: curMethod,
          signal,
          headers: reqHeaders,
          headersTimeout: opts.timeoutMs ?? 15_000,
          bodyTimeout: opts.timeoutMs ?? 15_000,
        })) as unknown as RawResponse;
      } catch (e) {
        const broken = isProtocolError(e);
        if (!broken) throw e;
        result.protocolWarning = broken;
        res = await lenientRequest(current, curMethod, reqHeaders, signal, opts.resolve, !!opts.insecureTls);
      }
    } catch (e) {
      const f = classifyError(e);
      if (f.class === 'timeout' && opts.signal?.aborted) f.message = 'stopped: crawl budget or stop signal';
      else if (f.class === 'timeout' && timeout.aborted) f.message = `no response within ${opts.timeoutMs ?? 15_000} ms`;
      return done(f);
    }
    if (result.timings.ttfbMs === undefined) result.timings.ttfbMs = Math.round(performance.now() - t0);
    const { headers, setCookies } = flattenHeaders(res.headers as Record<string, string | string[] | undefined>);
    result.status = res.statusCode;
    result.headers = headers;
    result.setCookies = setCookies;
    if (setCookies.length) jar.store(current, setCookies);
    result.contentType = headers['content-type'];
    const ra = parseRetryAfter(headers['retry-after']);
    if (ra !== undefined) result.retryAfterMs = ra;
    else delete result.retryAfterMs;

    if (REDIRECT.has(res.statusCode) && headers['location']) {
      discard(res.body);
      let next: string;
      try {
        next = new URL(headers['location'], current).href;
      } catch {
        return done({ class: 'invalid_url', message: `redirect to an unparseable Location: ${headers['location']}` });
      }
      redirects.push({ url: current, status: res.statusCode, location: headers['location'] });
      const nextNoHash = next.replace(/#.*$/, '');
      if (seen.has(`${nextNoHash}|${jar.header(nextNoHash) ?? ''}`)) return done({ class: 'too_many_redirects', message: `redirect loop back to ${nextNoHash}` });
      if (redirects.length > maxRedirects) return done({ class: 'too_many_redirects', message: `more than ${maxRedirects} redirects` });
      if (res.statusCode === 303 && curMethod !== 'HEAD') curMethod = 'GET';
      current = nextNoHash;
      continue;
    }

    // Body: a small one is always read for a HEAD-less error page (challenge detection), a
    // page's is read up to the cap, a link check's is dropped after the headers.
    const chunks: Buffer[] = [];
    let size = 0;
    const wantBody = curMethod !== 'HEAD' && (!opts.headersOnly || res.statusCode >= 400 || res.statusCode === 202);
    const cap = opts.headersOnly ? 16_384 : maxBody;
    if (wantBody) {
      try {
        for await (const chunk of res.body) {
          const b = chunk as Buffer;
          size += b.length;
          if (size > cap) {
            const keep = b.subarray(0, b.length - (size - cap));
            if (keep.length) chunks.push(keep);
            if (!opts.headersOnly) result.truncated = true;
            break;
          }
          chunks.push(b);
        }
      } catch (e) {
        result.body = Buffer.concat(chunks);
        result.bytes = size;
        const f = classifyError(e);
        if (f.class === 'timeout') f.message = opts.signal?.aborted ? 'stopped: crawl budget or stop signal' : `body not complete within ${opts.timeoutMs ?? 15_000} ms`;
        return done(f);
      } finally {
        if (!res.body.destroyed) discard(res.body);
      }
    } else {
      discard(res.body);
    }
    result.body = Buffer.concat(chunks);
    result.bytes = opts.headersOnly ? Number(headers['content-length'] ?? size) || size : size;
    const encoding = headers['content-encoding']?.trim().toLowerCase();
    if (result.body.length && encoding && /^(?:x-)?(?:gzip|deflate|br)$/.test(encoding)) {
      const z = await decompress(result.body, encoding.replace(/^x-/, ''), cap);
      // A server that labels an uncompressed body as gzip: keep the bytes as they came.
      if (z.body.length || !z.error) result.body = z.body;
      if (z.truncated && !opts.headersOnly) result.truncated = true;
    }
    const f = classifyStatus(res.statusCode, { ...headers, ...(setCookies.length ? { 'set-cookie': setCookies.join('\n') } : {}) }, result.body);
    if (f) return done(f);
    if (result.truncated) return done({ class: 'too_large', message: `body larger than ${cap} bytes; the first ${cap} bytes were kept` });
    return done();
  }
}
