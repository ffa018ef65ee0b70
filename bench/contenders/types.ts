export interface ContenderInput {
  urls: string[];
  /** Requests in flight at once, across all sites. */
  concurrency: number;
  perHostConcurrency: number;
  maxPagesPerSite: number;
  /** For govmon: where its store lives. */
  dbPath?: string;
}

export interface ContenderResult {
  pages: number;
  seconds: number;
  cpuSeconds: number;
  maxRssMB: number;
  /** Event-loop utilisation over the whole run (0–1). */
  eventLoopBusy?: number;
  pageTimesMs: number[];
  note?: string;
}

/** What a contender's run returns: its own CPU seconds over the timed crawl only (not module loading, not our read-back). */
export type ContenderRun = Omit<ContenderResult, 'maxRssMB' | 'eventLoopBusy'> & { maxRssMB?: number };
