/**
 * identity.psb-filing (S-04): the 公安机关备案号 “X公网安备 NNNNNNNNNNNNNN号” (14 digits) in the
 * footer, linked to www.beian.gov.cn/portal/registerSystemInfo?recordcode=<the same 14 digits>.
 * The national requirement is unverified (❓), hence advise.
 */
import type { Check, CheckContext, CheckMeta, Finding } from '../../model/finding.ts';
import { finding } from '../util.ts';
import { home, hostIs, identityText, scriptLink } from './common.ts';

const meta: CheckMeta = {
  id: 'identity.psb-filing',
  ref: 'S-04',
  family: 'identity',
  title: { zh: '公安机关备案号', en: 'Public security filing number' },
  description: { zh: '页脚显示“X公网安备XXXXXXXXXXXXXX号”，并链接到公安备案查询页面。', en: 'The footer shows “X公网安备 + 14 digits + 号” linked to its beian.gov.cn record.' },
  severity: 'advise',
  needs: ['page'],
};

// Either short name of a province is used: 川/蜀, 贵/黔, 云/滇, 甘/陇 (「黔公网安备 52242202000001号」).
export const PSB = /([京津沪渝冀豫云滇辽黑湘皖鲁新苏浙赣鄂桂甘陇晋蒙陕吉闽贵黔粤青藏川蜀宁琼])\s*公网安备\s*(\d{14})\s*号/;

function evaluate(ctx: CheckContext): Finding[] {
  const h = home(ctx);
  if (!h || h.status === 0 || h.failure) return [finding(meta, 'cannot_assess', { zh: '首页未成功抓取', en: 'The home page was not fetched' })];
  const url = h.finalUrl || h.url;
  const m = PSB.exec(identityText(h, ctx));
  const link = (h.links ?? []).find((l) => hostIs(l, 'beian.gov.cn') && /registerSystemInfo/i.test(l.url)) ?? scriptLink(ctx, /https?:\/\/(?:www\.)?beian\.gov\.cn\/portal\/registerSystemInfo\?recordcode=\d+/i);
  const linkedCode = link ? /recordcode=(\d{14})/i.exec(link.url)?.[1] : undefined;
  if (!m) {
    return [
      finding(meta, 'fail', { zh: '页脚未显示公安机关备案号', en: 'No public security filing number in the footer' }, {
        key: meta.id,
        measure: 1,
        evidence: [{ url }],
        fix: { zh: '在页脚显示“X公网安备XXXXXXXXXXXXXX号”并链接到 http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=备案号', en: 'Show the 公网安备 number in the footer linked to its beian.gov.cn record page' },
      }),
    ];
  }
  const code = m[2];
  const text = m[0].replace(/\s+/g, ' ');
  if (!link || linkedCode !== code) {
    return [
      finding(meta, 'warn', link ? { zh: `公安备案号 ${code} 的链接指向了其他备案号（${linkedCode ?? '无'}）`, en: `The 公网安备 link points at another record (${linkedCode ?? 'none'}) than ${code}` } : { zh: `公安备案号 ${code} 未链接到备案查询页面`, en: `公网安备 ${code} is not linked to its record page` }, {
        key: meta.id,
        measure: 0,
        evidence: [{ url: link?.url ?? url, page: url, linkText: link?.text, text, data: { code, linkedCode: linkedCode ?? null } }],
        fix: { zh: `链接到 http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=${code}`, en: `Link to http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=${code}` },
      }),
    ];
  }
  return [finding(meta, 'pass', { zh: `公安备案号 ${code} 显示并已链接`, en: `公网安备 ${code} shown and linked` }, { key: meta.id, measure: 0, evidence: [{ url: link.url, page: url, linkText: link.text, text }] })];
}

export const check: Check = { ...meta, evaluate };
