/**
 * Runs checks over a context. A check whose inputs are missing reports `cannot_assess`
 * instead of guessing, and a check that throws on hostile data is recorded as
 * `cannot_assess` with the error, so one bad page never stops the assessment.
 */
import type { Check, CheckContext, Finding } from '../model/finding.ts';

const NEED_FIELDS: Record<string, keyof CheckContext> = {
  page: 'pages',
  link: 'links',
  probe: 'probes',
  tls: 'tls',
  http_redirect: 'httpRedirects',
  resource: 'resources',
  lighthouse: 'lighthouse',
  crawl_event: 'events',
};

export function runCheck(check: Check, base: Omit<CheckContext, 'options'>, options: Record<string, unknown> = {}): Finding[] {
  const ctx: CheckContext = { ...base, options: { ...(check.defaults ?? {}), ...options } };
  const missing = check.needs.filter((k) => {
    const v = ctx[NEED_FIELDS[k]];
    return Array.isArray(v) && v.length === 0;
  });
  if (check.needs.length > 0 && missing.length === check.needs.length) {
    return [
      {
        checkId: check.id,
        ref: check.ref,
        key: check.id,
        status: 'cannot_assess',
        severity: check.severity,
        message: {
          zh: `缺少所需的监测数据（${missing.join('、')}），无法评估`,
          en: `No ${missing.join(', ')} observations were recorded for this run, so this could not be assessed`,
        },
        evidence: [],
      },
    ];
  }
  try {
    return check.evaluate(ctx);
  } catch (e) {
    return [
      {
        checkId: check.id,
        ref: check.ref,
        key: check.id,
        status: 'cannot_assess',
        severity: check.severity,
        message: { zh: `检查出错，无法评估：${(e as Error).message}`, en: `The check failed on this data: ${(e as Error).message}` },
        evidence: [],
      },
    ];
  }
}

export function runChecks(checks: Check[], base: Omit<CheckContext, 'options'>, optionsById: Record<string, Record<string, unknown>> = {}): Finding[] {
  return checks.flatMap((c) => runCheck(c, base, optionsById[c.id]));
}
