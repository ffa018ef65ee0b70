/**
 * The security gatherer (N-02, N-03): what a browser would learn about a site's transport
 * security before reading a single page. For every audit it records
 *   - a TlsObservation: the handshake on the site's HTTPS port, the certificate and whether a
 *     browser would trust it (chain, hostname, expiry, self-signed);
 *   - an HttpRedirectObservation for the plain-http:// home URL (is HTTPS enforced?) and one for
 *     the https:// home URL carrying its response headers (HSTS is only honoured over HTTPS, so
 *     the security checks read headers from there when the crawl itself stayed on http);
 *   - a ResourceObservation (role security_txt) for /.well-known/security.txt (RFC 9116).
 *
 * It never judges. Connections honour the registry's `resolve` map (host → IP) so the demo farm's
 * fictitious *.gov.cn hosts reach loopback, while SNI and Host still carry the real name.
 */
import tls from 'node:tls';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { LookupFunction } from 'node:net';
import type { Failure, FailureClass, HttpRedirectObservation, RedirectHop, ResourceObservation, TlsObservation } from '../model/observation.ts';
import type { Gatherer, GatherContext } from './gatherer.ts';

export interface SecurityGathererOptions {
  /** Port for the TLS handshake and the https:// URL; default: the site URL's port when it is https, else 443. */
  httpsPort?: number;
  /** Port for the plain-http:// URL; default: the site URL's port when it is http, else 80. */
  httpPort?: number;
  /** Per-connection timeout; default: the site's limits.timeoutSeconds. */
  timeoutMs?: number;
  /** Extra trusted CA certificates (PEM), added to Node's bundle, e.g. a national root missing from it. */
  extraCa?: string[];
  /** Redirect hops followed before giving up (too_many_redirects). */
  maxRedirects?: number;
}

const BODY_CAP = 64 * 1024;

const LEGACY_TLS = { minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' } as const;

/** Maps a Node network error onto the shared failure taxonomy (model/observation.ts). */
export function classifyNetError(e: unknown): Failure {
  const err = e as NodeJS.ErrnoException;
  const code = err?.code ?? '';
  const message = err?.message ?? String(e);
  let cls: FailureClass = 'connection';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') cls = 'dns';
  else if (code === 'ECONNREFUSED') cls = 'refused';
  else if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(message)) cls = 'reset';
  else if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || code === 'ABORT_ERR' || /timed? ?out/i.test(message)) cls = 'timeout';
  else if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || /CERT|SSL|TLS/.test(code) || /SSL routines|handshake/i.test(message)) cls = 'tls';
  else if (code === 'ERR_INVALID_URL') cls = 'invalid_url';
  return { class: cls, message, ...(code ? { code } : {}) };
}

/** A `lookup` that answers from the registry's resolve map first (like curl --resolve). */
export function resolvingLookup(resolve: Record<string, string>): LookupFunction {
  return ((hostname: string, options: unknown, callback: unknown) => {
    const cb = (typeof options === 'function' ? options : callback) as (...a: unknown[]) => void;
    const opts = (typeof options === 'object' && options ? options : {}) as { all?: boolean };
    const ip = resolve[hostname.toLowerCase()];
    if (ip) {
      const family = net.isIPv6(ip) ? 6 : 4;
      if (opts.all) cb(null, [{ address: ip, family }]);
      else cb(null, ip, family);
      return;
    }
    import('node:dns').then((dns) => dns.lookup(hostname, opts as never, cb as never));
  }) as LookupFunction;
}

