/**
 * Availability probes of a home page (V-01 veto, D-01 deduction, V-01w early warnings).
 *
 * The rule: "监测1周，每天间隔性访问20次以上，超过（含）15秒网站仍打不开的次数累计占比超过（含）5%".
 * A probe therefore fails when the full response has not arrived 15 s after it started,
 * and (our reading, cn-indicators V-01 ❓) on DNS, TCP or TLS errors, on HTTP ≥ 400 and on an
 * empty body. A WAF refusal is recorded as `blocked`: the site may be fine, so availability
 * checks leave it out of the ratio.
 *
 * Each probe opens a fresh connection (no keep-alive) on node:http/https, because what is
 * measured is what a first-time visitor gets: DNS, TCP connect, TLS handshake and first byte
 * are timed from the socket's own events. Redirects (http → https, / → /index.html) are
 * followed within the same 15 s budget; phase timings are those of the hop that answered.
 *
 * Storage choice: one run of kind `probe` per probe. With the scheduler's job id passed to
 * store.createRun, a retried job finds its run again and writes the result once. A shared
 * per-site-per-day run was rejected: createRun's retry path clears an unfinished run, which
 * would wipe the day's earlier probes.
 */
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import type { Failure, ProbeObservation, Timings } from '../model/observation.ts';
import type { Registry, Site } from '../model/site.ts';
import { userAgent as registryUserAgent } from '../model/site.ts';
import type { Gatherer } from './gatherer.ts';
import type { RunRecord, Store } from '../store/store.ts';
import { classifyError, classifyStatus, makeLookup } from './fetch.ts';
import { log } from '../lib/log.ts';

export interface ProbeOptions {
  /** Whole-probe budget: 15 s is the V-01 rule ("超过（含）15秒网站仍打不开"). */
  timeoutMs?: number;
  /** Host → IP overrides (registry.resolve). */
  resolve?: Record<string, string>;
  userAgent?: string;
  /** Force IPv4 or IPv6 (IPv6 reachability is scored separately by some provinces). */
  family?: 4 | 6;
  maxRedirects?: number;
  /** Bytes read at most; the probe only needs to know the page arrived whole. */
  maxBodyBytes?: number;
  signal?: AbortSignal;
  /** Extra trusted CA certificates (PEM), for portals on a private PKI such as an intranet 政务外网. */
  ca?: string | string[];
}

const DEFAULT_UA = 'govmon/0.1 (availability probe)';
const REDIRECT = new Set([301, 302, 303, 307, 308]);
// Enough to recognise a challenge page and to tell an empty page from a real one.
const SNIFF_BYTES = 64 * 1024;

interface HopResult {
  status: number;
  headers: Record<string, string>;
  location?: string;
  bytes: number;
  head: Buffer;
  timings: Omit<Timings, 'startedAt' | 'totalMs'>;
  ip?: string;
  family?: 4 | 6;
  failure?: Failure;
  /** Body not read to the end (cap reached). */
  capped?: boolean;
}

