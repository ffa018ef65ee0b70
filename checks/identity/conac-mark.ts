/**
 * identity.conac-mark (S-05): the red 党政机关 mark (开办单位标识) in the footer, clickable
 * through to the site's registration certificate. Recognised as an image from dcs.conac.cn, a
 * link to bszs.conac.cn (the certificate page, `sitename?method=show&id=…`), or the conac
 * script that draws both. A link check of the certificate URL, when recorded, tells whether
 * the click-through works (a local framework scores mark 50 %, click-through 30 %).
 */
import type { Check, CheckContext, CheckMeta, Finding } from '../../model/finding.ts';
import { finding } from '../util.ts';
import { home, hostIs, scriptLink } from './common.ts';

const meta: CheckMeta = {
  id: 'identity.conac-mark',
  ref: 'S-05',
  family: 'identity',
  title: { zh: '党政机关网站标识', en: 'Party and government organ site mark (conac)' },
  description: { zh: '页脚应放置“党政机关”标识，点击可查看网站开办单位信息。', en: 'The footer shows the 党政机关 mark, clickable through to the registration certificate.' },
  severity: 'deduct',
  needs: ['page'],
};

function evaluate(ctx: CheckContext): Finding[] {
  const h = home(ctx);
  if (!h || h.status === 0 || h.failure) return [finding(meta, 'cannot_assess', { zh: '首页未成功抓取', en: 'The home page was not fetched' })];
  const url = h.finalUrl || h.url;
  const links = h.links ?? [];
  const img = links.find((l) => (l.tag === 'img' || l.tag === 'script') && hostIs(l, 'conac.cn'));
  const cert = links.find((l) => (l.tag === 'a' || l.tag === 'area') && hostIs(l, 'conac.cn'));
  const script =
    (h.scriptSrcs ?? []).find((s) => /conac\.cn/i.test(s)) ??
    links.find((l) => l.tag === 'script' && hostIs(l, 'conac.cn'))?.url ??
    // The official snippet is often `document.write(unescape("%3Cscript src='https://dcs.conac.cn/js/…'"))`.
    scriptLink(ctx, /https?:\/\/(?:dcs|bszs)\.conac\.cn\/[^\s'"<>)]*/i)?.url;
  const certCheck = cert ? [...ctx.links, ...ctx.pages].filter((o) => o.url === cert.url).sort((a, b) => (a.at < b.at ? 1 : -1))[0] : undefined;
  const evidence = [{ url: cert?.url ?? img?.url ?? script ?? url, page: url, linkText: cert?.text ?? img?.text, status: certCheck?.status, failureClass: certCheck?.failure?.class, data: { image: img?.url ?? null, certificate: cert?.url ?? null, script: script ?? null } }];
  if (!img && !cert && !script) {
    return [
      finding(meta, 'fail', { zh: '首页未放置“党政机关”网站标识', en: 'No 党政机关 mark on the home page' }, {
        key: meta.id,
        measure: 1,
        evidence: [{ url }],
        fix: { zh: '在中国机构编制网（conac.cn）获取党政机关网站标识代码，放置在页脚', en: 'Get the 党政机关 mark code from conac.cn and place it in the footer' },
      }),
    ];
  }
  if (!cert && !script) {
    return [finding(meta, 'warn', { zh: '“党政机关”标识不可点击查看开办单位信息', en: 'The 党政机关 mark is not clickable through to the certificate' }, { key: meta.id, measure: 0, evidence, fix: { zh: '使用官方提供的标识代码，使其链接到 bszs.conac.cn 证书页', en: 'Use the official snippet so the mark links to its bszs.conac.cn certificate' } })];
  }
  if (certCheck && (certCheck.status >= 400 || (certCheck.failure && certCheck.failure.class !== 'blocked' && certCheck.failure.class !== 'robots_disallowed'))) {
    return [finding(meta, 'warn', { zh: `“党政机关”标识的证书链接无法打开（${certCheck.status || certCheck.failure?.class}）`, en: `The mark’s certificate link does not open (${certCheck.status || certCheck.failure?.class})` }, { key: meta.id, measure: 0, evidence })];
  }
  return [finding(meta, 'pass', { zh: '首页放置了“党政机关”网站标识', en: 'The 党政机关 mark is on the home page' }, { key: meta.id, measure: 0, evidence })];
}

export const check: Check = { ...meta, evaluate };
