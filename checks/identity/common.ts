/**
 * Shared by the identity checks (S-01…S-06, S-10): the footer text of the home page, and the
 * page-type heuristic that decides which 网页设计规范 meta tags a page owes.
 */
import type { CheckContext } from '../../model/finding.ts';
import type { Link, PageObservation } from '../../model/observation.ts';
import { homePage } from '../util.ts';

/** Footer text, falling back to the last 1500 characters of the page text when no footer was recognised. */
export function footerText(p: PageObservation | undefined): string {
  if (!p) return '';
  if (p.footerText && p.footerText.trim()) return p.footerText;
  const t = p.text ?? '';
  return t.slice(Math.max(0, t.length - 1500));
}

/** The home page's inline script text (security gatherer, role home_scripts), where footers and badges are sometimes written by script. */
export function homeScripts(ctx: Pick<CheckContext, 'resources'>): string {
  return ctx.resources.find((r) => r.role === 'home_scripts')?.body ?? '';
}

/** Script text with markup removed, for regexes written against visible text. */
export function scriptVisibleText(ctx: Pick<CheckContext, 'resources'>): string {
  return homeScripts(ctx).replace(/<[^>]*>/g, ' ').replace(/&nbsp;/g, ' ');
}

/**
 * All text an identity mark could sit in: footer first, then the whole page (some sites put it
 * in a side bar), then what inline scripts write.
 */
export function identityText(p: PageObservation | undefined, ctx?: Pick<CheckContext, 'resources'>): string {
  if (!p) return '';
  return `${footerText(p)}\n${p.text ?? ''}${ctx ? `\n${scriptVisibleText(ctx)}` : ''}`;
}

export function metaGet(p: PageObservation, name: string): string | undefined {
  const m = p.meta ?? {};
  if (m[name] !== undefined) return m[name];
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(m)) if (k.toLowerCase() === want) return v;
  return undefined;
}

export function hostIs(l: Link, suffix: string): boolean {
  try {
    const h = new URL(l.url).hostname.toLowerCase();
    return h === suffix || h.endsWith(`.${suffix}`);
  } catch {
    return false;
  }
}

export function usableHtml(p: PageObservation): boolean {
  return p.status >= 200 && p.status < 300 && !p.failure && (!p.contentType || /html/i.test(p.contentType));
}

export type PageType = 'home' | 'column' | 'article' | 'other';

const ARTICLE_URL = /(\/t\d{8}_\d+\.s?html?$)|(\/art_\d+_\d+\.html$)|(\/art\/\d{4}\/)|(content_\d+\.s?html?$)|(post_\d+\.html$)|(\/\d{6}\/t\d+)|(\/(detail|article|show|content)[\/_.-])/i;
const COLUMN_URL = /(\/(index(_\d+)?\.s?html?)?$)|(\/col\/col\d+)|([?&](pageNum|page|channelid|catid)=)/i;

/**
 * What kind of page this is, for S-06: the home page; an article (its own 47号 meta, a
 * TRS/JCMS/JPaaS article URL, or a labelled publish date with no list); a column (its own
 * ColumnName meta, or a dated list); anything else owes only the site-wide tags.
 */
export function pageType(p: PageObservation, home: PageObservation | undefined): PageType {
  if (home && p === home) return 'home';
  const path = (() => {
    try {
      const u = new URL(p.finalUrl || p.url);
      return u.pathname + u.search;
    } catch {
      return p.url;
    }
  })();
  if (metaGet(p, 'ArticleTitle') || metaGet(p, 'PubDate') || metaGet(p, 'ContentSource')) return 'article';
  if (metaGet(p, 'ColumnName') && !metaGet(p, 'ArticleTitle')) return 'column';
  const items = p.items?.length ?? 0;
  if (items >= 3) return 'column';
  if (ARTICLE_URL.test(path)) return 'article';
  if ((p.dates ?? []).some((d) => d.source === 'label' || d.source === 'meta') && items < 3) return 'article';
  // An index URL without a list (site map, 无障碍 page, search) is not a column page.
  if (COLUMN_URL.test(path) && items > 0) return 'column';
  return 'other';
}

export function home(ctx: Pick<CheckContext, 'pages' | 'site'>): PageObservation | undefined {
  return homePage(ctx);
}

/** Pages of the site itself: same host as the home page (a 政务服务网 on a sibling sub-domain is another site). */
export function ownPages(ctx: Pick<CheckContext, 'pages' | 'site'>): PageObservation[] {
  const h = homePage(ctx);
  const hosts = new Set<string>();
  for (const u of [ctx.site.url, h?.url, h?.finalUrl]) {
    try {
      if (u) hosts.add(new URL(u).host.toLowerCase());
    } catch {
      /* unparseable registry URL: no host to add */
    }
  }
  return ctx.pages.filter((p) => {
    try {
      return hosts.has(new URL(p.finalUrl || p.url).host.toLowerCase());
    } catch {
      return false;
    }
  });
}

/** A URL that an inline script writes into the page, as a Link-like record for evidence. */
export function scriptLink(ctx: Pick<CheckContext, 'resources'>, re: RegExp): Link | undefined {
  const m = re.exec(homeScripts(ctx));
  return m ? { url: m[0], raw: m[0], tag: 'script', text: '(written by script)', internal: false } : undefined;
}
