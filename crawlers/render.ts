/**
 * JavaScript rendering through crawlee's PlaywrightCrawler and the system Chromium, for
 * portals whose static HTML is an empty shell (navigation built by scripts). Used by the
 * crawl when limits.render is `always`, or `auto` and the home page shows no navigation.
 *
 * Storage stays in memory (no ./storage folder), crawlee's own logging is silenced (stdout
 * belongs to the CLI's summary), and the registry's host overrides reach Chromium as
 * --host-resolver-rules. Any failure is returned as `error`, never thrown: the static crawl
 * goes on without the rendered page.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, relative, resolve } from 'node:path';
import type { GatherContext } from './gatherer.ts';
import type { PageObservation } from '../model/observation.ts';
import { extractPage, type ExtractedPage } from './extract/page.ts';
import { extractDates, extractListItems } from './extract/dates.ts';

export const CHROMIUM_PATH = process.env.GOVMON_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface RenderTarget {
  url: string;
  depth: number;
  referrer?: string;
  referrerText?: string;
}

export interface RenderResult {
  pages: PageObservation[];
  extracted: Map<string, ExtractedPage>;
  error?: string;
  /** Cookies the browser holds at the end (e.g. a passed anti-bot challenge's clearance), for the static crawl. */
  cookies?: Array<{ name: string; value: string; domain: string }>;
}

/** How long a page that answered with an error or a challenge gets to navigate on to the real page. */
const CHALLENGE_WAIT_MS = 8000;

/** --host-resolver-rules for the registry's resolve map (fictitious *.gov.cn → 127.0.0.1). */
export function hostResolverRules(resolveMap: Record<string, string>): string | undefined {
  const rules = Object.entries(resolveMap).map(([h, ip]) => `MAP ${h} ${ip.includes(':') ? `[${ip}]` : ip}`);
  return rules.length ? `--host-resolver-rules=${rules.join(',')}` : undefined;
}

/** The data dir is two levels above a run's artifact dir (<data>/artifacts/<runId>); screenshots are stored relative to it. */
function dataDirOf(artifactDir: string): string {
  return resolve(artifactDir, '..', '..');
}

