/**
 * availability.home-failure-ratio (D-01, deduct; with the V-01w vendor early warnings).
 * measure = failures / assessable probes over the window, which the methodology scores.
 * Status follows the 开普云 console (🟡): 2 consecutive failures ("红色告警") or a ratio at or
 * above 3 % warn; at or above the 5 % veto line it fails. Unlike V-01, no minimum number of
 * probes per day is needed: a deduction can be scored on what was measured.
 */
import type { Check, CheckContext, CheckMeta, Finding } from '../../model/finding.ts';
import { finding } from '../util.ts';
import { failureEvidence, num, pct, probeWindow, windowData } from './window.ts';

const meta: CheckMeta = {
  id: 'availability.home-failure-ratio',
  ref: 'D-01',
  refs: ['D-01', 'V-01w'],
  family: 'availability',
  title: { zh: '首页可用性', en: 'Home page availability' },
  description: {
    zh: '首页打不开的次数占全部监测次数的比例；连续2次打不开或占比≥3%预警。',
    en: 'Share of probes in which the home page could not be opened; 2 consecutive failures or a ratio of 3 % or more is an early warning.',
  },
  severity: 'deduct',
  needs: ['probe'],
  defaults: { windowDays: 7, warnRatio: 0.03, failRatio: 0.05, consecutiveFailures: 2 },
};

function evaluate(ctx: CheckContext): Finding[] {
  const windowDays = Math.max(1, Math.round(num(ctx.options.windowDays, 7)));
  const warnRatio = num(ctx.options.warnRatio, 0.03);
  const failRatio = num(ctx.options.failRatio, 0.05);
  const streakLimit = num(ctx.options.consecutiveFailures, 2);
  const w = probeWindow(ctx.probes, ctx.now, windowDays);
  const data = { ...windowData(w), windowDays, warnRatio, failRatio };
  if (w.assessable.length === 0) {
    return [
      finding(meta, 'cannot_assess', { zh: `最近${windowDays}天没有可用于评估的探测`, en: `No assessable probes in the last ${windowDays} days` }, {
        key: meta.id,
        evidence: [{ url: ctx.site.url, data }],
      }),
    ];
  }
  const ratioText = `${w.failures.length}/${w.assessable.length} = ${pct(w.ratio)}`;
  const evidence = [{ url: ctx.site.url, data }, ...failureEvidence(w)];
  const reasons: { zh: string; en: string }[] = [];
  if (w.ratio >= warnRatio) reasons.push({ zh: `打不开占比达到${pct(warnRatio)}`, en: `failure ratio at or above ${pct(warnRatio)}` });
  if (w.maxStreak >= streakLimit) {
    reasons.push({
      zh: `出现连续${w.maxStreak}次打不开${w.currentStreak >= streakLimit ? '（目前仍打不开）' : ''}`,
      en: `${w.maxStreak} consecutive failures${w.currentStreak >= streakLimit ? ' (still failing)' : ''}`,
    });
  }
  const status = w.ratio >= failRatio ? 'fail' : reasons.length ? 'warn' : 'pass';
  const fix = { zh: '排查首页访问故障，确保首页在15秒内完整打开', en: 'Fix what makes the home page fail; it must load fully within 15 s' };
  const msg =
    status === 'pass'
      ? { zh: `首页打不开次数占比${ratioText}`, en: `Home page failed ${ratioText} of probes` }
      : {
          zh: `首页打不开次数占比${ratioText}${reasons.length ? '：' + reasons.map((r) => r.zh).join('；') : ''}`,
          en: `Home page failed ${ratioText} of probes${reasons.length ? ': ' + reasons.map((r) => r.en).join('; ') : ''}`,
        };
  return [finding(meta, status, msg, { key: meta.id, measure: w.ratio, evidence, ...(status === 'pass' ? {} : { fix }) })];
}

export const homeFailureRatio: Check = { ...meta, evaluate };