function isoDate(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function dnText(dn: unknown): string | undefined {
  if (!dn || typeof dn !== 'object') return undefined;
  return Object.entries(dn as Record<string, string | string[]>)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
    .join(', ');
}

export interface TlsProbeInput {
  host: string;
  port: number;
  /** Address to connect to (from the resolve map); defaults to `host`. */
  address?: string;
  timeoutMs: number;
  ca?: string[];
  signal?: AbortSignal;
  now?: Date;
}

/** One TLS handshake with SNI, never rejecting the certificate so it can be described. */
export function probeTls(input: TlsProbeInput): Promise<TlsObservation> {
  const at = (input.now ?? new Date()).toISOString();
  const base: TlsObservation = { kind: 'tls', at, url: `https://${input.host}:${input.port}/`, host: input.host, port: input.port, offered: false };
  return new Promise((resolve) => {
    let done = false;
    const finish = (o: TlsObservation) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      input.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(o);
    };
    const secureContext = input.ca?.length ? tls.createSecureContext({ ca: [...tls.rootCertificates, ...input.ca], ...LEGACY_TLS }) : undefined;
    const socket = tls.connect({
      host: input.address ?? input.host,
      port: input.port,
      // SNI must not be an IP literal (RFC 6066); Node warns and some servers reset.
      servername: net.isIP(input.host) ? undefined : input.host,
      rejectUnauthorized: false,
      secureContext,
      ALPNProtocols: ['http/1.1'],
      // Accept the old protocols and ciphers browsers have dropped, so a TLS 1.0-only portal is
      // described as such (security.certificate flags it) instead of looking like "no HTTPS".
      ...LEGACY_TLS,
    });
    const timer = setTimeout(() => finish({ ...base, failure: { class: 'timeout', message: `no TLS handshake within ${input.timeoutMs} ms` } }), input.timeoutMs);
    const onAbort = () => finish({ ...base, failure: { class: 'timeout', message: 'aborted: site time budget ran out' } });
    input.signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('error', (e) => finish({ ...base, failure: classifyNetError(e) }));
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate(true);
      const hasCert = cert && Object.keys(cert).length > 0;
      const authErr = socket.authorizationError ? String((socket.authorizationError as unknown as { code?: string }).code ?? socket.authorizationError) : undefined;
      if (!hasCert) {
        finish({ ...base, offered: true, authorized: false, authorizationError: authErr ?? 'NO_PEER_CERTIFICATE', protocol: socket.getProtocol() ?? undefined });
        return;
      }
      const validTo = isoDate(cert.valid_to);
      const nowMs = (input.now ?? new Date()).getTime();
      const sans = (cert.subjectaltname ?? '')
        .split(/,\s*/)
        .map((s) => s.trim())
        .filter(Boolean);
      const hostnameMatch = tls.checkServerIdentity(input.host, cert) === undefined;
      const issuerIsSelf = cert.issuerCertificate ? cert.issuerCertificate.fingerprint256 === cert.fingerprint256 : false;
      const selfSigned = issuerIsSelf || authErr === 'DEPTH_ZERO_SELF_SIGNED_CERT' || dnText(cert.issuer) === dnText(cert.subject);
      finish({
        ...base,
        offered: true,
        authorized: socket.authorized,
        ...(authErr ? { authorizationError: authErr } : {}),
        protocol: socket.getProtocol() ?? undefined,
        subject: dnText(cert.subject),
        issuer: dnText(cert.issuer),
        subjectAltNames: sans,
        validFrom: isoDate(cert.valid_from),
        validTo,
        daysToExpiry: validTo ? Math.floor((Date.parse(validTo) - nowMs) / 86_400_000) : undefined,
        hostnameMatch,
        selfSigned,
      });
    });
  });
}

interface HttpResult {
  url: string;
  raw?: Buffer;
  finalUrl: string;
  status: number;
  redirects: RedirectHop[];
  headers: Record<string, string>;
  setCookies: string[];
  contentType?: string;
  body?: string;
  failure?: Failure;
}

interface GetOptions {
  timeoutMs: number;
  lookup: LookupFunction;
  userAgent: string;
  maxRedirects: number;
  ca?: string[];
  signal?: AbortSignal;
  readBody?: boolean;
  /** Largest body kept when reading (default 64 KiB). */
  bodyCap?: number;
}

