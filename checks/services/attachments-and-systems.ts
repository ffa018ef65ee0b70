/**
 * V-06c (2015 普查 sub-checks, vendor problem types; ❓ point values): on service pages, the
 * 办事表格 and attachments download (「所需的办事表格、文件附件等资料能否正常下载」) and the
 * online application and query systems open (「在线申报和查询系统能否正常访问」).
 *
 * Outcome per target, from the link checks and page fetches the crawler stored:
 *  - confirmed: 404/410 and other 4xx, DNS, refused, TLS, redirect loops, or a transient
 *    failure (timeout, 5xx, reset) that failed again on the re-check (attempt 2) → fail;
 *  - suspected: a transient failure not (yet) re-checked → warn;
 *  - blocked, robots, budget (failureBlame = cannot_assess) → not counted;
 *  - not checked at all → listed, not counted.
 */
import { z } from 'zod';
import type { Check, CheckContext, Evidence, Finding } from '../../model/finding.ts';
import type { Failure, LinkCheckObservation, PageObservation } from '../../model/observation.ts';
import { failureBlame } from '../../model/observation.ts';
import { anchors, defect, isOk, norm, PageIndex, pageUrl, parseOptions, summary, urlKey, nothingFetched } from '../disclosure/common.ts';
import { findGuidePages, servicePages } from './common.ts';

