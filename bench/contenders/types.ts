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
  pageTimesMs: number[];
  note?: string;
}