function getOnce(url: URL, o: GetOptions): Promise<{ status: number; headers: http.IncomingHttpHeaders; body?: string; raw?: Buffer }> {
  return new Promise((resolve, reject) => {
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.request(
      url,
      {
        method: 'GET',
        lookup: o.lookup,
        headers: { 'user-agent': o.userAgent, accept: '*/*', 'accept-encoding': 'identity' },
        timeout: o.timeoutMs,
        signal: o.signal,
        // We describe the transport separately (TlsObservation); here we want the headers even
        // behind a certificate a browser would refuse, so a site is not scored twice for one fault.
        rejectUnauthorized: false,
        ...LEGACY_TLS,
        ...(o.ca?.length ? { ca: [...tls.rootCertificates, ...o.ca] } : {}),
        servername: net.isIP(url.hostname) ? undefined : url.hostname,
      } as https.RequestOptions,
      (res) => {
        const status = res.statusCode ?? 0;
        if (!o.readBody || (status >= 300 && status < 400)) {
          // Only the status and headers matter here: never download a home page twice.
          resolve({ status, headers: res.headers });
          res.destroy();
          return;
        }
        const cap = o.bodyCap ?? BODY_CAP;
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < cap) chunks.push(c);
          size += c.length;
          if (size >= cap) res.destroy();
        });
        const done = () => {
          const raw = Buffer.concat(chunks).subarray(0, cap);
          resolve({ status, headers: res.headers, body: raw.toString('utf8'), raw });
        };
        res.on('end', done);
        res.on('close', done);
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no response within ${o.timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end();
  });
}

function flatHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (k === 'set-cookie' || v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** GET with manual redirect following, so every hop is recorded. */
export async function getFollowing(start: string, o: GetOptions): Promise<HttpResult> {
  const redirects: RedirectHop[] = [];
  const seen = new Set<string>();
  let url: URL;
  try {
    url = new URL(start);
  } catch (e) {
    return { url: start, finalUrl: start, status: 0, redirects, headers: {}, setCookies: [], failure: { class: 'invalid_url', message: (e as Error).message } };
  }
  for (let hop = 0; ; hop++) {
    let res: Awaited<ReturnType<typeof getOnce>>;
    try {
      res = await getOnce(url, o);
    } catch (e) {
      return { url: start, finalUrl: url.href, status: 0, redirects, headers: {}, setCookies: [], failure: classifyNetError(e) };
    }
    const loc = res.headers.location;
    if (res.status >= 300 && res.status < 400 && loc) {
      let next: URL;
      try {
        next = new URL(loc, url);
      } catch {
        return { url: start, finalUrl: url.href, status: res.status, redirects, headers: flatHeaders(res.headers), setCookies: res.headers['set-cookie'] ?? [], failure: { class: 'invalid_url', message: `unparseable Location: ${loc}` } };
      }
      redirects.push({ url: url.href, status: res.status, location: next.href });
      if (hop + 1 > o.maxRedirects || seen.has(next.href)) {
        return {
          url: start,
          finalUrl: next.href,
          status: res.status,
          redirects,
          headers: flatHeaders(res.headers),
          setCookies: res.headers['set-cookie'] ?? [],
          failure: { class: 'too_many_redirects', message: seen.has(next.href) ? `redirect loop at ${next.href}` : `more than ${o.maxRedirects} redirects` },
        };
      }
      seen.add(url.href);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        return { url: start, finalUrl: next.href, status: res.status, redirects, headers: flatHeaders(res.headers), setCookies: [], failure: { class: 'invalid_url', message: `redirect to unsupported scheme ${next.protocol}` } };
      }
      url = next;
      continue;
    }
    const headers = flatHeaders(res.headers);
    let failure: Failure | undefined;
    if (res.status === 403 || res.status === 429) failure = { class: 'blocked', message: `HTTP ${res.status}` };
    else if (res.status >= 500) failure = { class: 'http_5xx', message: `HTTP ${res.status}` };
    else if (res.status >= 400) failure = { class: 'http_4xx', message: `HTTP ${res.status}` };
    return {
      url: start,
      finalUrl: url.href,
      status: res.status,
      redirects,
      headers,
      setCookies: res.headers['set-cookie'] ?? [],
      contentType: headers['content-type'],
      body: res.body,
      raw: res.raw,
      ...(failure ? { failure } : {}),
    };
  }
}

