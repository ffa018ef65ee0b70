/**
 * Loopback test servers for the crawler tests: a route table served on 127.0.0.1 port 0,
 * with request logging and live concurrency measurement, plus registry/site builders.
 */
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RegistrySchema, SiteSchema, type Registry, type Site, type CrawlLimits } from '../../model/site.ts';
import type { Store } from '../../store/store.ts';
import type { CrawlEventObservation, LinkCheckObservation, PageObservation, ResourceObservation } from '../../model/observation.ts';

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => unknown;

export interface TestServer {
  server: Server;
  port: number;
  origin: string;
  /** Every request: method, path, Host header, time. */
  requests: Array<{ method: string; path: string; host: string; at: number; headers: IncomingMessage['headers'] }>;
  /** Highest number of requests in flight at once, per Host header. */
  maxInFlight: Map<string, number>;
  close(): Promise<void>;
}

export async function serve(routes: Record<string, Handler> | Handler, fallback?: Handler): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const inFlight = new Map<string, number>();
  const maxInFlight = new Map<string, number>();
  const server = createServer(async (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    requests.push({ method: req.method ?? 'GET', path: url.pathname + url.search, host, at: Date.now(), headers: req.headers });
    const n = (inFlight.get(host) ?? 0) + 1;
    inFlight.set(host, n);
    maxInFlight.set(host, Math.max(maxInFlight.get(host) ?? 0, n));
    const done = () => inFlight.set(host, (inFlight.get(host) ?? 1) - 1);
    res.on('close', done);
    try {
      const h = typeof routes === 'function' ? routes : (routes[url.pathname + url.search] ?? routes[url.pathname] ?? fallback);
      if (!h) {
        res.statusCode = 404;
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end('<html><body>404 页面不存在</body></html>');
        return;
      }
      await h(req, res, url);
    } catch (e) {
      res.statusCode = 500;
      res.end(String(e));
    }
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    origin: `http://127.0.0.1:${port}`,
    requests,
    maxInFlight,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export function html(body: string, opts: { title?: string; head?: string } = {}): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${opts.title ?? '测试页面'}</title>${opts.head ?? ''}</head><body>${body}</body></html>`;
}

export function page(body: string, opts: { title?: string; status?: number; headers?: Record<string, string> } = {}): Handler {
  return (_req, res) => {
    res.statusCode = opts.status ?? 200;
    res.setHeader('content-type', 'text/html; charset=utf-8');
    for (const [k, v] of Object.entries(opts.headers ?? {})) res.setHeader(k, v);
    res.end(html(body, opts));
  };
}

export function makeSite(url: string, limits: CrawlLimits = {}, extra: Partial<Site> = {}): Site {
  return SiteSchema.parse({ id: extra.id ?? 'test-site', name: '测试市人民政府', region: '测试省测试市', level: '市', kind: '门户网站', url, limits, ...extra });
}

export function makeRegistry(sites: Site[], resolve: Record<string, string> = {}, defaults: CrawlLimits = {}): Registry {
  return RegistrySchema.parse({ monitor: { name: 'govmon-test', contactUrl: 'https://example.org/contact' }, defaults, resolve, sites });
}

/** Test servers started by a test file, closed together in its afterAll. */
export function serverPool() {
  const servers: TestServer[] = [];
  return {
    async site(routes: Parameters<typeof serve>[0], fallback?: Parameters<typeof serve>[1]): Promise<TestServer> {
      const s = await serve(routes, fallback);
      servers.push(s);
      return s;
    },
    closeAll: () => Promise.all(servers.map((s) => s.close())),
  };
}

/** A run's observations split by kind, for assertions. */
export async function observationsOf(store: Store, runId: string) {
  const all = await store.observations(runId);
  return {
    pages: all.filter((o): o is PageObservation => o.kind === 'page'),
    links: all.filter((o): o is LinkCheckObservation => o.kind === 'link'),
    events: all.filter((o): o is CrawlEventObservation => o.kind === 'crawl_event'),
    resources: all.filter((o): o is ResourceObservation => o.kind === 'resource'),
  };
}