function hop(url: URL, opts: ProbeOptions, deadline: number, signal: AbortSignal): Promise<HopResult> {
  return new Promise((resolvePromise) => {
    const t0 = performance.now();
    const timings: HopResult['timings'] = {};
    let ip: string | undefined;
    let family: 4 | 6 | undefined;
    let done = false;
    const lookup = makeLookup(opts.resolve ?? {});
    const mod = url.protocol === 'https:' ? https : http;
    const maxBody = opts.maxBodyBytes ?? 10 * 1024 * 1024;

    const finish = (r: Omit<HopResult, 'timings' | 'ip' | 'family'>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolvePromise({ ...r, timings, ip, family });
    };
    const fail = (failure: Failure) => finish({ status: 0, headers: {}, bytes: 0, head: Buffer.alloc(0), failure });

    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    const req = mod.request(
      {
        protocol: url.protocol,
        hostname,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        agent: false,
        lookup: makeLookupTimed(lookup, timings, t0) as never,
        family: opts.family,
        servername: isIP(hostname) ? undefined : hostname,
        ...(opts.ca ? { ca: [...rootCertificates, ...(Array.isArray(opts.ca) ? opts.ca : [opts.ca])] } : {}),
        headers: {
          'user-agent': opts.userAgent ?? DEFAULT_UA,
          accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
          'accept-language': 'zh-CN,zh;q=0.9',
          'accept-encoding': 'identity',
          connection: 'close',
        },
      },
      (res: IncomingMessage) => {
        timings.ttfbMs = Math.round(performance.now() - t0);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
        const status = res.statusCode ?? 0;
        if (REDIRECT.has(status) && headers.location) {
          res.resume();
          res.on('end', () => finish({ status, headers, location: headers.location, bytes: 0, head: Buffer.alloc(0) }));
          res.on('error', () => finish({ status, headers, location: headers.location, bytes: 0, head: Buffer.alloc(0) }));
          return;
        }
        let bytes = 0;
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          if (kept < SNIFF_BYTES) {
            chunks.push(c);
            kept += c.length;
          }
          if (bytes >= maxBody) {
            finish({ status, headers, bytes, head: Buffer.concat(chunks), capped: true });
            req.destroy();
          }
        });
        res.on('end', () => finish({ status, headers, bytes, head: Buffer.concat(chunks) }));
        res.on('error', (e) => fail(classifyError(e)));
        res.on('aborted', () => fail({ class: 'reset', message: 'response aborted before the body was complete' }));
      },
    );
    req.on('socket', (s: Socket) => {
      s.once('connect', () => {
        timings.connectMs = Math.round(performance.now() - t0 - (timings.dnsMs ?? 0));
        ip = s.remoteAddress?.replace(/^::ffff:/, '');
        family = s.remoteFamily === 'IPv6' && !s.remoteAddress?.startsWith('::ffff:') ? 6 : 4;
      });
      s.once('secureConnect', () => {
        timings.tlsMs = Math.round(performance.now() - t0 - (timings.dnsMs ?? 0) - (timings.connectMs ?? 0));
      });
    });
    req.on('error', (e) => fail(classifyError(e)));
    const timer = setTimeout(
      () => {
        fail({ class: 'timeout', message: `no complete response within ${opts.timeoutMs ?? 15000} ms`, code: 'ETIMEDOUT' });
        req.destroy();
      },
      Math.max(0, deadline - performance.now()),
    );
    const onAbort = () => {
      // we stopped it (shutdown, cancelled job): says nothing about the site
      fail({ class: 'budget', message: 'probe aborted by the monitor before it finished', code: 'ABORT_ERR' });
      req.destroy();
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    req.end();
  });
}

/** Wraps a lookup so the DNS phase is timed even with host overrides. */
function makeLookupTimed(lookup: ReturnType<typeof makeLookup>, timings: HopResult['timings'], t0: number) {
  return (hostname: string, options: never, cb: (...a: unknown[]) => void) => {
    lookup(hostname, options, ((...args: unknown[]) => {
      timings.dnsMs = Math.round(performance.now() - t0);
      cb(...args);
    }) as never);
  };
}

/**
 * Probes one URL and never throws. `ok` is true only for a complete, non-empty 2xx/3xx-final
 * response within the budget that is not a challenge page.
 */
