/**
 * pino JSON logs. Every line carries the ids that matter (runId, siteId, jobId) through
 * child loggers. Logs go to stderr so stdout stays for summaries and machine output;
 * GOVMON_LOG_LEVEL (default `info`, `silent` in tests) controls the volume.
 */
import pino from 'pino';

export const log = pino(
  {
    name: 'govmon',
    level: process.env.GOVMON_LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
  },
  pino.destination({ dest: 2, sync: false }),
);

export type Logger = pino.Logger;
