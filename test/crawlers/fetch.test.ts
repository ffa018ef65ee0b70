import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import { fetchUrl, closeAgents, parseRetryAfter, detectChallenge } from '../../crawlers/fetch.ts';
import { serve, page, type TestServer } from './helpers.ts';

let srv: TestServer;
let resetSrv: NetServer;
let resetPort: number;
let bodyBytesSent = 0;
const SIZE = 64 * 1024 * 1024;

beforeAll(async () => {
  srv = await serve({
    '/ok': page('<p>你好</p>', { headers: { 'set-cookie': 'a=1; HttpOnly', 'X-Custom': 'Yes' } }),
    '/notfound': page('gone', { status: 404 }),
    '/gone': page('gone', { status: 410 }),
    '/error': page('boom', { status: 500 }),
    '/forbidden': page('no', { status: 403 }),
    '/ratelimit': page('slow down', { status: 429, headers: { 'retry-after': '7' } }),
    '/jsl': (_q, res) => {
      res.statusCode = 521;
      res.setHeader('content-type', 'text/html');
      res.end('<script>document.cookie="__jsl_clearance=1586;max-age=3600;path=/";location.href=location.pathname</script>');
    },
    '/challenge200': (_q, res) => {
      res.setHeader('content-type', 'text/html; charset=gbk');
      res.end(iconv.encode('<html><body><p>请开启JavaScript并刷新该页</p></body></html>', 'gbk'));
    },
    '/waf503': (_q, res) => {
      res.statusCode = 503;
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end('<html><body><h1>您的访问被拒绝</h1><p>安全狗拦截</p></body></html>');
    },
    '/cf': (_q, res) => {
      res.statusCode = 503;
      res.setHeader('content-type', 'text/html');
      res.end('<html><head><title>Just a moment...</title></head><body><form id="challenge-form" action="/?__cf_chl_f_tk=x"></form></body></html>');
    },
    '/loop-a': (_q, res) => {
      res.statusCode = 302;
      res.setHeader('location', '/loop-b');
      res.end();
    },
    '/loop-b': (_q, res) => {
      res.statusCode = 301;
      res.setHeader('location', '/loop-a');
      res.end();
    },
    '/chain': (_q, res) => {
      res.statusCode = 301;
      res.setHeader('location', '/chain2');
      res.end();
    },
    '/chain2': (_q, res) => {
      res.statusCode = 302;
      res.setHeader('location', '/ok#frag');
      res.end();
    },
    '/big': (_q, res) => {
      res.setHeader('content-type', 'text/html');
      res.end('<html>' + 'x'.repeat(300_000) + '</html>');
    },
    '/hang': () => {
      /* never answers */
    },
    '/slow-body': (_q, res) => {
      res.setHeader('content-type', 'text/html');
      res.write('<html>');
      // the rest never comes
    },
    '/gzip': (_q, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader('content-encoding', 'gzip');
      res.end(zlib.gzipSync(Buffer.from('<html><body>压缩的页面 gzip</body></html>')));
    },
    '/deflate': (_q, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader('content-encoding', 'deflate');
      res.end(zlib.deflateSync(Buffer.from('<html><body>压缩的页面 deflate</body></html>')));
    },
    '/br': (_q, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader('content-encoding', 'br');
      res.end(zlib.brotliCompressSync(Buffer.from('<html><body>压缩的页面 br</body></html>')));
    },
    '/gzip-bomb': (_q, res) => {
      res.setHeader('content-type', 'text/html');
      res.setHeader('content-encoding', 'gzip');
      res.end(zlib.gzipSync(Buffer.alloc(5_000_000, 0x20)));
    },
    '/cookie-check': (req, res) => {
      // A load balancer that sets a cookie and sends the browser back to the same URL.
      if (!/lb=ok/.test(req.headers.cookie ?? '')) {
        res.statusCode = 302;
        res.setHeader('set-cookie', 'lb=ok; Path=/; HttpOnly');
        res.setHeader('location', '/cookie-check');
        return res.end();
      }
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end('<html><body>通过</body></html>');
    },
    '/attachment.pdf': (req, res) => {
      res.setHeader('content-type', 'application/pdf');
      res.setHeader('content-length', String(SIZE));
      if (req.method === 'HEAD') return res.end();
      const chunk = Buffer.alloc(64 * 1024, 1);
      let sent = 0;
      let closed = false;
      res.on('close', () => (closed = true));
      const pump = () => {
        while (sent < SIZE && !closed) {
          sent += chunk.length;
          bodyBytesSent += chunk.length;
          if (!res.write(chunk)) return res.once('drain', pump);
        }
        res.end();
      };
      pump();
    },
  });
  resetSrv = createNetServer((sock) => sock.once('data', () => sock.destroy()));
  await new Promise<void>((r) => resetSrv.listen(0, '127.0.0.1', r));
  resetPort = (resetSrv.address() as AddressInfo).port;
});

