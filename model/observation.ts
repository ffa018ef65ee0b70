/**
 * The one typed model of what govmon saw. Crawlers produce these, the store keeps them
 * append-only per run, and checks read them. Nothing here is a judgement: an observation
 * says what happened on the wire or in the page; findings (model/finding.ts) judge it.
 *
 * Every observation is plain JSON so it can be stored as-is and re-read years later to
 * re-score history under a new methodology edition.
 */

/**
 * One taxonomy for everything that can go wrong when fetching a URL.
 *
 * The split matters to evaluators: a site that is broken (`http_5xx`, `dns`, `refused` …)
 * is the unit's fault; a site that blocked us or that we chose not to fetch (`blocked`,
 * `robots_disallowed`, `budget`) means "could not assess" and must never be scored as a
 * defect. `failureBlame()` below encodes that split once for every check.
 */
export const FAILURE_CLASSES = [
  'timeout', // no complete response within the time limit
  'dns', // name does not resolve (ENOTFOUND, EAI_AGAIN)
  'tls', // handshake failed or certificate rejected
  'refused', // ECONNREFUSED
  'reset', // ECONNRESET / socket hang up / EPIPE
  'connection', // any other network error (EHOSTUNREACH, ENETUNREACH …)
  'http_4xx', // 400–499 except the ones classed as `blocked`
  'http_5xx', // 500–599 except 503 with a challenge page
  'too_many_redirects', // redirect chain longer than the limit, or a loop
  'blocked', // 403/429 or a WAF / anti-bot challenge page: we were refused, the site may be fine
  'robots_disallowed', // robots.txt forbids us and the override was not given
  'not_html', // page expected, something else came (only for pages to parse, never for link checks)
  'too_large', // body exceeded the byte budget
  'invalid_url', // unparseable URL or an unsupported scheme (javascript:, data: …)
  'budget', // not fetched because a crawl budget (pages, depth, time, trap guard) ran out
] as const;
export type FailureClass = (typeof FAILURE_CLASSES)[number];

export interface Failure {
  class: FailureClass;
  /** Human-readable detail: the errno, the status text, the challenge vendor … */
  message: string;
  /** The low-level error code when there was one (ENOTFOUND, CERT_HAS_EXPIRED …). */
  code?: string;
}

/** Who is to blame for a failure: the site, or our ability to assess it. */
export type Blame = 'site' | 'cannot_assess';

export function failureBlame(c: FailureClass): Blame {
  switch (c) {
    case 'blocked':
    case 'robots_disallowed':
    case 'budget':
      return 'cannot_assess';
    default:
      return 'site';
  }
}

export interface RedirectHop {
  url: string;
  status: number;
  location: string;
}

/** Phase timings in milliseconds; a phase that did not happen (reused socket, plain HTTP) is absent. */
export interface Timings {
  startedAt: string; // ISO 8601
  dnsMs?: number;
  connectMs?: number;
  tlsMs?: number;
  ttfbMs?: number;
  totalMs: number;
}

export type LinkTag = 'a' | 'area' | 'img' | 'script' | 'link' | 'iframe' | 'frame' | 'form' | 'embed' | 'source' | 'object';

export interface Link {
  /** Absolute URL after resolving against <base> and the page URL; fragment removed. */
  url: string;
  /** The attribute value as written in the page (for evidence). */
  raw: string;
  tag: LinkTag;
  /** Anchor text (a/area), alt or title (img), or the form's submit label. Whitespace-collapsed. */
  text: string;
  /** Same registrable host as the site (sub-domains of the site's own domain count as internal). */
  internal: boolean;
  /** Set when the link sits in the page footer (footer/#footer/.footer/last table), used by identity checks. */
  inFooter?: boolean;
  /** rel attribute, if any (nofollow, stylesheet …); `refresh` / `js-redirect` for meta-refresh and script redirects. */
  rel?: string;
  /** Why the href cannot be followed (unparseable URL, mailto: without an address …); such links are never fetched. */
  invalid?: string;
  /** The `integrity` attribute of a <script>/<link> (Subresource Integrity), when present; read by the Observatory grade (N-03). */
  integrity?: string;
}