export async function probeUrl(url: string, opts: ProbeOptions = {}): Promise<ProbeObservation> {
  const startedAt = new Date();
  const t0 = performance.now();
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const deadline = t0 + timeoutMs;
  const signal = opts.signal ?? new AbortController().signal;
  const base = (status: number, timings: Omit<Timings, 'startedAt' | 'totalMs'>, extra: Partial<ProbeObservation>): ProbeObservation => ({
    kind: 'probe',
    at: startedAt.toISOString(),
    url,
    ok: false,
    status,
    timings: { startedAt: startedAt.toISOString(), ...timings, totalMs: Math.round(performance.now() - t0) },
    bytes: 0,
    ...extra,
  });

  let current: URL;
  try {
    current = new URL(url);
    if (current.protocol !== 'http:' && current.protocol !== 'https:') throw new Error(`unsupported scheme ${current.protocol}`);
  } catch (e) {
    return base(0, {}, { failure: { class: 'invalid_url', message: (e as Error).message } });
  }
  const maxRedirects = opts.maxRedirects ?? 5;
  const seen = new Set<string>([current.href]);
  for (let i = 0; ; i++) {
    const r = await hop(current, { ...opts, timeoutMs }, deadline, signal);
    const common = { ...(r.ip ? { ip: r.ip } : {}), ...(r.family ? { family: r.family } : {}) };
    if (r.failure) return base(r.status, r.timings, { ...common, failure: r.failure, bytes: r.bytes });
    if (r.location) {
      let next: URL;
      try {
        next = new URL(r.location, current);
      } catch {
        return base(r.status, r.timings, { ...common, failure: { class: 'invalid_url', message: `unparseable Location: ${r.location}` } });
      }
      if (i >= maxRedirects || seen.has(next.href)) {
        return base(r.status, r.timings, { ...common, failure: { class: 'too_many_redirects', message: `redirect ${seen.has(next.href) ? 'loop' : 'chain'} at ${next.href}` } });
      }
      seen.add(next.href);
      current = next;
      continue;
    }
    const failure = classifyStatus(r.status, r.headers, r.head) ?? (r.bytes === 0 ? { class: 'not_html' as const, message: `empty body (HTTP ${r.status}, 0 bytes)` } : undefined);
    return base(r.status, r.timings, { ...common, bytes: r.bytes, ok: !failure, ...(failure ? { failure } : {}) });
  }
}

/** Gatherer for the probe job: one probe of the site's home page. */
export const probeGatherer: Gatherer = {
  id: 'probe',
  kind: 'probe',
  description: 'availability probe of the home page with phase timings (V-01, D-01)',
  async gather(ctx) {
    const obs = await probeUrl(ctx.site.url, {
      resolve: ctx.registry.resolve,
      userAgent: ctx.userAgent,
      signal: ctx.signal,
      timeoutMs: 15_000,
    });
    ctx.log.debug({ siteId: ctx.site.id, ok: obs.ok, status: obs.status, failure: obs.failure?.class, ms: obs.timings.totalMs }, 'probe');
    ctx.emit(obs);
  },
};

export interface ProbeSiteResult {
  run: RunRecord;
  probe: ProbeObservation;
  /** True when the job had already stored its probe (a retry): nothing was probed again. */
  reused: boolean;
}

/**
 * Probes a site's home page and stores the observation under its own run of kind `probe`.
 * With `jobId`, a retried job never stores a second probe (store.createRun idempotency).
 */
export async function probeSite(
  store: Store,
  registry: Pick<Registry, 'resolve' | 'monitor'>,
  site: Site,
  opts: { jobId?: string; batchId?: string; timeoutMs?: number; family?: 4 | 6; signal?: AbortSignal } = {},
): Promise<ProbeSiteResult> {
  const run = await store.createRun({ siteId: site.id, kind: 'probe', jobId: opts.jobId, batchId: opts.batchId });
  const plog = log.child({ runId: run.id, siteId: site.id, ...(opts.jobId ? { jobId: opts.jobId } : {}) });
  if (run.status === 'complete') {
    const [probe] = await store.observations(run.id, ['probe']);
    if (probe) {
      plog.info('probe job already stored its result; not probing again');
      return { run, probe, reused: true };
    }
  }
  const probe = await probeUrl(site.url, {
    resolve: registry.resolve,
    userAgent: registryUserAgent(registry),
    timeoutMs: opts.timeoutMs,
    family: opts.family,
    signal: opts.signal,
  });
  if (opts.signal?.aborted) {
    // Not stored: an interrupted probe is not a measurement. The run stays incomplete so a
    // retry of the same job probes again.
    await store.finishRun(run.id, 'incomplete', { aborted: true }, 'probe aborted before it finished');
    plog.info('probe aborted; nothing stored');
    return { run: (await store.getRun(run.id))!, probe, reused: false };
  }
  await store.appendObservations(run.id, site.id, [probe]);
  const stats = { ok: probe.ok, status: probe.status, failure: probe.failure?.class ?? null, totalMs: probe.timings.totalMs };
  await store.finishRun(run.id, 'complete', stats);
  plog.info(stats, 'probe stored');
  return { run: (await store.getRun(run.id))!, probe, reused: false };
}
