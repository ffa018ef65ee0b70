/**
 * Turns response bytes into text the way a browser would (WHATWG encoding sniffing):
 * BOM → Content-Type charset → <meta> prescan → statistical guess → UTF-8.
 *
 * Two departures from the letter of the spec, both because real Chinese portals need them:
 * the <meta> prescan reads 8 KiB instead of 1 KiB (CMS templates put long comment blocks and
 * scripts before the meta), and a declaration is not trusted blindly: a page that says UTF-8
 * but is invalid UTF-8 and clean GB18030 is decoded as GB18030 (and the other way round),
 * because the page template and the article bodies are often written by different systems.
 */
import iconv from 'iconv-lite';
import chardet from 'chardet';
import type { CharsetSource } from '../model/observation.ts';

export interface Decoded {
  text: string;
  /** WHATWG-style canonical name: utf-8, gb18030, big5, windows-1252 … */
  charset: string;
  charsetSource: CharsetSource;
  /** The charset the page declared, when it was overruled by the bytes. */
  declared?: string;
}

const PRESCAN_BYTES = 8192;

/** Canonical name for a charset label, or undefined when we cannot decode it. */
export function canonicalCharset(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const l = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (!l) return undefined;
  // WHATWG maps all of these to gbk, whose decoder is gb18030's: decode with the superset.
  if (/^(?:gb2312|gbk|x-gbk|gb_2312-80|gb18030|cp936|ms936|windows-936|csgb2312|chinese|iso-ir-58|euc-cn|x-euc-cn|gb_2312|hz-gb-2312)$/.test(l)) return 'gb18030';
  if (/^(?:big5|big5-hkscs|cn-big5|csbig5|x-x-big5|big-5)$/.test(l)) return 'big5';
  if (/^(?:utf-?8|unicode-1-1-utf-8|unicode11utf8|unicode20utf8|x-unicode20utf8)$/.test(l)) return 'utf-8';
  if (/^(?:utf-?16(?:le)?|unicode|ucs-2)$/.test(l)) return 'utf-16le';
  if (/^utf-?16be$/.test(l)) return 'utf-16be';
  // Per WHATWG, latin1 labels mean windows-1252.
  if (/^(?:iso-8859-1|iso8859-1|latin1|l1|us-ascii|ascii|windows-1252|cp1252|x-cp1252|iso_8859-1)$/.test(l)) return 'windows-1252';
  if (iconv.encodingExists(l)) return l;
  return undefined;
}

function iconvName(charset: string): string {
  // WHATWG's big5 decoder includes the HKSCS extensions.
  return charset === 'big5' ? 'big5hkscs' : charset;
}