afterAll(async () => {
  await srv.close();
  resetSrv.close();
  await closeAgents();
});

describe('fetchUrl', () => {
  it('returns status, lower-cased headers, set-cookie apart, timings and body', async () => {
    const r = await fetchUrl(`${srv.origin}/ok`);
    expect(r.failure).toBeUndefined();
    expect(r.status).toBe(200);
    expect(r.headers['x-custom']).toBe('Yes');
    expect(r.headers['set-cookie']).toBeUndefined();
    expect(r.setCookies).toEqual(['a=1; HttpOnly']);
    expect(r.contentType).toMatch(/text\/html/);
    expect(r.body.toString('utf8')).toContain('你好');
    expect(r.timings.ttfbMs).toBeGreaterThanOrEqual(0);
    expect(r.timings.totalMs).toBeGreaterThanOrEqual(r.timings.ttfbMs!);
  });

  it('follows redirects by hand and records the whole chain', async () => {
    const r = await fetchUrl(`${srv.origin}/chain`);
    expect(r.failure).toBeUndefined();
    expect(r.redirects.map((h) => [h.status, h.location])).toEqual([
      [301, '/chain2'],
      [302, '/ok#frag'],
    ]);
    expect(r.finalUrl).toBe(`${srv.origin}/ok`);
  });

  it('inflates gzip, deflate and br bodies, with the byte cap applied to the inflated size', async () => {
    for (const enc of ['gzip', 'deflate', 'br']) {
      const r = await fetchUrl(`${srv.origin}/${enc}`);
      expect(r.failure, enc).toBeUndefined();
      expect(r.body.toString('utf8')).toContain(`压缩的页面 ${enc}`);
      expect(srv.requests.at(-1)?.headers['accept-encoding']).toMatch(/gzip/);
    }
    const bomb = await fetchUrl(`${srv.origin}/gzip-bomb`, { maxBodyBytes: 100_000 });
    expect(bomb.failure?.class).toBe('too_large');
    expect(bomb.body.length).toBe(100_000);
  });

  it('follows a cookie-check redirect back to the same URL instead of calling it a loop', async () => {
    const r = await fetchUrl(`${srv.origin}/cookie-check`);
    expect(r.failure).toBeUndefined();
    expect(r.redirects).toHaveLength(1);
    expect(r.body.toString('utf8')).toContain('通过');
  });

  it('classifies a redirect loop and an over-long chain as too_many_redirects', async () => {
    const loop = await fetchUrl(`${srv.origin}/loop-a`);
    expect(loop.failure?.class).toBe('too_many_redirects');
    expect(loop.failure?.message).toMatch(/loop/);
    const short = await fetchUrl(`${srv.origin}/chain`, { maxRedirects: 1 });
    expect(short.failure?.class).toBe('too_many_redirects');
  });

  it('maps HTTP statuses: 404/410 → http_4xx, 500 → http_5xx, 403/429 → blocked', async () => {
    expect((await fetchUrl(`${srv.origin}/notfound`)).failure?.class).toBe('http_4xx');
    expect((await fetchUrl(`${srv.origin}/gone`)).failure?.class).toBe('http_4xx');
    expect((await fetchUrl(`${srv.origin}/error`)).failure?.class).toBe('http_5xx');
    expect((await fetchUrl(`${srv.origin}/forbidden`)).failure?.class).toBe('blocked');
    const rl = await fetchUrl(`${srv.origin}/ratelimit`);
    expect(rl.failure?.class).toBe('blocked');
    expect(rl.retryAfterMs).toBe(7000);
  });

  it('recognises WAF and anti-bot challenge pages as blocked even with 200 or 503', async () => {
    const jsl = await fetchUrl(`${srv.origin}/jsl`);
    expect(jsl.failure?.class).toBe('blocked');
    expect(jsl.failure?.message).toMatch(/加速乐/);
    const c200 = await fetchUrl(`${srv.origin}/challenge200`);
    expect(c200.status).toBe(200);
    expect(c200.failure?.class).toBe('blocked');
    const waf = await fetchUrl(`${srv.origin}/waf503`);
    expect(waf.failure?.class).toBe('blocked');
    const cf = await fetchUrl(`${srv.origin}/cf`);
    expect(cf.failure?.class).toBe('blocked');
    expect(cf.failure?.message).toMatch(/Cloudflare/);
  });

  it('does not mistake a long article that mentions 访问被拒绝 for a challenge', () => {
    const article = Buffer.from(`<html><body><p>据报道，部分用户反映访问被拒绝。</p>${'<p>正文内容。</p>'.repeat(2000)}</body></html>`);
    expect(detectChallenge(200, {}, article)).toBeUndefined();
  });

  it('classifies DNS failure, refused connection, reset, TLS to a plain port and timeouts', async () => {
    const dns = await fetchUrl('http://no-such-host.invalid/');
    expect(dns.failure?.class).toBe('dns');
    expect(dns.status).toBe(0);

    const closed = createNetServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const refused = await fetchUrl(`http://127.0.0.1:${closedPort}/`);
    expect(refused.failure?.class).toBe('refused');
    expect(refused.failure?.code).toBe('ECONNREFUSED');

    const reset = await fetchUrl(`http://127.0.0.1:${resetPort}/`);
    expect(reset.failure?.class).toBe('reset');

    const tls = await fetchUrl(`https://127.0.0.1:${srv.port}/ok`, { timeoutMs: 5000 });
    expect(tls.failure?.class).toBe('tls');

    const t0 = Date.now();
    const hang = await fetchUrl(`${srv.origin}/hang`, { timeoutMs: 400 });
    expect(hang.failure?.class).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(3000);

    const slow = await fetchUrl(`${srv.origin}/slow-body`, { timeoutMs: 400 });
    expect(slow.failure?.class).toBe('timeout');
    expect(slow.status).toBe(200);
  });

  it('reads responses that break HTTP/1.1 the way browsers do, and says so', async () => {
    const raw: Record<string, string> = {
      'te-and-cl': 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
      'bare-lf': 'HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Length: 5\n\nhello',
    };
    for (const [name, response] of Object.entries(raw)) {
      const bad = createNetServer((sock) => sock.once('data', () => sock.end(response)));
      await new Promise<void>((r) => bad.listen(0, '127.0.0.1', r));
      const r = await fetchUrl(`http://127.0.0.1:${(bad.address() as AddressInfo).port}/`, { timeoutMs: 3000 });
      bad.close();
      expect(r.failure, name).toBeUndefined();
      expect(r.status).toBe(200);
      expect(r.body.toString()).toBe('hello');
      expect(r.protocolWarning).toBeTruthy();
    }
  });

  it('caps the body at maxBodyBytes, keeps what was read and flags too_large', async () => {
    const r = await fetchUrl(`${srv.origin}/big`, { maxBodyBytes: 10_000 });
    expect(r.failure?.class).toBe('too_large');
    expect(r.truncated).toBe(true);
    expect(r.body.length).toBe(10_000);
    expect(r.status).toBe(200);
  });

  it('headers-only GET never downloads a whole attachment', async () => {
    bodyBytesSent = 0;
    const r = await fetchUrl(`${srv.origin}/attachment.pdf`, { headersOnly: true });
    expect(r.status).toBe(200);
    expect(r.body.length).toBe(0);
    expect(r.bytes).toBe(SIZE);
    await new Promise((res) => setTimeout(res, 300));
    // The server stops once we hang up: at most what the socket buffers held, not 64 MiB.
    expect(bodyBytesSent).toBeLessThan(SIZE / 4);
    const head = await fetchUrl(`${srv.origin}/attachment.pdf`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(srv.requests.at(-1)?.method).toBe('HEAD');
  });

  it('reaches a fictitious .gov.cn host through the resolve map, keeping the Host header', async () => {
    const r = await fetchUrl(`http://www.fictional-city.gov.cn:${srv.port}/ok`, { resolve: { 'www.fictional-city.gov.cn': '127.0.0.1' } });
    expect(r.failure).toBeUndefined();
    expect(srv.requests.at(-1)?.host).toBe('www.fictional-city.gov.cn');
  });

  it('an aborted crawl signal is reported as aborted, not as the site timing out', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const r = await fetchUrl(`${srv.origin}/hang`, { signal: ac.signal, timeoutMs: 5000 });
    expect(r.aborted).toBe(true);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
