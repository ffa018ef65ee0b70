/**
 * identity.icp-filing (S-03): the ICP备案号 is shown in the footer and links to the MIIT filing
 * system (beian.miit.gov.cn). Regex from the reference: province abbreviation + ICP备 + 6–10
 * digits + 号, optionally -N. No number → fail; a number without the link (or to the retired
 * miitbeian.gov.cn) → warn.
 */
import type { Check, CheckContext, CheckMeta, Finding } from '../../model/finding.ts';
import { finding } from '../util.ts';
import { home, hostIs, identityText, scriptLink } from './common.ts';

const meta: CheckMeta = {
  id: 'identity.icp-filing',
  ref: 'S-03',
  family: 'identity',
  title: { zh: 'ICP备案号', en: 'ICP filing number' },
  description: { zh: '页脚显示ICP备案号并链接至工业和信息化部备案系统（beian.miit.gov.cn）。', en: 'The footer shows the ICP filing number linked to beian.miit.gov.cn.' },
  severity: 'deduct',
  needs: ['page'],
};

// Filings use the provinces' short names, including 蜀 (四川), 黔 (贵州), 滇 (云南), 陇 (甘肃): 「蜀ICP备10004916号」.
export const ICP = /[京津沪渝冀豫云滇辽黑湘皖鲁新苏浙赣鄂桂甘陇晋蒙陕吉闽贵黔粤青藏川蜀宁琼]\s*ICP\s*备\s*\d{6,10}\s*号(?:\s*-\s*\d+)?/i;

function evaluate(ctx: CheckContext): Finding[] {
  const h = home(ctx);
  if (!h || h.status === 0 || h.failure) return [finding(meta, 'cannot_assess', { zh: '首页未成功抓取', en: 'The home page was not fetched' })];
  const url = h.finalUrl || h.url;
  const m = ICP.exec(identityText(h, ctx));
  const links = h.links ?? [];
  const miit = links.find((l) => hostIs(l, 'beian.miit.gov.cn')) ?? scriptLink(ctx, /https?:\/\/beian\.miit\.gov\.cn[^\s'"<>]*/i);
  const old = links.find((l) => hostIs(l, 'miitbeian.gov.cn'));
  if (!m) {
    return [
      finding(meta, 'fail', { zh: '页脚未显示ICP备案号', en: 'No ICP filing number in the footer' }, {
        key: meta.id,
        measure: 1,
        evidence: [{ url, data: { linked: !!miit } }],
        fix: { zh: '在页脚显示ICP备案号（如“闽ICP备XXXXXXXX号”）并链接到 https://beian.miit.gov.cn/', en: 'Show the ICP number (e.g. 闽ICP备XXXXXXXX号) in the footer, linked to https://beian.miit.gov.cn/' },
      }),
    ];
  }
  const number = m[0].replace(/\s+/g, '');
  if (!miit) {
    return [
      finding(meta, 'warn', { zh: `ICP备案号 ${number} 未链接到工信部备案系统${old ? '（仍链接已停用的 miitbeian.gov.cn）' : ''}`, en: `ICP number ${number} is not linked to beian.miit.gov.cn${old ? ' (still links the retired miitbeian.gov.cn)' : ''}` }, {
        key: meta.id,
        measure: 0,
        evidence: [{ url, text: number, ...(old ? { linkText: old.text } : {}), data: { number } }],
        fix: { zh: '将备案号链接到 https://beian.miit.gov.cn/', en: 'Link the number to https://beian.miit.gov.cn/' },
      }),
    ];
  }
  return [finding(meta, 'pass', { zh: `ICP备案号 ${number} 显示并已链接`, en: `ICP number ${number} shown and linked` }, { key: meta.id, measure: 0, evidence: [{ url: miit.url, page: url, linkText: miit.text, text: number }] })];
}

export const check: Check = { ...meta, evaluate };