function sniffBom(buf: Buffer): string | undefined {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return 'utf-8';
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return 'utf-16le';
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** The charset parameter of a Content-Type header value. */
export function headerCharset(contentType: string | undefined): string | undefined {
  const m = contentType?.match(/charset\s*=\s*["']?([^;"'\s,]+)/i);
  return m?.[1];
}

/** <meta charset>, <meta http-equiv=Content-Type content="…charset=…"> or an XML declaration, in the first 8 KiB. */
export function prescanMeta(buf: Buffer): string | undefined {
  const head = buf.subarray(0, PRESCAN_BYTES).toString('latin1').replace(/<!--[\s\S]*?-->/g, '');
  const xml = head.match(/^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/i);
  if (xml) return xml[1];
  const re = /<meta\b([^>]*)>/gi;
  for (let m = re.exec(head); m; m = re.exec(head)) {
    const attrs = m[1];
    const direct = attrs.match(/\bcharset\s*=\s*["']?([^"'\s/>;]+)/i);
    if (direct && canonicalCharset(direct[1])) return direct[1];
  }
  return undefined;
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The text when the bytes are valid UTF-8 (a partial character at a cut end allowed), else undefined. One pass. */
function tryUtf8(buf: Buffer): string | undefined {
  try {
    const t = fatalUtf8.decode(buf);
    return t.charCodeAt(0) === 0xfeff ? t.slice(1) : t;
  } catch {
    return validUtf8(buf) ? decodeWith(buf, 'utf-8') : undefined;
  }
}

function validUtf8(buf: Buffer): boolean {
  // A body cut at the byte budget may end inside a character: ignore a partial tail.
  let end = buf.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = buf[end - i];
    if ((b & 0xc0) === 0xc0) {
      end -= i;
      break;
    }
    if ((b & 0x80) === 0) break;
  }
  try {
    fatalUtf8.decode(buf.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

function hasHighBytes(buf: Buffer): boolean {
  for (let i = 0; i < buf.length; i++) if (buf[i] >= 0x80) return true;
  return false;
}

function cleanIn(buf: Buffer, charset: string): boolean {
  const t = iconv.decode(buf, iconvName(charset));
  // Allow a replacement char or two from a truncated tail or a stray byte.
  let bad = 0;
  for (let i = t.indexOf('\uFFFD'); i >= 0; i = t.indexOf('\uFFFD', i + 1)) if (++bad > 2) return false;
  return true;
}

function detect(buf: Buffer): string | undefined {
  const sample = buf.length > 65_536 ? buf.subarray(0, 65_536) : buf;
  const matches = chardet.analyse(sample);
  for (const m of matches) {
    const c = canonicalCharset(m.name);
    if (!c) continue;
    // Statistical detectors mistake short GBK text for single-byte Western encodings; on a
    // Chinese government portal GB18030 is the better bet whenever it decodes cleanly.
    if (c === 'windows-1252' && cleanIn(sample, 'gb18030')) return 'gb18030';
    return c;
  }
  return cleanIn(sample, 'gb18030') ? 'gb18030' : undefined;
}

function decodeWith(buf: Buffer, charset: string): string {
  // Node's own UTF-8 decoder is several times faster than iconv-lite's.
  const text = charset === 'utf-8' ? buf.toString('utf8') : iconv.decode(buf, iconvName(charset));
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Decodes an HTML (or XML/text) body; never throws. */
export function decodeBody(buf: Buffer, contentType?: string): Decoded {
  const bom = sniffBom(buf);
  if (bom) return { text: decodeWith(buf.subarray(bom === 'utf-8' ? 3 : 2), bom), charset: bom, charsetSource: 'bom' };

  let declared: string | undefined;
  let source: CharsetSource | undefined;
  const fromHeader = canonicalCharset(headerCharset(contentType));
  if (fromHeader) (declared = fromHeader), (source = 'header');
  else {
    const fromMeta = canonicalCharset(prescanMeta(buf));
    if (fromMeta) (declared = fromMeta), (source = 'meta');
  }

  if (declared && source) {
    if (declared === 'utf-8') {
      // The common case, in one pass: valid UTF-8 is taken as declared.
      const t = tryUtf8(buf);
      if (t !== undefined) return { text: t, charset: 'utf-8', charsetSource: source };
      if (cleanIn(buf, 'gb18030')) return { text: decodeWith(buf, 'gb18030'), charset: 'gb18030', charsetSource: 'detected', declared };
      return { text: decodeWith(buf, 'utf-8'), charset: 'utf-8', charsetSource: source };
    }
    if (hasHighBytes(buf)) {
      if ((declared === 'gb18030' || declared === 'windows-1252' || declared === 'big5') && validUtf8(buf)) {
        return { text: decodeWith(buf, 'utf-8'), charset: 'utf-8', charsetSource: 'detected', declared };
      }
    }
    return { text: decodeWith(buf, declared), charset: declared, charsetSource: source };
  }

  if (!hasHighBytes(buf)) return { text: buf.toString('latin1'), charset: 'utf-8', charsetSource: 'default' };
  const utf = tryUtf8(buf);
  if (utf !== undefined) return { text: utf, charset: 'utf-8', charsetSource: 'detected' };
  const guessed = detect(buf);
  if (guessed) return { text: decodeWith(buf, guessed), charset: guessed, charsetSource: 'detected' };
  return { text: decodeWith(buf, 'utf-8'), charset: 'utf-8', charsetSource: 'default' };
}
