/**
 * `govmon audit <site…> --queue [--wait]`: hand the audits to the workers instead of running
 * them here, ahead of scheduled work, and optionally wait and print each summary. The sites
 * are written to the store first, so a worker finds an ad-hoc URL site it has no registry for.
 */
import type { Site } from '../model/site.ts';
import { Store } from '../store/store.ts';
import { UserError } from '../lib/errors.ts';
import { enqueueAudit, type EnqueueAuditResult } from './queues.ts';
import { PRIORITY } from './jobs.ts';

export interface QueuedAuditOptions {
  wait?: boolean;
  priority?: string | number;
  json?: boolean;
  lighthouse?: boolean;
  db?: string;
  redisUrl?: string;
  prefix?: string;
  timeoutSeconds?: number;
}

export async function runQueuedAudits(sites: Site[], opts: QueuedAuditOptions): Promise<EnqueueAuditResult[]> {
  const priority = opts.priority === undefined ? PRIORITY.onDemand : Number(opts.priority);
  if (!Number.isInteger(priority) || priority < 1 || priority > 2_097_151) throw new UserError(`--priority must be an integer from 1 (first) to 2097151 (got "${opts.priority}")`);
  const store = await Store.open(opts.db);
  try {
    await store.upsertSites(sites);
  } finally {
    await store.close();
  }
  const kind = opts.lighthouse ? 'browser' : 'crawl';
  const results = await Promise.all(
    sites.map(async (site) => {
      const onRetry = opts.json
        ? undefined
        : (i: { until: number; reason: string; attemptsMade: number }) =>
            process.stderr.write(`${site.id}: ${i.reason.replace(/\s+/g, ' ').slice(0, 200)}; trying again at ${new Date(i.until).toISOString().slice(11, 19)}Z (${i.attemptsMade} attempt(s) so far)\n`);
      const r = await enqueueAudit(site.id, { kind, priority, wait: opts.wait, redisUrl: opts.redisUrl, prefix: opts.prefix, timeoutMs: (opts.timeoutSeconds ?? 7200) * 1000, requestedBy: 'cli', onRetry }).catch((e: Error) => {
        if (e instanceof UserError) throw e;
        // waitUntilFinished rejects with the job's failure reason: print it, keep the others.
        return { jobId: '?', kind, queue: kind, error: e.message } as EnqueueAuditResult & { error: string };
      });
      if (!opts.json) {
        const err = (r as { error?: string }).error;
        if (err) process.stdout.write(`${site.id}: job failed: ${err}\n`);
        else if (!r.result) process.stdout.write(`${site.id}: queued as ${r.kind}/${r.jobId} (priority ${priority}); follow it with \`govmon queue status\`\n`);
        else {
          const s = r.result.summary;
          const parts = Object.entries(s).filter(([k]) => k !== 'status' && k !== 'note').map(([k, v]) => `${k.replace(/^(observations|findings)\./, '')}=${v}`);
          process.stdout.write(`${site.id}: ${r.result.status} run ${r.result.runId} (${r.kind}/${r.jobId})${r.result.reused ? ' [already done]' : ''}\n  ${parts.join(' ')}${s.note ? `\n  note: ${s.note}` : ''}\n`);
        }
      }
      return r;
    }),
  );
  if (opts.json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
  if (results.some((r) => (r as { error?: string }).error)) process.exitCode = 1;
  return results;
}