/** Percent, \xNN and \uNNNN escapes as `unescape()` / JS string literals write them. */
function unescapeScript(s: string): string {
  return s
    .replace(/%u([0-9a-f]{4})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\\u([0-9a-f]{4})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\\x([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/(?:%[0-9a-f]{2})+/gi, (m) => {
      try {
        return decodeURIComponent(m);
      } catch {
        return m.replace(/%([0-9a-f]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
      }
    });
}

const MARKERS = /conac|_ideConac|ICP备|公网安备|网站标识码|beian|jiucuo|wza|无障碍|关怀|适老/i;

/**
 * The text of a page's inline scripts, escapes decoded, the blocks mentioning an identity
 * mark first, capped at 64 KiB: enough for checks to find a script-written 党政机关 badge.
 */
export function inlineScriptText(html: string, cap = BODY_CAP): string {
  const blocks: string[] = [];
  const re = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (/\bsrc\s*=/i.test(m[1])) continue;
    const body = m[2].trim();
    if (body) blocks.push(unescapeScript(body));
  }
  blocks.sort((a, b) => Number(MARKERS.test(b)) - Number(MARKERS.test(a)));
  let out = '';
  for (const b of blocks) {
    if (out.length + b.length + 1 > cap) {
      if (!out) out = b.slice(0, cap);
      break;
    }
    out += (out ? '\n' : '') + b;
  }
  return out;
}

/** The http:// and https:// forms of the site's home URL, with the ports the gatherer should use. */
export function homeUrls(siteUrl: string, opts: Pick<SecurityGathererOptions, 'httpPort' | 'httpsPort'> = {}): { host: string; httpUrl: string; httpsUrl: string; httpsPort: number } {
  const u = new URL(siteUrl);
  const explicit = u.port ? Number(u.port) : undefined;
  const httpsPort = opts.httpsPort ?? (u.protocol === 'https:' && explicit ? explicit : 443);
  const httpPort = opts.httpPort ?? (u.protocol === 'http:' && explicit ? explicit : 80);
  const path = u.pathname + u.search;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const hostPart = u.hostname; // keeps IPv6 brackets
  const httpUrl = `http://${hostPart}${httpPort === 80 ? '' : `:${httpPort}`}${path}`;
  const httpsUrl = `https://${hostPart}${httpsPort === 443 ? '' : `:${httpsPort}`}${path}`;
  return { host, httpUrl, httpsUrl, httpsPort };
}

function sameHostFamily(a: string, b: string): boolean {
  const strip = (h: string) => h.toLowerCase().replace(/^www\./, '');
  return strip(a) === strip(b);
}

export function createSecurityGatherer(options: SecurityGathererOptions = {}): Gatherer {
  return {
    id: 'security',
    kind: 'crawl',
    description: 'TLS handshake and certificate, HTTP→HTTPS redirect, HTTPS response headers and /.well-known/security.txt (N-02, N-03)',
    async gather(ctx: GatherContext): Promise<void> {
      const log = ctx.log.child({ gatherer: 'security', siteId: ctx.site.id });
      let urls: ReturnType<typeof homeUrls>;
      try {
        urls = homeUrls(ctx.site.url, options);
      } catch (e) {
        log.warn({ err: (e as Error).message }, 'site URL unusable for the security gatherer');
        return;
      }
      const timeoutMs = options.timeoutMs ?? ctx.limits.timeoutSeconds * 1000;
      const resolveMap = Object.fromEntries(Object.entries(ctx.registry.resolve ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
      const lookup = resolvingLookup(resolveMap);
      const getOpts: GetOptions = {
        timeoutMs,
        lookup,
        userAgent: ctx.userAgent,
        maxRedirects: options.maxRedirects ?? 10,
        ca: options.extraCa,
        signal: ctx.signal,
      };

      const probed = new Map<string, TlsObservation>();
      const probe = async (host: string, port: number): Promise<TlsObservation> => {
        const key = `${host.toLowerCase()}:${port}`;
        const seen = probed.get(key);
        if (seen) return seen;
        const o = await probeTls({ host, port, address: resolveMap[host.toLowerCase()], timeoutMs, ca: options.extraCa, signal: ctx.signal });
        probed.set(key, o);
        ctx.emit(o);
        log.debug({ host, port, offered: o.offered, authorized: o.authorized, failure: o.failure?.class }, 'tls probed');
        return o;
      };
      const httpsEndpoint = (url: string): { host: string; port: number } | undefined => {
        try {
          const u = new URL(url);
          return u.protocol === 'https:' ? { host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port ? Number(u.port) : 443 } : undefined;
        } catch {
          return undefined;
        }
      };

      const tlsObs = await probe(urls.host, urls.httpsPort);

      const httpRes = await getFollowing(urls.httpUrl, getOpts);
      const endsOnHttps = !httpRes.failure && /^https:/i.test(httpRes.finalUrl) && sameHostFamily(new URL(httpRes.finalUrl).hostname, urls.host);
      const redirectObs: HttpRedirectObservation = {
        kind: 'http_redirect',
        at: new Date().toISOString(),
        url: httpRes.url,
        status: httpRes.status,
        redirects: httpRes.redirects,
        finalUrl: httpRes.finalUrl,
        endsOnHttps,
        headers: httpRes.headers,
        setCookies: httpRes.setCookies,
        ...(httpRes.failure ? { failure: httpRes.failure } : {}),
      };
      ctx.emit(redirectObs);

      // Sites often answer on the bare domain and send visitors to www (or the reverse): the
      // certificate that matters is the one of the host a browser ends on, so probe that one too.
      const landed = httpsEndpoint(httpRes.finalUrl);
      if (landed) await probe(landed.host, landed.port);
      const httpsStart = tlsObs.offered ? urls.httpsUrl : landed ? httpRes.finalUrl : undefined;
      let httpsFinal: string | undefined;
      if (httpsStart) {
        const httpsRes = await getFollowing(httpsStart, getOpts);
        ctx.emit({
          kind: 'http_redirect',
          at: new Date().toISOString(),
          url: httpsRes.url,
          status: httpsRes.status,
          redirects: httpsRes.redirects,
          finalUrl: httpsRes.finalUrl,
          endsOnHttps: !httpsRes.failure && /^https:/i.test(httpsRes.finalUrl),
          headers: httpsRes.headers,
          setCookies: httpsRes.setCookies,
          ...(httpsRes.failure ? { failure: httpsRes.failure } : {}),
        });
        const end = httpsEndpoint(httpsRes.finalUrl);
        if (end && httpsRes.status > 0) {
          await probe(end.host, end.port);
          httpsFinal = httpsRes.finalUrl;
        }
      }

      // The home page's inline scripts, for identity marks written by document.write (S-05).
      const homeStart = httpsFinal ?? (!httpRes.failure ? httpRes.finalUrl : ctx.site.url);
      const homeRes = await getFollowing(homeStart, { ...getOpts, readBody: true, bodyCap: ctx.limits.maxBodyBytes });
      if (homeRes.raw && homeRes.status >= 200 && homeRes.status < 300) {
        let text = '';
        try {
          const { decodeBody } = await import('./decode.ts');
          text = inlineScriptText(decodeBody(homeRes.raw, homeRes.contentType).text);
        } catch (e) {
          log.debug({ err: (e as Error).message }, 'home page could not be decoded for inline scripts');
        }
        ctx.emit({ kind: 'resource', at: new Date().toISOString(), url: homeRes.finalUrl, role: 'home_scripts', status: homeRes.status, ...(homeRes.contentType ? { contentType: homeRes.contentType } : {}), body: text });
      } else {
        ctx.emit({ kind: 'resource', at: new Date().toISOString(), url: homeRes.url, role: 'home_scripts', status: homeRes.status, ...(homeRes.failure ? { failure: homeRes.failure } : {}) });
      }

      // RFC 9116: security.txt lives under the HTTPS origin; fall back to http when HTTPS is absent.
      const origin = new URL(httpsFinal ?? (tlsObs.offered ? urls.httpsUrl : urls.httpUrl)).origin;
      const txt = await getFollowing(`${origin}/.well-known/security.txt`, { ...getOpts, readBody: true });
      const resource: ResourceObservation = {
        kind: 'resource',
        at: new Date().toISOString(),
        url: txt.url,
        role: 'security_txt',
        status: txt.status,
        ...(txt.failure ? { failure: txt.failure } : {}),
        ...(txt.contentType ? { contentType: txt.contentType } : {}),
        ...(txt.body !== undefined && txt.status >= 200 && txt.status < 300 ? { body: txt.body } : {}),
      };
      ctx.emit(resource);
    },
  };
}

export const securityGatherer: Gatherer = createSecurityGatherer();
