/**
 * participation.channel (V-05a, veto): "未提供网上有效咨询建言渠道（网上信访、纪检举报等专门渠道除外）".
 *
 * A channel is a link whose text or title names a consultation channel (领导信箱, 市长信箱,
 * 我要写信, 网上咨询, 留言, 政民互动, 12345 …, cn-indicators §A.1) and not a special channel
 * (网上信访, 纪检举报, 举报投诉). It is effective when its page loads and offers a letter form
 * (a text area, or fields named 内容/标题) on the channel page or one click further (我要写信).
 * No channel at all is the veto; a channel whose form could not be verified (login wall,
 * JavaScript form, page not crawled) is a warning for a person to check.
 */
import type { Check, CheckContext, CheckMeta, Evidence, Finding } from '../../model/finding.ts';
import type { Form, Link, PageObservation } from '../../model/observation.ts';
import { finding, homePage } from '../util.ts';
import { keywordTables, matchKeyword, SPECIAL_CHANNEL_KEYWORDS } from '../keywords.ts';
import { blockedPage, normUrl, okPage, sitePages , unreadableSite } from '../freshness/columns.ts';

const meta: CheckMeta = {
  id: 'participation.channel',
  ref: 'V-05a',
  family: 'participation',
  title: { zh: '网上咨询建言渠道', en: 'Online consultation channel' },
  description: {
    zh: '应提供有效的网上咨询建言渠道（如领导信箱、我要写信、网上咨询），网上信访、纪检举报等专门渠道除外。',
    en: 'The site must offer an effective online consultation channel (leader mailbox, write-a-letter, online enquiry); petition and disciplinary-report channels do not count.',
  },
  severity: 'veto',
  needs: ['page'],
};

const FORM_TEXT = /内容|正文|标题|主题|content|title|subject|question|msg|message|liuyan|nr|bt/i;
const WRITE_LINK = /我要写信|我要留言|写信|留言|我要咨询|提交|提问|发表/;
const HUB_RE = /^(?:互动交流|政民互动|公众参与|互动|互动平台|政民互动平台)$/;

/** A form a citizen can write a letter in. */
export function isLetterForm(f: Form): boolean {
  if (f.fields.some((x) => x.type === 'textarea')) return true;
  return f.fields.filter((x) => x.type !== 'hidden' && FORM_TEXT.test(`${x.name} ${x.label ?? ''}`)).length >= 1 && f.fields.length >= 2;
}

interface Candidate {
  link: Link;
  from: string;
  keyword: string;
}

