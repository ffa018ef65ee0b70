/**
 * The only way text reaches HTML in govmon. Crawled pages are hostile input: a page title,
 * link text, URL, header value or letter title may hold markup or script, and a report must
 * show it as text, never run it. `html\`…\`` escapes every interpolated value unless it is
 * already a `SafeHtml` (built by this module), so forgetting to escape is not possible by
 * accident; `raw()` is the one explicit escape hatch for markup we generated ourselves
 * (inline SVG charts, our own CSS).
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Markup known to be safe: produced by `html`, `esc` or `raw` only. */
export class SafeHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

/**
 * Escapes text for element content and quoted attribute values. Control characters other
 * than tab/newline are dropped: they are invalid in HTML and some browsers misparse them.
 */
export function esc(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'string' ? value : String(value);
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').replace(/[&<>"'`]/g, (c) => ESCAPES[c]);
}

/** Marks markup we generated ourselves as safe. Never pass crawled text here. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

type Interpolation = SafeHtml | string | number | boolean | null | undefined | Interpolation[];

function render(v: Interpolation): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return esc(v);
}

/**
 * Tagged template: the literal parts are trusted markup, every `${value}` is escaped (arrays
 * are joined, `SafeHtml` is kept, null/undefined/false render as nothing).
 */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** Joins fragments (already safe) with a separator. */
export function join(parts: Interpolation[], sep: string | SafeHtml = ''): SafeHtml {
  return new SafeHtml(parts.map(render).join(render(sep)));
}

/**
 * A URL that may become an href: absolute http(s) URLs and, with `allowRelative` (links
 * between our own report pages), relative references (path, query, fragment). Everything else (javascript:, data:, vbscript:, file:, mailto: …) and
 * anything that only looks relative after browsers strip whitespace and control characters
 * (`java\tscript:`) returns undefined, so the caller shows it as text.
 */
export function safeUrl(url: unknown, opts: { allowRelative?: boolean } = {}): string | undefined {
  if (typeof url !== 'string') return undefined;
  const trimmed = url.trim();
  if (trimmed === '' || trimmed.length > 8192) return undefined;
  // Browsers drop tab/newline/CR anywhere in a URL and leading C0 controls and spaces:
  // judge the string the way the browser will read it.
  // eslint-disable-next-line no-control-regex
  const normalised = trimmed.replace(/[\u0000-\u001F\u007F\s]/g, '');
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(normalised);
  if (scheme) {
    const s = scheme[1].toLowerCase();
    if (s !== 'http' && s !== 'https') return undefined;
    try {
      const u = new URL(trimmed);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
      return u.href;
    } catch {
      return undefined;
    }
  }
  // Crawled URLs are absolute (model/observation.ts); a relative one would resolve against
  // the report's own location and point somewhere the maintainer never saw.
  if (!opts.allowRelative) return undefined;
  // A colon before the first / ? # would make the browser read a scheme: refuse it.
  const firstDelim = normalised.search(/[/?#]/);
  const colon = normalised.indexOf(':');
  if (colon !== -1 && (firstDelim === -1 || colon < firstDelim)) return undefined;
  // Protocol-relative (//host) and backslash variants inherit the page's scheme, which on
  // file:// reports is file: — refuse them rather than guess.
  if (/^[\\/]{2}/.test(normalised) || normalised.startsWith('\\')) return undefined;
  return trimmed;
}

/**
 * A link to `url` with `text` (defaults to the URL itself) when the URL is safe, otherwise
 * the URL as plain text in a <span> marked as not linked. External links open with
 * rel="noopener noreferrer nofollow" so a monitored page never gets our report as referrer.
 */
export function link(url: unknown, text?: Interpolation, attrs: { class?: string; title?: string; internal?: boolean } = {}): SafeHtml {
  const href = safeUrl(url, { allowRelative: attrs.internal });
  const label = text === undefined || text === null || text === '' ? String(url ?? '') : text;
  const cls = attrs.class ? html` class="${attrs.class}"` : '';
  const title = attrs.title ? html` title="${attrs.title}"` : '';
  if (!href) return html`<span class="nolink${attrs.class ? ' ' + attrs.class : ''}"${title}>${label}</span>`;
  const external = !attrs.internal && /^https?:/i.test(href);
  return html`<a href="${href}"${cls}${title}${external ? raw(' rel="noopener noreferrer nofollow" target="_blank"') : ''}>${label}</a>`;
}

/** A data: URI for an image we read from disk ourselves (never a URL from a crawled page). */
export function imageDataUri(bytes: Uint8Array): string | undefined {
  const mime = sniffImage(bytes);
  if (!mime) return undefined;
  return `data:${mime};base64,${Buffer.from(bytes).toString('base64')}`;
}

/** PNG, JPEG or WebP by magic bytes; anything else is not shown as an image. */
export function sniffImage(b: Uint8Array): 'image/png' | 'image/jpeg' | 'image/webp' | undefined {
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 12 && b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50) return 'image/webp';
  return undefined;
}