const ATTACHMENT_EXT = /\.(?:pdf|docx?|xlsx?|wps|et|dps|pptx?|zip|rar|7z|ofd|rtf|txt|csv)(?:$|[?#])/i;
// Bare 「下载」 is not enough: 「APP下载」 and 「客户端下载」 are not 办事 attachments.
const ATTACHMENT_TEXT = /表格下载|表格|附件|申请表|申请书|样表|模板|范本|空白表|登记表|审批表/;
const SYSTEM_TEXT = /网上办事大厅|网上服务大厅|办事大厅|政务服务网|一网通办|在线申报|网上申报|在线办理|网上办理|在线申请|网上申请|我要办理|立即办理|马上办|在线预约|网上预约|办件查询|进度查询|结果查询|办理进度|查询系统|申报系统|业务系统|在线填报/;
const SERVICE_PAGE_TEXT = /办事|政务服务|办事指南|服务指南|表格下载|下载中心|审批|许可|在线办理/;

const TRANSIENT = new Set(['timeout', 'http_5xx', 'reset', 'connection']);

const Options = z.object({
  /** Link checks of these failure classes are suspected until the re-check confirms them. */
  transientClasses: z.array(z.string()),
  maxDefects: z.number().int().positive(),
});

const meta = {
  id: 'services.attachments-and-systems',
  ref: 'V-06c',
  family: 'services',
  severity: 'deduct',
  title: { zh: '办事附件下载与业务系统可用', en: 'Service attachments and online systems work' },
  description: {
    zh: '办事页面所需的表格、附件应能正常下载，在线申报和查询系统应能正常访问。',
    en: 'Forms and attachments on service pages download, and online application and query systems open.',
  },
  needs: ['page', 'link'],
  defaults: { transientClasses: [...TRANSIENT], maxDefects: 200 },
} satisfies Omit<Check, 'evaluate'>;

type Kind = 'attachment' | 'system';
type State = 'ok' | 'confirmed' | 'suspected' | 'cannot_assess' | 'unchecked';

interface Target {
  url: string;
  kind: Kind;
  page: string;
  text: string;
}

function latestLinkChecks(links: LinkCheckObservation[]): Map<string, LinkCheckObservation> {
  const m = new Map<string, LinkCheckObservation>();
  for (const l of links) {
    const k = urlKey(l.url);
    const cur = m.get(k);
    if (!cur || (l.attempt ?? 1) > (cur.attempt ?? 1) || ((l.attempt ?? 1) === (cur.attempt ?? 1) && l.at > cur.at)) m.set(k, l);
  }
  return m;
}

function classify(obs: { status: number; failure?: Failure; attempt?: number }, transient: Set<string>): { state: State; reason: string } {
  const f = obs.failure;
  if (!f && obs.status >= 200 && obs.status < 400) return { state: 'ok', reason: `HTTP ${obs.status}` };
  if (!f && obs.status === 0) return { state: 'unchecked', reason: 'no response recorded' };
  // A file served where a page was expected is a working download.
  if (f && (f.class === 'not_html' || f.class === 'too_large')) return { state: 'ok', reason: f.class };
  if (f && failureBlame(f.class) === 'cannot_assess') return { state: 'cannot_assess', reason: `${f.class}: ${f.message}` };
  const why = f ? `${f.class}${obs.status ? ` (HTTP ${obs.status})` : ''}: ${f.message}` : `HTTP ${obs.status}`;
  if (f && transient.has(f.class) && (obs.attempt ?? 1) < 2) return { state: 'suspected', reason: why };
  return { state: 'confirmed', reason: (obs.attempt ?? 1) >= 2 ? `${why}; failed again on re-check` : why };
}

function evaluate(ctx: CheckContext): Finding[] {
  if (!ctx.site.offersServices) {
    return [summary(meta, 'not_applicable', { zh: '本单位不对外提供办事服务，不检查办事附件和业务系统', en: 'This unit offers no public services; attachments and systems are not assessed' })];
  }
  const o = parseOptions(Options, ctx, meta.id);
  const none = nothingFetched(meta, ctx);
  if (none) return [none];
  const transient = new Set(o.transientClasses);
  const index = new PageIndex(ctx.pages);
  const svc = servicePages(ctx, index);
  // Service pages: the services column and below it, every 办事指南, and pages reached through 办事/服务 links.
  const pages = new Set<PageObservation>([...svc.pages, ...findGuidePages(ctx).map((g) => g.page)]);
  for (const p of ctx.pages) if (isOk(p) && p.depth > 0 && (SERVICE_PAGE_TEXT.test(norm(p.referrerText)) || /办事指南|表格下载|下载中心/.test(norm(p.title)))) pages.add(p);

  const targets = new Map<string, Target>();
  for (const p of pages) {
    for (const l of anchors(p)) {
      if (!/^https?:/i.test(l.url)) continue;
      const t = norm(l.text);
      const kind: Kind | undefined = ATTACHMENT_EXT.test(l.url) || (ATTACHMENT_TEXT.test(t) && t.length <= 30 && !SYSTEM_TEXT.test(t)) ? 'attachment' : SYSTEM_TEXT.test(t) && t.length <= 20 ? 'system' : undefined;
      if (!kind) continue;
      const k = urlKey(l.url);
      if (!targets.has(k)) targets.set(k, { url: l.url, kind, page: pageUrl(p), text: l.text });
    }
  }
  if (targets.size === 0) {
    return [summary(meta, pages.size > 0 ? 'pass' : 'not_applicable', pages.size > 0 ? { zh: `${pages.size} 个办事页面上未发现附件或业务系统链接`, en: `No attachment or system links on ${pages.size} service page(s)` } : { zh: '未找到办事服务页面', en: 'No service pages were found' }, { measure: 0 })];
  }

  const checks = latestLinkChecks(ctx.links);
  const counts: Record<State, number> = { ok: 0, confirmed: 0, suspected: 0, cannot_assess: 0, unchecked: 0 };
  const defects: Finding[] = [];
  const examples: Evidence[] = [];
  for (const t of targets.values()) {
    const lc = checks.get(urlKey(t.url));
    const pg = index.get(t.url);
    const obs = lc ?? pg;
    const c = obs ? classify({ status: obs.status, failure: obs.failure, attempt: lc?.attempt }, transient) : { state: 'unchecked' as State, reason: 'not checked in this run' };
    counts[c.state]++;
    if (c.state !== 'confirmed' && c.state !== 'suspected') continue;
    const what = t.kind === 'attachment' ? { zh: '附件无法下载', en: 'Attachment does not download' } : { zh: '业务系统无法访问', en: 'Online system does not open' };
    const ev: Evidence = { url: t.url, page: t.page, linkText: t.text, status: obs?.status, failureClass: obs?.failure?.class, text: c.reason, data: { kind: t.kind, state: c.state } };
    examples.push(ev);
    if (defects.length < o.maxDefects) {
      defects.push(
        defect(meta, t.url, c.state === 'confirmed' ? 'fail' : 'warn', { zh: `${what.zh}${c.state === 'suspected' ? '（疑似，待复查）' : ''}：“${t.text || t.url}”（${c.reason}）`, en: `${what.en}${c.state === 'suspected' ? ' (suspected, not re-checked)' : ''}: "${t.text || t.url}" (${c.reason})` }, ev, {
          fix: t.kind === 'attachment' ? { zh: '修复或重新上传附件，确保办事表格可正常下载。', en: 'Fix or re-upload the file so the form downloads.' } : { zh: '恢复业务系统访问，或更新为有效的系统地址。', en: 'Restore the system or link to its current address.' },
        }),
      );
    }
  }
  const assessed = counts.ok + counts.confirmed + counts.suspected;
  if (assessed === 0) {
    return [summary(meta, 'cannot_assess', { zh: `${targets.size} 个附件/系统链接均未能检查（被拦截或未检查）`, en: `None of the ${targets.size} attachment/system links could be checked (blocked or unchecked)` }, { evidence: [{ data: { ...counts, targets: targets.size } }] })];
  }
  const status = counts.confirmed > 0 ? 'fail' : counts.suspected > 0 ? 'warn' : 'pass';
  return [
    summary(
      meta,
      status,
      status === 'pass'
        ? { zh: `${assessed} 个办事附件和业务系统链接均可正常访问`, en: `All ${assessed} attachment and system links work` }
        : { zh: `${assessed} 个办事附件和业务系统链接中，${counts.confirmed} 个确定不可用，${counts.suspected} 个疑似不可用`, en: `Of ${assessed} attachment and system links, ${counts.confirmed} are broken and ${counts.suspected} suspected` },
      { measure: counts.confirmed, evidence: [{ data: { ...counts, targets: targets.size, servicePages: pages.size } }, ...examples.slice(0, 19)] },
    ),
    ...defects,
  ];
}

export const attachmentsAndSystemsCheck: Check = { ...meta, evaluate };
