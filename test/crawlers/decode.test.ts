import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import iconv from 'iconv-lite';
import { fetchUrl, closeAgents } from '../../crawlers/fetch.ts';
import { decodeBody, prescanMeta, canonicalCharset } from '../../crawlers/decode.ts';
import { serve, type TestServer } from './helpers.ts';

const SIMPLIFIED = '政府信息公开目录 通知公告 政策文件 网站标识码 版权所有 人民政府办公厅主办 ';
const TRADITIONAL = '政府資訊公開 通知公告 政策文件 網站標識碼 版權所有 人民政府辦公廳主辦 ';
// 㐀 (U+3400) is outside GBK: only GB18030 encodes it.
const GB18030_ONLY = '㐀';

const ENCODINGS = [
  { label: 'utf-8', iconv: 'utf-8', text: SIMPLIFIED + TRADITIONAL, expect: 'utf-8' },
  { label: 'gbk', iconv: 'gbk', text: SIMPLIFIED, expect: 'gb18030' },
  { label: 'gb2312', iconv: 'gb2312', text: SIMPLIFIED, expect: 'gb18030' },
  { label: 'gb18030', iconv: 'gb18030', text: SIMPLIFIED + GB18030_ONLY, expect: 'gb18030' },
  { label: 'big5', iconv: 'big5', text: TRADITIONAL, expect: 'big5' },
] as const;
const MODES = ['header', 'meta-charset', 'meta-http-equiv', 'none'] as const;

function doc(text: string, head: string): string {
  // Enough text for statistical detection when nothing is declared.
  return `<!DOCTYPE html><html><head>${head}<title>${text.slice(0, 8)}</title></head><body><p>${text.repeat(6)}</p></body></html>`;
}

let srv: TestServer;
beforeAll(async () => {
  srv = await serve((_req, res, url) => {
    const [, enc, mode] = url.pathname.split('/');
    const e = ENCODINGS.find((x) => x.label === enc);
    if (!e) {
      res.statusCode = 404;
      return res.end();
    }
    const head = mode === 'meta-charset' ? `<meta charset="${e.label}">` : mode === 'meta-http-equiv' ? `<meta http-equiv="Content-Type" content="text/html; charset=${e.label}">` : '';
    res.setHeader('content-type', mode === 'header' ? `text/html; charset=${e.label}` : 'text/html');
    res.end(iconv.encode(doc(e.text, head), e.iconv));
  });
});
afterAll(async () => {
  await srv.close();
  await closeAgents();
});

describe('decodeBody over HTTP', () => {
  for (const e of ENCODINGS) {
    for (const mode of MODES) {
      it(`${e.label} declared by ${mode}`, async () => {
        const r = await fetchUrl(`${srv.origin}/${e.label}/${mode}`);
        expect(r.failure).toBeUndefined();
        const d = decodeBody(r.body, r.contentType);
        expect(d.charset).toBe(e.expect);
        expect(d.charsetSource).toBe(mode === 'header' ? 'header' : mode === 'none' ? 'detected' : 'meta');
        expect(d.text).toContain(e.text.trim().split(' ')[0]);
        expect(d.text).not.toContain('\uFFFD');
        if (e.label === 'gb18030') expect(d.text).toContain(GB18030_ONLY);
      });
    }
  }
});

describe('decodeBody edge cases', () => {
  it('finds a <meta> declared late, after 3 KiB of comments and scripts', () => {
    const pre = `<!-- ${'模板说明 '.repeat(200)} --><script>var a = "${'x'.repeat(2500)}";</script>`;
    const buf = iconv.encode(`<html><head>${pre}<meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>${SIMPLIFIED}</body></html>`, 'gbk');
    expect(buf.length).toBeGreaterThan(3000);
    expect(prescanMeta(buf)).toBe('gb2312');
    const d = decodeBody(buf, 'text/html');
    expect(d.charsetSource).toBe('meta');
    expect(d.text).toContain('政府信息公开目录');
  });

  it('overrules a page that says UTF-8 but is GBK', () => {
    const buf = iconv.encode(doc(SIMPLIFIED, '<meta charset="utf-8">'), 'gbk');
    const d = decodeBody(buf, 'text/html; charset=utf-8');
    expect(d.charset).toBe('gb18030');
    expect(d.charsetSource).toBe('detected');
    expect(d.declared).toBe('utf-8');
    expect(d.text).toContain('通知公告');
  });

  it('overrules a page that says gb2312 but is UTF-8', () => {
    const buf = Buffer.from(doc(SIMPLIFIED, '<meta charset="gb2312">'), 'utf8');
    const d = decodeBody(buf, 'text/html');
    expect(d.charset).toBe('utf-8');
    expect(d.declared).toBe('gb18030');
    expect(d.text).toContain('政策文件');
  });

  it('honours a UTF-8 BOM over any declaration', () => {
    const buf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(doc(SIMPLIFIED, '<meta charset="gbk">'))]);
    const d = decodeBody(buf, 'text/html; charset=gbk');
    expect(d.charsetSource).toBe('bom');
    expect(d.text.startsWith('<!DOCTYPE')).toBe(true);
  });

  it('decodes a body cut in the middle of a character without giving up on UTF-8', () => {
    const full = Buffer.from(doc(SIMPLIFIED, '<meta charset="utf-8">'));
    const cut = full.subarray(0, full.indexOf(Buffer.from('公开')) + 2);
    const d = decodeBody(cut, 'text/html');
    expect(d.charset).toBe('utf-8');
  });

  it('maps WHATWG labels', () => {
    expect(canonicalCharset('GB2312')).toBe('gb18030');
    expect(canonicalCharset('x-gbk')).toBe('gb18030');
    expect(canonicalCharset('Big5-HKSCS')).toBe('big5');
    expect(canonicalCharset('ISO-8859-1')).toBe('windows-1252');
    expect(canonicalCharset('no-such-charset')).toBeUndefined();
  });
});
