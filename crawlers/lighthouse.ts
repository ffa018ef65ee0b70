/**
 * The Lighthouse gatherer (S-08 page quality, A-01 accessibility): runs Lighthouse 13 in the
 * system Chromium on the home page and a small sample of column and article pages, and keeps
 * what the quality checks need: category scores (0–100), the key lab metrics, the axe-core
 * violations Lighthouse found (rule, impact, WCAG tags, node count, sample selectors) and the
 * final screenshot, saved to the run's artifact dir.
 *
 * Kind `browser`: it is the monthly (or on-demand, `--lighthouse`) job, because one run costs
 * 10–30 s of CPU per URL. One Chromium serves all URLs of a site, one URL at a time.
 * Fictitious demo hosts reach loopback through --host-resolver-rules built from the registry's
 * resolve map, the same way the renderer does.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import type { Failure, LighthouseObservation } from '../model/observation.ts';
import type { Gatherer, GatherContext } from './gatherer.ts';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, hostResolverRules } from './render.ts';

export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

/** Lab metrics kept, by Lighthouse audit id (ms, except CLS which is unitless). */
export const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index', 'interactive'] as const;

export interface LighthouseGathererOptions {
  /** Pages audited besides the home page (columns and articles found on it). Default 2. */
  limit?: number;
  /** Audit exactly these URLs after the home page instead of sampling. */
  urls?: string[];
  formFactor?: 'desktop' | 'mobile';
  chromePath?: string;
  /** Per-URL budget for Lighthouse's page load (ms). Default: 3 × the site's request timeout, at least 30 s. */
  maxWaitForLoadMs?: number;
}

type Sample = { url: string; role: 'home' | 'column' | 'article' };

const ARTICLE_PATH = /(\/t\d{8}_\d+\.s?html?$)|(art_\d+_\d+\.html$)|(content_\d+\.s?html?$)|(post_\d+\.html$)|(\/\d{6}\/[^/]+\.s?html?$)|(\/(detail|article|show)[/_.-])/i;
const COLUMN_PATH = /(\/(index(_\d+)?\.s?html?)?$)|(\/col\/col\d+)/i;

