/**
 * V-06a 服务不实用—无办事服务 (veto, 国办秘函〔2019〕19号 Part 1): the site offers a 办事服务 /
 * 政务服务 / 网上办事 column or links to the provincial 政务服务网. Units that offer no services
 * to the public (site.offersServices = false) are not assessed; the methodology then scores the
 * deduction part out of 75 and multiplies by 4/3.
 */
import { z } from 'zod';
import type { Check, CheckContext, Finding } from '../../model/finding.ts';
import { homePage, isOk, pageEvidence, PageIndex, pageState, parseOptions, summary } from '../disclosure/common.ts';
import { findServiceEntry } from './common.ts';

const meta = {
  id: 'services.entry',
  ref: 'V-06a',
  family: 'services',
  severity: 'veto',
  title: { zh: '提供办事服务', en: 'Online services offered' },
  description: {
    zh: '网站应提供办事服务栏目，或链接到本地区政务服务网（单项否决：未提供办事服务）。',
    en: 'The site has a services column or links to the provincial 政务服务网 (veto: no services offered).',
  },
  needs: ['page'],
  defaults: { extraEntryTexts: [], extraPlatformHosts: [] },
} satisfies Omit<Check, 'evaluate'>;

const Options = z.object({
  /** Local entry names that count as a services entry (e.g. 闽政通, 浙里办), matched inside anchor texts. */
  extraEntryTexts: z.array(z.string()),
  /** Host fragments of local service platforms besides *zwfw*, zwdt.sh.gov.cn and banshi.* (e.g. "zlb.zj"). */
  extraPlatformHosts: z.array(z.string()),
});

const FIX = {
  zh: '在首页设置“办事服务”栏目，或醒目链接到本地区政务服务网（一体化政务服务平台）的对应页面。',
  en: 'Add a 办事服务 column to the home page, or a prominent link to the provincial 政务服务网.',
};

function evaluate(ctx: CheckContext): Finding[] {
  if (!ctx.site.offersServices) {
    return [summary(meta, 'not_applicable', { zh: '本单位不对外提供办事服务（registry: offersServices=false），不检查办事服务指标', en: 'This unit offers no public services (offersServices: false); service indicators are not assessed' })];
  }
  const o = parseOptions(Options, ctx, meta.id);
  const home = homePage(ctx);
  if (!ctx.site.entries.services && (!home || !isOk(home))) {
    return [summary(meta, 'cannot_assess', { zh: '首页未能获取，无法查找办事服务入口', en: 'The home page was not fetched, so the services entry could not be looked for' }, { evidence: home ? [pageEvidence(home, { failureClass: home.failure?.class })] : [] })];
  }
  const e = findServiceEntry(ctx, { texts: o.extraEntryTexts, hosts: o.extraPlatformHosts });
  if (!e) {
    return [
      summary(meta, 'fail', { zh: '未找到办事服务栏目或政务服务网链接（单项否决）', en: 'No services column and no link to the 政务服务网 were found (veto)' }, {
        measure: 1,
        fix: FIX,
        evidence: home ? [pageEvidence(home, { text: `首页链接 ${home.links?.length ?? 0} 个，无“办事服务/政务服务/网上办事/政务服务网”或 zwfw 地址` })] : [],
      }),
    ];
  }
  const target = new PageIndex(ctx.pages).get(e.url);
  const state = pageState(target);
  const ev = { url: e.url, page: e.page, linkText: e.text, status: target?.status, failureClass: target?.failure?.class, text: target?.title, data: { platform: e.platform, via: e.via } };
  if (state === 'site' && !e.platform) {
    // The entry exists but is dead: no usable service. Whether that is the veto is for a person to confirm.
    return [
      summary(meta, 'fail', { zh: `办事服务入口“${e.text}”无法打开（${target?.failure?.class ?? target?.status}）`, en: `The services entry "${e.text}" does not open (${target?.failure?.class ?? target?.status})` }, {
        measure: 1,
        fix: FIX,
        requiresReview: true,
        evidence: [ev],
      }),
    ];
  }
  return [
    summary(
      meta,
      'pass',
      e.platform
        ? { zh: `提供了政务服务网入口“${e.text || e.url}”`, en: `Links to the 政务服务网 ("${e.text || e.url}")` }
        : { zh: `设有办事服务栏目“${e.text || e.url}”`, en: `Has a services column ("${e.text || e.url}")` },
      // Whether a link to the provincial platform counts as the unit's own services is a human call (cn-indicators §b.5).
      { measure: 0, evidence: [ev], ...(e.platform || e.via === 'depth1' ? { requiresReview: e.via === 'depth1' } : {}) },
    ),
  ];
}

export const entryCheck: Check = { ...meta, evaluate };
