/**
 * The farm's HTTP layer: one plain node:http server per portal on 127.0.0.1 (port 0), so
 * each fictitious host has its own port and a closed port can stand for an unreachable site.
 * Pages are built once at start-up into a route table; a few routes are handlers because
 * their answer depends on the request (429 then 200, endless calendars, session ids).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';

export type Charset = 'utf-8' | 'gbk' | 'big5';

export interface FarmResponse {
  status?: number;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  /** Charset a string body is encoded in (default utf-8). */
  encoding?: Charset;
  /** Full Content-Type header; default `text/html; charset=<encoding>`. `null` sends none. */
  contentType?: string | null;
  /** Answer only after this many milliseconds (slow pages, timeouts). */
  delayMs?: number;
  /** Leave out the site-wide headers and cookies (error pages from a front proxy). */
  bare?: boolean;
  /** Stream the body chunked, without Content-Length (as servers do for generated pages). */
  chunked?: boolean;
}

export type Handler = (req: IncomingMessage, url: URL) => FarmResponse | undefined;

export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  at: number;
  userAgent?: string;
}

export interface SiteServerSpec {
  /** Headers on every answer (Server, security headers …). */
  headers: Record<string, string | string[]>;
  /** Set-Cookie values sent with HTML pages. */
  cookies?: string[];
  /** Exact pathname → response (query ignored) or handler. */
  routes: Map<string, FarmResponse | Handler>;
  /** Consulted when no exact route matches (query-driven and endless pages). */
  fallback?: Handler;
  /** gzip text answers when the client accepts it (nginx `gzip on`). */
  gzip?: boolean;
  /** Methods answered 405 (old attachment servlets that only know GET). */
  rejectMethods?: string[];
  notFound(path: string): FarmResponse;
}

export interface RunningServer {
  server: Server;
  port: number;
  requests: RequestRecord[];
  close(): Promise<void>;
}

/** A 1×1 transparent PNG, enough for every logo and banner on the farm. */
export const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** Pathname without `;jsessionid=…` matrix parameters, as Java servlet containers route it. */
export function routeKey(pathname: string): string {
  return pathname.replace(/;[^/]*$/, '');
}

function send(res: ServerResponse, req: IncomingMessage, spec: SiteServerSpec, r: FarmResponse): number {
  const status = r.status ?? 200;
  const enc = r.encoding ?? 'utf-8';
  const body = r.body === undefined ? Buffer.alloc(0) : typeof r.body === 'string' ? iconv.encode(r.body, enc) : r.body;
  const headers: Record<string, string | string[]> = r.bare ? {} : { ...spec.headers };
  const ct = r.contentType === undefined ? `text/html; charset=${enc}` : r.contentType;
  if (ct !== null) headers['Content-Type'] = ct;
  Object.assign(headers, r.headers ?? {});
  if (!r.bare && spec.cookies?.length && /html/.test(String(headers['Content-Type'] ?? ''))) {
    const existing = headers['Set-Cookie'];
    headers['Set-Cookie'] = [...spec.cookies, ...(existing ? ([] as string[]).concat(existing) : [])];
  }
  let payload = body;
  const type = String(headers['Content-Type'] ?? '');
  if (spec.gzip && body.length > 256 && /text|javascript|json|xml/.test(type) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    payload = gzipSync(body);
    headers['Content-Encoding'] = 'gzip';
    headers['Vary'] = 'Accept-Encoding';
  }
  headers['Date'] = new Date().toUTCString();
  if (r.chunked && req.method !== 'HEAD') {
    res.writeHead(status, headers);
    // Write in pieces so the client sees a stream it must cut at its own byte budget.
    const step = 64 * 1024;
    for (let i = 0; i < payload.length; i += step) res.write(payload.subarray(i, i + step));
    res.end();
    return status;
  }
  headers['Content-Length'] = String(payload.length);
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : payload);
  return status;
}

/**
 * Starts one portal's server; with `tls` (PEM key and certificate) it speaks HTTPS. With `port`
 * it tries that port first and falls back to any free one when it is taken.
 */
export async function startSiteServer(spec: SiteServerSpec, tls?: { key: string; cert: string }, port = 0): Promise<RunningServer> {
  if (port) {
    try {
      return await listenSiteServer(spec, tls, port);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' && (e as NodeJS.ErrnoException).code !== 'EACCES') throw e;
    }
  }
  return listenSiteServer(spec, tls, 0);
}

function listenSiteServer(spec: SiteServerSpec, tls: { key: string; cert: string } | undefined, listenPort: number): Promise<RunningServer> {
  const requests: RequestRecord[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://farm.invalid');
    } catch {
      res.writeHead(400).end();
      return;
    }
    let r: FarmResponse | undefined;
    try {
      // Routes are written as the pages link them (Chinese file names unencoded); requests arrive percent-encoded.
      const key = routeKey(url.pathname);
      let decoded = key;
      try {
        decoded = decodeURIComponent(key);
      } catch {
        /* a malformed escape stays as it is */
      }
      const route = spec.routes.get(key) ?? spec.routes.get(decoded);
      r = typeof route === 'function' ? route(req, url) : route;
      if (!r && spec.fallback) r = spec.fallback(req, url);
    } catch (e) {
      r = { status: 500, body: `<h1>500</h1><pre>${String((e as Error).message).replace(/[<&>]/g, '')}</pre>`, bare: true };
    }
    const answer = spec.rejectMethods?.includes(req.method ?? 'GET') && (r?.status ?? 200) < 300 ? { status: 405, headers: { Allow: 'GET, POST' }, body: '', bare: true } : (r ?? spec.notFound(url.pathname));
    const record: RequestRecord = { method: req.method ?? 'GET', path: url.pathname + url.search, status: answer.status ?? 200, at: Date.now(), userAgent: req.headers['user-agent'] };
    requests.push(record);
    if (answer.delayMs) {
      const t = setTimeout(() => {
        timers.delete(t);
        if (!res.destroyed) send(res, req, spec, answer);
      }, answer.delayMs);
      timers.add(t);
      res.on('close', () => {
        clearTimeout(t);
        timers.delete(t);
      });
    } else {
      send(res, req, spec, answer);
    }
  };
  const server: Server = tls ? (createHttpsServer({ key: tls.key, cert: tls.cert }, handle) as unknown as Server) : createServer(handle);
  server.keepAliveTimeout = 5000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        server,
        port,
        requests,
        close: () =>
          new Promise<void>((done) => {
            for (const t of timers) clearTimeout(t);
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** A port that nothing listens on: bind it (`preferred`, or any when that is taken), note it, close it. */
export function closedPort(preferred = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', (e: NodeJS.ErrnoException) => (preferred && (e.code === 'EADDRINUSE' || e.code === 'EACCES') ? closedPort(0).then(resolve, reject) : reject(e)));
    s.listen(preferred, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}
