/**
 * G-06 依申请公开渠道 (条例 Art. 28: 建立完善政府信息公开申请渠道): a 依申请公开 page that offers
 * an online application form or a downloadable 申请表, and states where to send a paper
 * application (postal address / 受理机构).
 */
import { z } from 'zod';
import type { Check, CheckContext, Finding } from '../../model/finding.ts';
import type { PageObservation } from '../../model/observation.ts';
import { anchors, bodyText, defect, findLinks, findSection, isOk, norm, PageIndex, pageEvidence, pageState, pageUrl, parseOptions, summary, nothingFetched } from './common.ts';

const REQUEST_RX = /依申请公开|信息公开申请|申请公开|公开申请/;
const ONLINE_RX = /在线申请|网上申请|在线填报|网上填报|我要申请|提交申请|申请入口|在线提交/;
const FORM_DOC_RX = /\.(?:docx?|pdf|wps|xlsx?|et|ofd|rtf|zip|rar)(?:$|[?#])/i;
const FORM_TEXT_RX = /申请表|申请书|表格下载|下载/;
const ADDRESS_RX = /(?:邮寄|通讯|通信|联系|办公|受理)地址|地址[:：]|邮政编码|邮编|受理(?:机构|部门|单位|窗口)|收件人/;

const Options = z.object({
  /** Accept the address stated in the 信息公开指南 when the 依申请公开 page itself has none. */
  addressFromGuide: z.boolean(),
});

const meta = {
  id: 'disclosure.request-channel',
  ref: 'G-06',
  family: 'disclosure',
  severity: 'deduct',
  title: { zh: '依申请公开渠道', en: 'Channel for disclosure requests' },
  description: {
    zh: '应提供依申请公开渠道：在线申请表单或可下载的申请表，并载明信函申请的通信地址或受理机构（条例第二十八条）。',
    en: 'A 依申请公开 page offers an online form or a downloadable application form, and states the postal address or receiving office (Art. 28).',
  },
  needs: ['page'],
  defaults: { addressFromGuide: true },
} satisfies Omit<Check, 'evaluate'>;

/** An application form: two visible fields or a 申请/提交 button; a login or search box in the page header is not one. */
function hasOnlineForm(p: PageObservation): boolean {
  return (p.forms ?? []).some((f) => {
    if (f.fields.some((x) => /^password$/i.test(x.type))) return false;
    if (/搜索|检索|查询|登录/.test(norm(f.submitText))) return false;
    return f.fields.filter((x) => !/^(?:hidden|submit|button|reset|image)$/i.test(x.type)).length >= 2 || /申请|提交/.test(norm(f.submitText));
  });
}

function evaluate(ctx: CheckContext): Finding[] {
  const o = parseOptions(Options, ctx, meta.id);
  const none = nothingFetched(meta, ctx);
  if (none) return [none];
  const index = new PageIndex(ctx.pages);
  const s = findSection(ctx, index);
  const scope = s.pages.length > 0 ? s.pages : ctx.pages;
  let links = findLinks(scope, (t) => t.length <= 20 && REQUEST_RX.test(t) && !/年报|年度报告|统计/.test(t));
  if (links.length === 0 && scope !== ctx.pages) links = findLinks(ctx.pages, (t) => t.length <= 20 && REQUEST_RX.test(t) && !/年报|年度报告|统计/.test(t));
  const pages: PageObservation[] = [];
  let blocked: PageObservation | undefined;
  let broken: { p: PageObservation; text: string; from: string } | undefined;
  for (const { link, page } of links) {
    const p = index.get(link.url);
    const st = pageState(p);
    if (st === 'ok') pages.push(p!);
    else if (st === 'cannot_assess') blocked ??= p;
    else if (st === 'site') broken ??= { p: p!, text: link.text, from: pageUrl(page) };
  }
  for (const p of scope) if (isOk(p) && REQUEST_RX.test(norm(p.title)) && !pages.includes(p)) pages.push(p);

  if (pages.length === 0) {
    if (blocked) return [summary(meta, 'cannot_assess', { zh: '依申请公开页面拒绝了访问，无法检查', en: 'The disclosure-request page refused us' }, { evidence: [pageEvidence(blocked, { failureClass: blocked.failure?.class })] })];
    if (links.length > 0 && !broken) return [summary(meta, 'cannot_assess', { zh: '依申请公开页面本次未抓取，无法检查', en: 'The disclosure-request page was not fetched in this run' }, { evidence: [{ url: links[0].link.url, page: pageUrl(links[0].page), linkText: links[0].link.text }] })];
    const ev = broken ? { url: pageUrl(broken.p), page: broken.from, linkText: broken.text, status: broken.p.status, failureClass: broken.p.failure?.class } : s.root ? pageEvidence(s.root) : { url: ctx.site.url };
    const msg = broken ? { zh: `依申请公开页面无法打开（${broken.p.failure?.class ?? broken.p.status}）`, en: `The disclosure-request page does not open (${broken.p.failure?.class ?? broken.p.status})` } : { zh: '未找到依申请公开栏目或页面', en: 'No 依申请公开 (disclosure request) page was found' };
    const fix = { zh: '在政府信息公开专栏设置“依申请公开”栏目，提供在线申请和申请表下载，并载明受理机构和通信地址。', en: 'Add a 依申请公开 column with an online form, a downloadable application form, and the receiving office and postal address.' };
    return [summary(meta, 'fail', msg, { measure: 1, fix, evidence: [ev] }), defect(meta, 'page', 'fail', msg, ev, { fix })];
  }

  // The request page and what it links to (the online system, the form download page).
  const related = new Set<PageObservation>(pages);
  for (const p of pages) for (const l of anchors(p)) {
    const q = index.get(l.url);
    if (q && isOk(q) && (ONLINE_RX.test(norm(l.text)) || FORM_TEXT_RX.test(norm(l.text)))) related.add(q);
  }
  let online: { url: string; text: string; page: string } | undefined;
  let download: { url: string; text: string; page: string } | undefined;
  let address: { url: string; text: string } | undefined;
  for (const p of related) {
    if (!online && hasOnlineForm(p)) online = { url: pageUrl(p), text: `表单：${(p.forms ?? [])[0]?.submitText ?? ''}`, page: pageUrl(p) };
    for (const l of anchors(p)) {
      const t = norm(l.text);
      if (!online && ONLINE_RX.test(t)) online = { url: l.url, text: l.text, page: pageUrl(p) };
      if (!download && (FORM_DOC_RX.test(l.url) && (FORM_TEXT_RX.test(t) || REQUEST_RX.test(t) || /申请/.test(t)) || (/申请表/.test(t) && FORM_DOC_RX.test(l.url)))) download = { url: l.url, text: l.text, page: pageUrl(p) };
    }
    const m = norm(bodyText(p)).match(new RegExp(`.{0,10}(?:${ADDRESS_RX.source}).{0,30}`));
    if (!address && m) address = { url: pageUrl(p), text: m[0] };
  }
  if (!address && o.addressFromGuide) {
    for (const p of ctx.pages) {
      if (!isOk(p) || !/公开指南/.test(norm(p.title))) continue;
      const m = norm(bodyText(p)).match(new RegExp(`.{0,10}(?:${ADDRESS_RX.source}).{0,30}`));
      if (m) {
        address = { url: pageUrl(p), text: `（指南）${m[0]}` };
        break;
      }
    }
  }
  const main = pages[0];
  const out: Finding[] = [];
  const problems: string[] = [];
  if (!online && !download) {
    problems.push('channel');
    out.push(
      defect(meta, 'channel', 'fail', { zh: '依申请公开页面既无在线申请表单，也无可下载的申请表', en: 'The disclosure-request page has neither an online form nor a downloadable application form' }, pageEvidence(main), {
        fix: { zh: '提供在线申请功能，或提供申请表（doc/docx/pdf/wps）下载。', en: 'Offer an online application, or a downloadable form (doc/docx/pdf/wps).' },
      }),
    );
  }
  if (!address) {
    problems.push('address');
    out.push(
      defect(meta, 'address', 'fail', { zh: '依申请公开页面未载明信函申请的通信地址或受理机构', en: 'The disclosure-request page gives no postal address or receiving office' }, pageEvidence(main), {
        fix: { zh: '载明受理机构名称、通信地址、邮政编码和联系电话。', en: 'State the receiving office, postal address, post code and phone.' },
      }),
    );
  }
  out.unshift(
    summary(
      meta,
      problems.length === 0 ? 'pass' : 'fail',
      problems.length === 0
        ? { zh: `依申请公开渠道完整（${online ? '在线申请' : '申请表下载'}，并载明受理地址）`, en: `The request channel is complete (${online ? 'online form' : 'downloadable form'} and address)` }
        : { zh: `依申请公开渠道不完整：${problems.map((x) => (x === 'channel' ? '无在线申请或申请表下载' : '无通信地址/受理机构')).join('；')}`, en: `The request channel is incomplete: ${problems.join(', ')}` },
      { measure: problems.length, evidence: [pageEvidence(main, { data: { online, download, address } })] },
    ),
  );
  return out;
}

export const requestChannelCheck: Check = { ...meta, evaluate };