/** Picks columns (list/index URLs) and articles (content URLs) from the home page's internal links. */
export function pickSample(homeUrl: string, links: Array<{ url: string; tag: string; internal: boolean }>, limit: number): Sample[] {
  const home = homeUrl.replace(/\/+$/, '');
  const seen = new Set<string>([home]);
  const columns: string[] = [];
  const articles: string[] = [];
  for (const l of links) {
    if (l.tag !== 'a' || !l.internal || !/^https?:/i.test(l.url)) continue;
    const u = l.url.replace(/#.*$/, '');
    if (seen.has(u.replace(/\/+$/, ''))) continue;
    seen.add(u.replace(/\/+$/, ''));
    let path: string;
    try {
      path = new URL(u).pathname;
    } catch {
      continue;
    }
    if (/\.(pdf|docx?|xlsx?|wps|zip|rar|jpe?g|png|gif)$/i.test(path)) continue;
    if (ARTICLE_PATH.test(path)) articles.push(u);
    else if (COLUMN_PATH.test(path) && path !== '/') columns.push(u);
  }
  const out: Sample[] = [];
  // Alternate column, article, column … so a small limit still covers both page types.
  for (let i = 0; out.length < limit && (i < columns.length || i < articles.length); i++) {
    if (i < columns.length && out.length < limit) out.push({ url: columns[i], role: 'column' });
    if (i < articles.length && out.length < limit) out.push({ url: articles[i], role: 'article' });
  }
  return out;
}

async function sampleFromHome(ctx: GatherContext, limit: number): Promise<Sample[]> {
  if (limit <= 0) return [];
  try {
    const [{ fetchUrl }, { decodeBody }, { extractPage }] = await Promise.all([import('./fetch.ts'), import('./decode.ts'), import('./extract/page.ts')]);
    const r = await fetchUrl(ctx.site.url, { resolve: ctx.registry.resolve, userAgent: ctx.userAgent, timeoutMs: ctx.limits.timeoutSeconds * 1000, signal: ctx.signal, maxBodyBytes: ctx.limits.maxBodyBytes });
    if (r.failure || !r.body.length) return [];
    const html = decodeBody(r.body, r.contentType).text;
    const page = extractPage(html, r.finalUrl, { siteUrl: ctx.site.url });
    return pickSample(r.finalUrl, page.links, limit);
  } catch (e) {
    ctx.log.warn({ err: (e as Error).message }, 'lighthouse: could not sample pages from the home page; auditing the home page only');
    return [];
  }
}

/** Lighthouse's runtime error codes mapped onto the failure taxonomy. */
function failureFromLhr(code: string | undefined, message: string): Failure {
  const c = code ?? '';
  let cls: Failure['class'] = 'connection';
  if (/DNS/.test(c)) cls = 'dns';
  else if (/NO_FCP|PAGE_HUNG|TIMEOUT|NO_LCP/.test(c)) cls = 'timeout';
  else if (/INSECURE|CERT|SSL/.test(c)) cls = 'tls';
  else if (/ERRORED_DOCUMENT_REQUEST|FAILED_DOCUMENT_REQUEST/.test(c)) cls = /\(Status code: 4(03|29)\)/.test(message) ? 'blocked' : /Status code: 5/.test(message) ? 'http_5xx' : /Status code: 4/.test(message) ? 'http_4xx' : 'connection';
  else if (/NOT_HTML/.test(c)) cls = 'not_html';
  return { class: cls, message: message.slice(0, 500), ...(c ? { code: c } : {}) };
}

function dataDirOf(artifactDir: string): string {
  return resolve(artifactDir, '..', '..');
}

interface LhrLike {
  categories: Record<string, { score: number | null } | undefined>;
  audits: Record<string, { numericValue?: number; title?: string; details?: { type?: string; data?: string } } | undefined>;
  runtimeError?: { code?: string; message?: string };
  finalDisplayedUrl?: string;
}

interface AxeLike {
  id: string;
  impact?: string;
  tags: string[];
  help?: string;
  nodes: Array<{ target?: Array<string | string[]>; node?: { selector?: string } }>;
}

export function toObservation(url: string, lhr: LhrLike, violations: AxeLike[], screenshot: string | undefined, at: string): LighthouseObservation {
  const scores: Record<string, number | null> = {};
  for (const c of CATEGORIES) {
    const s = lhr.categories[c]?.score;
    scores[c] = typeof s === 'number' ? Math.round(s * 100) : null;
  }
  const metrics: Record<string, number | null> = {};
  for (const m of METRICS) {
    const v = lhr.audits[m]?.numericValue;
    metrics[m] = typeof v === 'number' && Number.isFinite(v) ? (m === 'cumulative-layout-shift' ? Math.round(v * 1000) / 1000 : Math.round(v)) : null;
  }
  const axe = violations.map((v) => ({
    id: v.id,
    ...(v.impact ? { impact: v.impact } : {}),
    tags: v.tags ?? [],
    nodes: v.nodes?.length ?? 0,
    help: v.help ?? lhr.audits[v.id]?.title ?? v.id,
    samples: (v.nodes ?? [])
      .slice(0, 5)
      .map((n) => n.node?.selector ?? (n.target ?? []).flat().join(' '))
      .filter((s): s is string => !!s),
  }));
  const obs: LighthouseObservation = { kind: 'lighthouse', at, url, scores, metrics, axe };
  if (screenshot) obs.screenshot = screenshot;
  if (lhr.runtimeError?.code) obs.failure = failureFromLhr(lhr.runtimeError.code, lhr.runtimeError.message ?? lhr.runtimeError.code);
  return obs;
}

export function createLighthouseGatherer(options: LighthouseGathererOptions = {}): Gatherer {
  return {
    id: 'lighthouse',
    kind: 'browser',
    description: 'Lighthouse 13 (performance, accessibility, best practices, SEO) on the home page and a sample of column and article pages (S-08, A-01)',
    async gather(ctx: GatherContext): Promise<void> {
      const log = ctx.log.child({ gatherer: 'lighthouse', siteId: ctx.site.id });
      const limit = options.limit ?? 2;
      // The registered 政府信息公开 / 办事服务 / 互动交流 entries are the columns citizens use most: sample them first.
      const entries = Object.values(ctx.site.entries ?? {}).filter((u): u is string => !!u);
      let sampled: Sample[];
      if (options.urls) sampled = options.urls.map((url) => ({ url, role: 'column' as const }));
      else {
        // One registered entry, then an article (no entry is one), then the rest.
        const fromHome = await sampleFromHome(ctx, limit);
        const entryCols = entries.map((url) => ({ url, role: 'column' as const }));
        const order = [...entryCols.slice(0, 1), ...fromHome.filter((x) => x.role === 'article'), ...entryCols.slice(1), ...fromHome.filter((x) => x.role === 'column')];
        sampled = order.slice(0, limit);
      }
      const seenUrls = new Set<string>([ctx.site.url]);
      const samples: Sample[] = [{ url: ctx.site.url, role: 'home' }, ...sampled.filter((x) => !seenUrls.has(x.url) && (seenUrls.add(x.url), true))];
      const [{ default: lighthouse, desktopConfig }, chromeLauncher] = await Promise.all([import('lighthouse'), import('chrome-launcher')]);
      // Certificate faults are judged by security.certificate; here we still want the page measured.
      const flags = [...CHROMIUM_FLAGS, '--ignore-certificate-errors'];
      const rules = hostResolverRules(ctx.registry.resolve ?? {});
      if (rules) flags.push(rules);
      let chrome: Awaited<ReturnType<typeof chromeLauncher.launch>> | undefined;
      const shotsDir = join(ctx.artifactDir, 'lighthouse');
      try {
        chrome = await chromeLauncher.launch({ chromePath: options.chromePath ?? CHROMIUM_PATH, chromeFlags: flags, logLevel: 'silent', connectionPollInterval: 250, maxConnectionRetries: 80 });
      } catch (e) {
        const msg = `Chromium could not start: ${(e as Error).message}`;
        log.error({ err: (e as Error).message }, msg);
        for (const s of samples) ctx.emit({ kind: 'lighthouse', at: new Date().toISOString(), url: s.url, scores: {}, metrics: {}, axe: [], failure: { class: 'connection', message: msg } });
        return;
      }
      const killOnAbort = () => void chrome?.kill();
      ctx.signal.addEventListener('abort', killOnAbort, { once: true });
      try {
        mkdirSync(shotsDir, { recursive: true });
        const desktop = (options.formFactor ?? 'desktop') === 'desktop';
        const baseSettings = (desktopConfig.settings ?? {}) as { emulatedUserAgent?: string | boolean };
        const config = desktop
          ? { ...desktopConfig, settings: { ...desktopConfig.settings, onlyCategories: [...CATEGORIES], emulatedUserAgent: `${String(baseSettings.emulatedUserAgent ?? '')} ${ctx.userAgent}`.trim() } }
          : { extends: 'lighthouse:default', settings: { onlyCategories: [...CATEGORIES] } };
        const maxWait = options.maxWaitForLoadMs ?? Math.max(30_000, ctx.limits.timeoutSeconds * 3000);
        for (const s of samples) {
          if (ctx.signal.aborted) break;
          const at = new Date().toISOString();
          const t0 = Date.now();
          try {
            const result = await lighthouse(s.url, { port: chrome.port, output: 'json', logLevel: 'error', maxWaitForLoad: maxWait, onlyCategories: [...CATEGORIES] }, config as never);
            if (!result) throw new Error('Lighthouse returned no result');
            const lhr = result.lhr as unknown as LhrLike;
            const a11y = (result.artifacts as unknown as { Accessibility?: { violations?: AxeLike[] } }).Accessibility;
            let screenshot: string | undefined;
            const shot = lhr.audits['final-screenshot']?.details?.data;
            const m = typeof shot === 'string' ? /^data:image\/(jpeg|png|webp);base64,(.+)$/.exec(shot) : null;
            if (m) {
              const file = join(shotsDir, `${createHash('sha1').update(s.url).digest('hex').slice(0, 12)}.${m[1] === 'jpeg' ? 'jpg' : m[1]}`);
              writeFileSync(file, Buffer.from(m[2], 'base64'));
              screenshot = relative(dataDirOf(ctx.artifactDir), file);
            }
            const obs = toObservation(s.url, lhr, a11y?.violations ?? [], screenshot, at);
            ctx.emit(obs);
            log.info({ url: s.url, role: s.role, scores: obs.scores, ms: Date.now() - t0, failure: obs.failure?.code }, 'lighthouse audited');
          } catch (e) {
            const err = e as Error & { code?: string; friendlyMessage?: string };
            ctx.emit({ kind: 'lighthouse', at, url: s.url, scores: {}, metrics: {}, axe: [], failure: failureFromLhr(err.code, err.friendlyMessage ?? err.message) });
            log.warn({ url: s.url, err: err.message }, 'lighthouse run failed');
          }
        }
      } finally {
        ctx.signal.removeEventListener('abort', killOnAbort);
        chrome.kill();
      }
    },
  };
}

/** The gatherer `govmon audit --lighthouse` and the monthly browser job run; GOVMON_LIGHTHOUSE_PAGES sets the sample size (default 2). */
function envLimit(): number {
  const n = Number(process.env.GOVMON_LIGHTHOUSE_PAGES);
  return Number.isInteger(n) && n >= 0 ? n : 2;
}

export const lighthouseGatherer: Gatherer = createLighthouseGatherer({ limit: envLimit() });
