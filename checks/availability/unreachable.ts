/**
 * availability.unreachable (V-01, veto): "监测1周，每天间隔性访问20次以上，超过（含）15秒网站仍打不开的
 * 次数累计占比超过（含）5%，即单项否决。"
 *
 * The ratio is failures / probes over the 7 days before ctx.now. The method only holds with at
 * least 20 probes on every one of the 7 days; with fewer, a high ratio is a warning (not a
 * veto) and a low one cannot be called a pass: the finding says exactly which days are short.
 * Probes the site's firewall refused (`blocked`) are left out of both sides of the ratio.
 * Individual failing probes are evidence, not defects: what a maintainer fixes is the outage.
 */
import type { Check, CheckContext, CheckMeta, Finding } from '../../model/finding.ts';
import { finding } from '../util.ts';
import { failureEvidence, num, pct, probeWindow, windowData } from './window.ts';

const meta: CheckMeta = {
  id: 'availability.unreachable',
  ref: 'V-01',
  refs: ['V-01'],
  family: 'availability',
  title: { zh: '站点无法访问', en: 'Site unreachable' },
  description: {
    zh: '监测1周，每天间隔性访问20次以上，超过（含）15秒网站仍打不开的次数累计占比超过（含）5%，即单项否决。',
    en: 'Probed at least 20 times a day for a week; a failure ratio (no full response within 15 s, network, TLS or HTTP errors) of 5 % or more is a veto.',
  },
  severity: 'veto',
  needs: ['probe'],
  defaults: { windowDays: 7, minProbesPerDay: 20, vetoRatio: 0.05 },
};

function evaluate(ctx: CheckContext): Finding[] {
  const windowDays = Math.max(1, Math.round(num(ctx.options.windowDays, 7)));
  const minPerDay = num(ctx.options.minProbesPerDay, 20);
  const vetoRatio = num(ctx.options.vetoRatio, 0.05);
  const w = probeWindow(ctx.probes, ctx.now, windowDays);
  const data = { ...windowData(w), windowDays, minProbesPerDay: minPerDay, vetoRatio };
  const summary = { url: ctx.site.url, data };

  if (w.assessable.length === 0) {
    const blocked = w.excluded.length > 0;
    return [
      finding(
        meta,
        'cannot_assess',
        blocked
          ? { zh: `窗口内${w.excluded.length}次探测均被网站拒绝（防火墙/反爬），无法评估可访问性`, en: `All ${w.excluded.length} probes in the window were refused by the site (firewall / anti-bot); availability cannot be assessed` }
          : { zh: `最近${windowDays}天没有探测记录，无法评估`, en: `No probes in the last ${windowDays} days; availability cannot be assessed` },
        {
          key: meta.id,
          evidence: [summary],
          fix: blocked
            ? { zh: '请将监测方的User-Agent/IP加入白名单', en: 'Allow the monitor (User-Agent / IP) through the firewall' }
            : { zh: '请确认探测任务（govmon schedule / govmon probe）正在运行', en: 'Make sure probe jobs (govmon schedule / govmon probe) are running' },
        },
      ),
    ];
  }

  const fullDays = w.perDay.filter((n) => n >= minPerDay).length;
  const complete = fullDays === windowDays;
  const shortDays = w.perDay.map((n, i) => ({ daysAgo: i, probes: n })).filter((d) => d.probes < minPerDay);
  const insufficient = `insufficient probes: ${fullDays} of ${windowDays} days with ≥${minPerDay} probes (short: ${shortDays.map((d) => `day -${d.daysAgo + 1}: ${d.probes}`).join(', ')})`;
  const insufficientZh = `监测样本不足：${windowDays}天中仅${fullDays}天达到每天${minPerDay}次（不足：${shortDays.map((d) => `前第${d.daysAgo + 1}天${d.probes}次`).join('、')}）`;
  const ratioText = `${w.failures.length}/${w.assessable.length} = ${pct(w.ratio)}`;
  const evidence = [summary, ...failureEvidence(w)];
  const fix = { zh: '排查服务器、网络线路、DNS与证书，确保首页在15秒内完整打开；必要时增加冗余与监控', en: 'Fix the server, network, DNS or certificate so the home page loads fully within 15 s; add redundancy and monitoring' };

  if (w.ratio >= vetoRatio) {
    if (complete) {
      return [finding(meta, 'fail', { zh: `首页打不开次数占比${ratioText}，达到单项否决线${pct(vetoRatio)}`, en: `Home page failed ${ratioText} of probes, at or above the ${pct(vetoRatio)} veto line` }, { key: meta.id, measure: w.ratio, evidence, fix })];
    }
    return [
      finding(meta, 'warn', { zh: `首页打不开次数占比${ratioText}，已达否决线，但${insufficientZh}，暂不判定否决`, en: `Home page failed ${ratioText} of probes (veto line ${pct(vetoRatio)}), but ${insufficient}: not a veto yet` }, {
        key: meta.id,
        measure: w.ratio,
        evidence,
        fix,
        requiresReview: true,
      }),
    ];
  }
  if (!complete) {
    return [
      finding(meta, 'cannot_assess', { zh: `目前打不开占比${ratioText}，${insufficientZh}`, en: `Failure ratio so far ${ratioText}; ${insufficient}` }, {
        key: meta.id,
        measure: w.ratio,
        evidence,
        fix: { zh: '每天至少探测20次、连续7天（govmon schedule 默认每小时一次）', en: 'Probe at least 20 times a day for 7 days (govmon schedule probes hourly by default)' },
      }),
    ];
  }
  return [finding(meta, 'pass', { zh: `首页打不开次数占比${ratioText}，低于${pct(vetoRatio)}`, en: `Home page failed ${ratioText} of probes, below ${pct(vetoRatio)}` }, { key: meta.id, measure: w.ratio, evidence })];
}

export const unreachable: Check = { ...meta, evaluate };