export async function renderPages(ctx: GatherContext, targets: RenderTarget[]): Promise<RenderResult> {
  const out: RenderResult = { pages: [], extracted: new Map() };
  if (targets.length === 0) return out;
  if (!existsSync(CHROMIUM_PATH)) return { ...out, error: `Chromium not found at ${CHROMIUM_PATH}; install it or set GOVMON_CHROMIUM` };
  let crawler: { run(reqs: unknown[]): Promise<unknown>; autoscaledPool?: { abort(): Promise<void> } } | undefined;
  const onAbort = () => void crawler?.autoscaledPool?.abort().catch(() => undefined);
  try {
    const [{ PlaywrightCrawler, Configuration, log: crawleeLog, LogLevel }, { MemoryStorage }, { chromium }] = await Promise.all([
      import('@crawlee/playwright'),
      import('@crawlee/memory-storage'),
      import('playwright'),
    ]);
    crawleeLog.setLevel(LogLevel.OFF);
    const byUrl = new Map(targets.map((t) => [t.url, t]));
    const args = [...CHROMIUM_FLAGS];
    const rules = hostResolverRules(ctx.registry.resolve);
    if (rules) args.push(rules);
    const shotsDir = join(ctx.artifactDir, 'screens');
    mkdirSync(shotsDir, { recursive: true });
    const config = new Configuration({
      storageClient: new MemoryStorage({ persistStorage: false, writeMetadata: false }),
      persistStorage: false,
      headless: true,
    });
    const timeoutSecs = ctx.limits.timeoutSeconds;
    const host = (u: string) => {
      try {
        return new URL(u).hostname.toLowerCase();
      } catch {
        return '';
      }
    };
    const otherSites = new Set(ctx.registry.sites.filter((s) => s.id !== ctx.site.id).map((s) => host(s.url)).filter((h) => h && h !== host(ctx.site.url)));

    crawler = new PlaywrightCrawler(
      {
        launchContext: {
          launcher: chromium,
          useChrome: false,
          userAgent: ctx.userAgent,
          // crawlee routes every browser through its own local proxy, which resolves names with
          // the system DNS and so ignores --host-resolver-rules: bypass it for every host.
          launchOptions: { executablePath: CHROMIUM_PATH, headless: true, args, ignoreHTTPSErrors: true, proxy: { bypass: '*' } } as never,
        },
        browserPoolOptions: { useFingerprints: false },
        useSessionPool: false,
        persistCookiesPerSession: false,
        maxRequestRetries: 0,
        maxConcurrency: 2,
        navigationTimeoutSecs: timeoutSecs,
        requestHandlerTimeoutSecs: timeoutSecs + 30,
        preNavigationHooks: [
          async ({ page }) => {
            // Every main-frame navigation response: a challenge page reloads itself into the real one.
            const navs: Array<{ status(): number; allHeaders(): Promise<Record<string, string>> }> = [];
            page.on('response', (r) => {
              if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) navs.push(r);
            });
            (page as unknown as { govmonNavs: typeof navs }).govmonNavs = navs;
          },
        ],
        async requestHandler({ page, request, response: firstResponse }) {
          const target = byUrl.get(request.url) ?? byUrl.get(request.loadedUrl ?? '') ?? { url: request.url, depth: 0 };
          const navs = (page as unknown as { govmonNavs?: Array<{ status(): number; allHeaders(): Promise<Record<string, string>> }> }).govmonNavs ?? [];
          const latest = () => navs.at(-1) ?? firstResponse;
          // Let scripts build the navigation; a page that never goes idle is taken as it is.
          await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => undefined);
          // An error or challenge answer (加速乐 521, a JS cookie check) may navigate on by itself.
          const deadline = Date.now() + CHALLENGE_WAIT_MS;
          while ((latest()?.status() ?? 0) >= 400 && Date.now() < deadline) await page.waitForTimeout(250);
          if (navs.length > 1) await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => undefined);
          const response = latest();
          const status = response?.status() ?? 0;
          if (status >= 400) throw new Error(`HTTP ${status} from the rendered page`);
          try {
            out.cookies = (await page.context().cookies()).map((c) => ({ name: c.name, value: c.value, domain: c.domain }));
          } catch {
            /* cookies are a bonus */
          }
          const html = await page.content();
          const finalUrl = page.url();
          const file = join(shotsDir, `${createHash('sha1').update(target.url).digest('hex').slice(0, 12)}.png`);
          let screenshot: string | undefined;
          try {
            await page.screenshot({ path: file, fullPage: false });
            screenshot = relative(dataDirOf(ctx.artifactDir), file);
          } catch {
            /* a page that cannot be captured still has its DOM */
          }
          const headers = response ? await response.allHeaders().catch(() => ({}) as Record<string, string>) : {};
          const { 'set-cookie': cookies, ...rest } = headers;
          const ex = extractPage(html, finalUrl, { siteUrl: ctx.site.url, otherSites });
          const at = new Date().toISOString();
          const obs: PageObservation = {
            kind: 'page',
            at,
            url: target.url,
            finalUrl,
            redirects: [],
            status,
            timings: { startedAt: at, totalMs: 0 },
            headers: rest,
            setCookies: cookies ? cookies.split('\n') : [],
            contentType: rest['content-type'],
            bytes: Buffer.byteLength(html),
            depth: target.depth,
            rendered: true,
            text: ex.text,
            meta: ex.meta,
            links: ex.links,
            forms: ex.forms,
            tables: ex.tables,
            navLinkCount: ex.navLinkCount,
            scriptSrcs: ex.scriptSrcs,
          };
          if (ex.title !== undefined) obs.title = ex.title;
          if (ex.footerText) obs.footerText = ex.footerText;
          if (screenshot) obs.screenshot = screenshot;
          if (target.referrer) (obs.referrer = target.referrer), (obs.referrerText = target.referrerText ?? '');
          try {
            obs.dates = extractDates(ex.doc, ex.meta, finalUrl);
            obs.items = extractListItems(ex.doc, finalUrl);
          } catch {
            /* dates are optional evidence */
          }
          out.pages.push(obs);
          out.extracted.set(target.url, ex);
        },
        async failedRequestHandler({ request }, error) {
          const target = byUrl.get(request.url) ?? { url: request.url, depth: 0 };
          const msg = (error as Error)?.message ?? String(error);
          const at = new Date().toISOString();
          out.pages.push({
            kind: 'page',
            at,
            url: target.url,
            finalUrl: request.loadedUrl ?? target.url,
            redirects: [],
            status: 0,
            failure: {
              class: /HTTP 5\d\d/.test(msg) ? 'http_5xx' : /HTTP 4\d\d/.test(msg) ? 'http_4xx' : /timeout/i.test(msg) ? 'timeout' : /ERR_NAME_NOT_RESOLVED/.test(msg) ? 'dns' : /ERR_CONNECTION_REFUSED/.test(msg) ? 'refused' : 'connection',
              message: msg.split('\n')[0],
            },
            timings: { startedAt: at, totalMs: 0 },
            headers: {},
            setCookies: [],
            bytes: 0,
            depth: target.depth,
            rendered: true,
          });
        },
      },
      config,
    ) as unknown as typeof crawler;
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    await crawler!.run(targets.map((t) => ({ url: t.url, uniqueKey: t.url })));
  } catch (e) {
    out.error = (e as Error).message.split('\n')[0];
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
  }
  return out;
}
