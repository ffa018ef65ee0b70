export interface ContenderInput {
  urls: string[];
  /** Requests in flight at once, across all sites. */
  concurrency: number;
  perHostConcurrency: number;
  maxPagesPerSite: number;
  /** For govmon: where its store lives. */
  dbPath?: string;
  /** For govmon (run with --expose-gc): force a GC every 250 ms and report the largest live heap. */
  sampleLiveHeap?: boolean;
}

export interface ContenderResult {
  pages: number;
  seconds: number;
  cpuSeconds: number;
  maxRssMB: number;
  /** Largest heap still in use right after a forced GC, sampled every 250 ms (sampleLiveHeap). */
  liveHeapMB?: number;
  /** Event-loop utilisation over the whole run (0–1). */
  eventLoopBusy?: number;
  /** Seconds the JS thread waited in the kernel's run queue for a core (Linux /proc schedstat). */
  runQueueSeconds?: number;
  pageTimesMs: number[];
  note?: string;
}

/** What a contender's run returns: its own CPU seconds over the timed crawl only (not module loading, not our read-back). */
export type ContenderRun = Omit<ContenderResult, 'maxRssMB' | 'eventLoopBusy' | 'runQueueSeconds'> & { maxRssMB?: number };