export type DateSource = 'meta' | 'label' | 'list' | 'text' | 'url';

export interface DateHit {
  /** Normalised calendar date, YYYY-MM-DD. */
  date: string;
  source: DateSource;
  /** The label or meta name that introduced it: PubDate, 发布日期, 成文日期 … */
  label?: string;
  /** The exact text it was read from, for evidence. */
  raw: string;
}

/** A dated list entry: one link in a list/table row, with the date printed next to it. */
export interface ListItem {
  title: string;
  url: string;
  /** YYYY-MM-DD, absent when the row shows no date (counts as "not updated"). */
  date?: string;
  rawDate?: string;
  /** Heading of the block the list sits in (the column name on a home page), when found. */
  block?: string;
  /** Link to the block's "更多" page when present. */
  blockUrl?: string;
}

export interface FormField {
  name: string;
  type: string;
  label?: string;
}

export interface Form {
  action: string;
  method: string;
  fields: FormField[];
  /** Text of the submit control(s). */
  submitText?: string;
}

export interface Table {
  headers: string[];
  rows: Array<{ cells: string[]; url?: string }>;
  /** Caption or the heading just before the table. */
  caption?: string;
}

export type CharsetSource = 'bom' | 'header' | 'meta' | 'detected' | 'default';

interface ObservationBase {
  /** When it was observed (ISO 8601). */
  at: string;
  /** URL requested. */
  url: string;
}

/** A page the crawler fetched (and parsed when it was HTML). */
export interface PageObservation extends ObservationBase {
  kind: 'page';
  finalUrl: string;
  redirects: RedirectHop[];
  /** HTTP status of the final response; 0 when no response came. */
  status: number;
  failure?: Failure;
  timings: Timings;
  /** Response headers of the final response, lower-cased names; set-cookie kept apart. */
  headers: Record<string, string>;
  setCookies: string[];
  contentType?: string;
  charset?: string;
  charsetSource?: CharsetSource;
  bytes: number;
  /** Body was cut at the byte budget. */
  truncated?: boolean;
  /** Crawl depth from the seed (home page = 0). */
  depth: number;
  /** The page that first linked here, and the anchor text used. */
  referrer?: string;
  referrerText?: string;
  /** True when the page was rendered in Chromium rather than parsed statically. */
  rendered?: boolean;
  title?: string;
  /** Visible text, whitespace-collapsed, capped (see crawl limits). */
  text?: string;
  /** Text of the footer region, kept whole because identity checks read it. */
  footerText?: string;
  /** <meta name|property|http-equiv> values, names as written (SiteIDCode, PubDate, keywords …). */
  meta?: Record<string, string>;
  links?: Link[];
  dates?: DateHit[];
  items?: ListItem[];
  forms?: Form[];
  /** Data tables (letter lists, metadata tables …): header cells, then each row's cell texts and its first link. Capped. */
  tables?: Table[];
  /** Navigation-looking links (nav/menu/header) count; 0 on a JS-only page triggers rendering. */
  navLinkCount?: number;
  /** `<script src>` hosts and inline script count, for tamper checks and "needs JS" heuristics. */
  scriptSrcs?: string[];
  /** Path of a screenshot when rendered (relative to the data dir). */
  screenshot?: string;
}

/** Status check of a link target that is not crawled as a page (attachments, images, external URLs). */
export interface LinkCheckObservation extends ObservationBase {
  kind: 'link';
  finalUrl: string;
  redirects: RedirectHop[];
  status: number;
  failure?: Failure;
  method: 'HEAD' | 'GET';
  contentType?: string;
  contentLength?: number;
  external: boolean;
  /** Served from the run-wide cache of external URLs (checked once per run for all sites). */
  cached?: boolean;
  elapsedMs: number;
  /** 2 when a later re-check confirmed (or cleared) a suspected failure; absent on the first check. */
  attempt?: number;
}

