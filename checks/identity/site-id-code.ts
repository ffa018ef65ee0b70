/**
 * identity.site-id-code (S-02): the 网站标识码 is printed in the footer and carried in
 * <meta name="SiteIDCode">, in the right format (10 digits: 6-digit 行政区划代码 + 4-digit serial;
 * or bm + 8 digits for State Council departments), and equal to the code in the registry.
 * Absences and mismatches are separate defects (key checkId|<kind>) so a report shows which one
 * was fixed.
 */
import type { Check, CheckContext, CheckMeta, Evidence, Finding, Text } from '../../model/finding.ts';
import { SITE_ID_CODE } from '../../model/site.ts';
import { finding, summaryExamples } from '../util.ts';
import { footerText, home, identityText, metaGet } from './common.ts';

const meta: CheckMeta = {
  id: 'identity.site-id-code',
  ref: 'S-02',
  family: 'identity',
  title: { zh: '网站标识码', en: 'Site ID code (网站标识码)' },
  description: {
    zh: '页脚显示网站标识码，页面含 <meta name="SiteIDCode">，格式正确且与登记一致。',
    en: 'The footer shows the 网站标识码 and pages carry <meta name="SiteIDCode">, well-formed and equal to the registered code.',
  },
  severity: 'deduct',
  needs: ['page'],
};

/** The S-02 regex from the reference, plus a loose form to catch a label with a malformed code. */
export const FOOTER_CODE = /网站标识码\s*[:：]?\s*(bm\d{8}|\d{10})(?![0-9])/i;
const FOOTER_LABEL_LOOSE = /网站标识码\s*[:：]?\s*([A-Za-z0-9]{1,20})/;
/** Footers that print the code under another label (福州 2013: 「网站识别码：3501000010」; 证监会 uses 网站识别码 too). */
const FOOTER_CODE_OTHER_LABEL = /(?:网站识别码|网站标识|标识码)\s*[:：]?\s*(bm\d{8}|\d{10})(?![0-9])/i;

function evaluate(ctx: CheckContext): Finding[] {
  const h = home(ctx);
  if (!h || h.status === 0 || h.failure) {
    return [finding(meta, 'cannot_assess', { zh: '首页未成功抓取，无法检查网站标识码', en: 'The home page was not fetched; the site ID code could not be checked' })];
  }
  const url = h.finalUrl || h.url;
  const registered = ctx.site.siteIdCode;
  const footer = footerText(h);
  const m = FOOTER_CODE.exec(footer) ?? FOOTER_CODE.exec(identityText(h, ctx));
  const other = m ? undefined : FOOTER_CODE_OTHER_LABEL.exec(footer) ?? FOOTER_CODE_OTHER_LABEL.exec(identityText(h, ctx));
  const loose = m || other ? undefined : FOOTER_LABEL_LOOSE.exec(identityText(h, ctx));
  const printed = m?.[1] ?? other?.[1];
  const metaCode = metaGet(h, 'SiteIDCode')?.trim();
  const defects: Finding[] = [];
  const add = (kind: string, text: Text, fix: Text, e: Evidence) =>
    defects.push(finding(meta, 'fail', text, { key: `${meta.id}|${kind}`, evidence: [{ url, ...e, data: { defect: true, kind, ...(e.data ?? {}) } }], fix }));
  const fixFooter = { zh: '在页脚显示“网站标识码：XXXXXXXXXX”（与全国政府网站信息报送系统登记一致）', en: 'Print “网站标识码：XXXXXXXXXX” in the footer, as registered nationally' };
  const fixMeta = { zh: '在所有页面 <head> 中加入 <meta name="SiteIDCode" content="网站标识码">', en: 'Add <meta name="SiteIDCode" content="…"> to every page head' };
  if (other) add('footer-label', { zh: `页脚以“${other[0].replace(other[1], '').replace(/[:：\s]+$/, '')}”显示标识码，应写作“网站标识码”`, en: 'The footer prints the code under another label; it must read 网站标识码' }, fixFooter, { text: other[0] });
  if (!printed) {
    if (loose) add('footer-format', { zh: `页脚网站标识码格式错误：${loose[1]}`, en: `Footer site ID code malformed: ${loose[1]}` }, fixFooter, { text: loose[0] });
    else add('footer-missing', { zh: '页脚未显示网站标识码', en: 'The footer does not show the site ID code' }, fixFooter, { text: footer.slice(0, 200) });
  }
  if (!metaCode) add('meta-missing', { zh: '首页缺少 <meta name="SiteIDCode">', en: 'The home page lacks <meta name="SiteIDCode">' }, fixMeta, {});
  else if (!SITE_ID_CODE.test(metaCode)) add('meta-format', { zh: `SiteIDCode 元数据格式错误：${metaCode}`, en: `SiteIDCode meta malformed: ${metaCode}` }, fixMeta, { text: metaCode });
  if (printed && metaCode && SITE_ID_CODE.test(metaCode) && printed.toLowerCase() !== metaCode.toLowerCase()) {
    add('footer-meta-mismatch', { zh: `页脚标识码 ${printed} 与 SiteIDCode 元数据 ${metaCode} 不一致`, en: `Footer code ${printed} differs from the SiteIDCode meta ${metaCode}` }, fixFooter, { text: `${printed} ≠ ${metaCode}` });
  }
  if (registered) {
    if (printed && printed.toLowerCase() !== registered.toLowerCase()) {
      add('footer-registry-mismatch', { zh: `页脚标识码 ${printed} 与登记的 ${registered} 不一致`, en: `Footer code ${printed} differs from the registered ${registered}` }, fixFooter, { text: `${printed} ≠ ${registered}` });
    }
    if (metaCode && SITE_ID_CODE.test(metaCode) && metaCode.toLowerCase() !== registered.toLowerCase()) {
      add('meta-registry-mismatch', { zh: `SiteIDCode 元数据 ${metaCode} 与登记的 ${registered} 不一致`, en: `SiteIDCode meta ${metaCode} differs from the registered ${registered}` }, fixMeta, { text: `${metaCode} ≠ ${registered}` });
    }
  }
  const evidence: Evidence[] = [{ url, text: printed ? `网站标识码：${printed}` : undefined, data: { footer: printed ?? null, meta: metaCode ?? null, registered: registered ?? null } }];
  if (defects.length === 0) {
    return [finding(meta, 'pass', { zh: `网站标识码 ${printed} 显示正确${registered ? '，与登记一致' : ''}`, en: `Site ID code ${printed} shown correctly${registered ? ' and matches the registry' : ''}` }, { key: meta.id, evidence, measure: 0 })];
  }
  return [
    finding(meta, 'fail', { zh: `网站标识码存在${defects.length}个问题：${defects.map((d) => d.message.zh).join('；')}`, en: `${defects.length} site ID code problem(s): ${defects.map((d) => d.message.en).join('; ')}` }, {
      key: meta.id,
      evidence: [...evidence, ...summaryExamples(defects)],
      measure: defects.length,
    }),
    ...defects,
  ];
}

export const check: Check = { ...meta, evaluate };