function evaluate(ctx: CheckContext): Finding[] {
  const unreadable = unreadableSite(ctx);
  if (unreadable) return [finding(meta, 'cannot_assess', { zh: unreadable.zh, en: unreadable.en }, { key: meta.id, evidence: unreadable.evidence })];
  const tables = keywordTables(ctx.options.keywords);
  const special = Array.isArray(ctx.options.specialChannels) ? (ctx.options.specialChannels as string[]) : SPECIAL_CHANNEL_KEYWORDS;
  const pagesByUrl = new Map<string, PageObservation>();
  for (const p of ctx.pages) {
    pagesByUrl.set(normUrl(p.url), p);
    if (p.finalUrl) pagesByUrl.set(normUrl(p.finalUrl), p);
  }
  const candidates = new Map<string, Candidate>();
  const specials = new Map<string, Candidate>();
  const home = homePage(ctx);
  // home page links first, so evidence names the most visible entry
  const own = sitePages(ctx);
  const ordered = home ? [home, ...own.filter((p) => p !== home)] : own;
  for (const p of ordered) {
    if (!okPage(p)) continue;
    for (const l of p.links ?? []) {
      if (l.tag !== 'a' && l.tag !== 'area') continue;
      const text = l.text.trim();
      if (!text || text.length > 20) continue;
      const sp = matchKeyword(text, special);
      const k = matchKeyword(text, tables.interaction);
      const key = normUrl(l.url);
      if (sp && (!k || sp.length >= k.length || /信访|举报/.test(text))) {
        if (!specials.has(key)) specials.set(key, { link: l, from: p.finalUrl || p.url, keyword: sp });
        continue;
      }
      if (k && !matchKeyword(text, tables.interactionExcluded.filter((x) => !special.includes(x)))) {
        if (!candidates.has(key)) candidates.set(key, { link: l, from: p.finalUrl || p.url, keyword: k });
      }
    }
  }
  if (ctx.site.entries.participation) {
    const key = normUrl(ctx.site.entries.participation);
    if (!candidates.has(key)) candidates.set(key, { link: { url: ctx.site.entries.participation, raw: '', tag: 'a', text: '互动交流（登记入口）', internal: true }, from: '(registry)', keyword: '互动交流' });
  }

  const noChannel = (hubs: Candidate[]): Finding[] => {
    const ex = [...specials.values(), ...hubs].slice(0, 10).map((c) => ({ url: c.link.url, page: c.from, linkText: c.link.text }));
    return [
      finding(
        meta,
        'fail',
        specials.size
          ? { zh: `未发现网上咨询建言渠道；仅有网上信访、举报等专门渠道（${[...specials.values()].map((c) => c.link.text).slice(0, 5).join('、')}），不计入`, en: `No online consultation channel; only special channels (petitions, reports) which do not count: ${[...specials.values()].map((c) => c.link.text).slice(0, 5).join(', ')}` }
          : { zh: '未发现网上咨询建言渠道（领导信箱、我要写信、网上咨询等）', en: 'No online consultation channel (leader mailbox, write a letter, online enquiry …) was found' },
        {
          key: meta.id,
          evidence: [{ url: ctx.site.url, data: { pagesScanned: ctx.pages.length, specialChannels: specials.size } }, ...ex],
          fix: { zh: '开设领导信箱或网上咨询栏目，提供可提交留言的表单并公开答复', en: 'Open a leader mailbox or online enquiry column with a working letter form and publish the replies' },
          requiresReview: true,
        },
      ),
    ];
  };
  if (candidates.size === 0) return noChannel([]);

  type Verdict = { c: Candidate; state: 'form' | 'no_form' | 'broken' | 'blocked' | 'unchecked'; formPage?: PageObservation; form?: Form; status?: number; failure?: string };
  const verdicts: Verdict[] = [];
  const hubs: Candidate[] = [];
  for (const c of candidates.values()) {
    const page = pagesByUrl.get(normUrl(c.link.url));
    if (!page) {
      verdicts.push({ c, state: 'unchecked' });
      continue;
    }
    if (blockedPage(page)) {
      verdicts.push({ c, state: 'blocked', status: page.status, failure: page.failure?.class });
      continue;
    }
    if (!okPage(page)) {
      verdicts.push({ c, state: 'broken', status: page.status, failure: page.failure?.class });
      continue;
    }
    const own = page.forms?.find(isLetterForm);
    if (own) {
      verdicts.push({ c, state: 'form', formPage: page, form: own });
      continue;
    }
    // 我要写信 one click further
    let found: Verdict | undefined;
    for (const l of page.links ?? []) {
      if (!WRITE_LINK.test(l.text)) continue;
      const next = pagesByUrl.get(normUrl(l.url));
      const f = next && okPage(next) ? next.forms?.find(isLetterForm) : undefined;
      if (f) {
        found = { c, state: 'form', formPage: next, form: f };
        break;
      }
    }
    // a hub (互动交流) without a form of its own is not a channel: the channels it links to were
    // collected from its page already, and 网上信访/纪检举报 alone must not make it one
    if (!found && HUB_RE.test(c.link.text)) {
      hubs.push(c);
      continue;
    }
    verdicts.push(found ?? { c, state: 'no_form', formPage: page });
  }
  if (verdicts.length === 0) return noChannel(hubs);

  const order = { form: 0, no_form: 1, unchecked: 2, blocked: 3, broken: 4 } as const;
  verdicts.sort((a, b) => order[a.state] - order[b.state]);
  const best = verdicts[0];
  const ev = (v: Verdict): Evidence => ({
    url: v.c.link.url,
    page: v.c.from,
    linkText: v.c.link.text,
    ...(v.status !== undefined ? { status: v.status } : {}),
    ...(v.failure ? { failureClass: v.failure } : {}),
    data: {
      state: v.state,
      keyword: v.c.keyword,
      ...(v.formPage && v.form ? { formPage: v.formPage.finalUrl || v.formPage.url, formAction: v.form.action, formMethod: v.form.method, fields: v.form.fields.map((f) => f.label ? `${f.name}(${f.label})` : f.name).slice(0, 20), submitText: v.form.submitText ?? null } : {}),
    },
  });
  const evidence = verdicts.slice(0, 20).map(ev);
  if (best.state === 'form') {
    return [
      finding(meta, 'pass', { zh: `提供了网上咨询建言渠道「${best.c.link.text}」，留言表单可正常打开`, en: `Consultation channel 「${best.c.link.text}」 is offered and its letter form loads` }, { key: meta.id, evidence }),
    ];
  }
  if (best.state === 'broken') {
    return [
      finding(meta, 'fail', { zh: `咨询建言渠道「${best.c.link.text}」无法打开（${best.failure ?? best.status}）`, en: `Consultation channel 「${best.c.link.text}」 does not open (${best.failure ?? best.status})` }, {
        key: meta.id,
        evidence,
        fix: { zh: '修复咨询建言渠道页面，确保可以正常提交留言', en: 'Repair the consultation channel so letters can be submitted' },
        requiresReview: true,
      }),
    ];
  }
  const why = {
    no_form: { zh: '页面可打开，但未找到留言表单（可能需登录或由脚本生成）', en: 'the page opens but no letter form was found (login wall or script-built form?)' },
    unchecked: { zh: '渠道页面未被抓取，未能验证', en: 'the channel page was not crawled, so it could not be verified' },
    blocked: { zh: '渠道页面拒绝了监测访问', en: 'the channel page refused the monitor' },
  }[best.state];
  return [
    finding(meta, 'warn', { zh: `发现咨询建言渠道「${best.c.link.text}」，但${why.zh}`, en: `Consultation channel 「${best.c.link.text}」 found, but ${why.en}` }, {
      key: meta.id,
      evidence,
      requiresReview: true,
      fix: { zh: '确保渠道页面提供可直接填写提交的留言表单', en: 'Make sure the channel offers a letter form that can be filled in and submitted' },
    }),
  ];
}

export const channel: Check = { ...meta, evaluate };