/** One availability probe of a home page (V-01, D-01). */
export interface ProbeObservation extends ObservationBase {
  kind: 'probe';
  ok: boolean;
  status: number;
  failure?: Failure;
  timings: Timings;
  bytes: number;
  ip?: string;
  family?: 4 | 6;
}

/** TLS facts about a host (N-02). */
export interface TlsObservation extends ObservationBase {
  kind: 'tls';
  host: string;
  port: number;
  /** A TLS handshake completed at all. */
  offered: boolean;
  failure?: Failure;
  authorized?: boolean;
  authorizationError?: string;
  protocol?: string;
  subject?: string;
  issuer?: string;
  subjectAltNames?: string[];
  validFrom?: string;
  validTo?: string;
  daysToExpiry?: number;
  hostnameMatch?: boolean;
  selfSigned?: boolean;
}

/** What the plain-HTTP URL of the home page does (HTTPS enforcement, N-02). */
export interface HttpRedirectObservation extends ObservationBase {
  kind: 'http_redirect';
  status: number;
  failure?: Failure;
  redirects: RedirectHop[];
  finalUrl: string;
  /** The chain ends on https:// on the same host family. */
  endsOnHttps: boolean;
  /**
   * Response headers of the last response (lower-cased names, set-cookie kept apart). The
   * security gatherer also records the https:// home URL this way, because HSTS and cookie
   * flags only count when served over HTTPS (N-02, N-03).
   */
  headers?: Record<string, string>;
  setCookies?: string[];
}

/** An auxiliary resource fetched whole: robots.txt, sitemap.xml, /.well-known/security.txt. */
export interface ResourceObservation extends ObservationBase {
  kind: 'resource';
  /**
   * `home_scripts`: the text of the home page's inline <script> blocks (%XX / \\uXXXX escapes
   * decoded), because identity marks such as the 党政机关 (conac) badge are often written by
   * `document.write(unescape(…))` and never appear as static links (S-05, S-02 … S-04).
   */
  role: 'robots' | 'sitemap' | 'security_txt' | 'home_scripts';
  status: number;
  failure?: Failure;
  contentType?: string;
  /** Body text, capped at 64 KiB. */
  body?: string;
}

/** Lighthouse category scores and selected audits for one URL (A-01, S-08). */
export interface LighthouseObservation extends ObservationBase {
  kind: 'lighthouse';
  failure?: Failure;
  /** 0–100 per category: performance, accessibility, best-practices, seo. */
  scores: Record<string, number | null>;
  metrics: Record<string, number | null>;
  /** axe rule violations Lighthouse found: rule id, impact, WCAG tags, node count, sample selectors. */
  axe: Array<{ id: string; impact?: string; tags: string[]; nodes: number; help: string; samples: string[] }>;
  screenshot?: string;
}

/**
 * Something the crawler itself decided or hit, kept so a report can say why a crawl stopped
 * or skipped URLs: budget exhausted, trap guard, robots exclusions, switch to rendering …
 */
export interface CrawlEventObservation extends ObservationBase {
  kind: 'crawl_event';
  event:
    | 'budget_pages'
    | 'budget_time'
    | 'budget_depth'
    | 'trap_query_variants'
    | 'trap_session_id'
    | 'trap_path_repeat'
    | 'trap_calendar'
    | 'backoff'
    | 'home_moved'
    | 'robots_disallowed'
    | 'render_fallback'
    | 'sitemap_seeded'
    | 'aborted'
    | 'error';
  detail: string;
  count?: number;
}

export type Observation =
  | PageObservation
  | LinkCheckObservation
  | ProbeObservation
  | TlsObservation
  | HttpRedirectObservation
  | ResourceObservation
  | LighthouseObservation
  | CrawlEventObservation;

export type ObservationKind = Observation['kind'];

export type ObservationOf<K extends ObservationKind> = Extract<Observation, { kind: K }>;
