/**
 * The gatherer contract (Lighthouse's gatherers): a gatherer drives the network or a browser
 * for one site and emits observations. It never judges; checks do that later over what the
 * store kept. The audit pipeline (crawlers/audit.ts) runs the gatherers a job asks for and
 * streams everything they emit to the store as it comes.
 */
import type { Observation } from '../model/observation.ts';
import type { CrawlLimits, Registry, Site } from '../model/site.ts';
import type { Logger } from '../lib/log.ts';

export interface GatherContext {
  site: Site;
  registry: Registry;
  limits: Required<CrawlLimits>;
  userAgent: string;
  /** Streams one observation to the store (batched by the caller). Never throws. */
  emit(obs: Observation): void;
  /** Aborted when the site's time budget runs out or the process is asked to stop. */
  signal: AbortSignal;
  log: Logger;
  /** Where screenshots and other files of this run go. */
  artifactDir: string;
}

export interface Gatherer {
  id: string;
  /** Which job kind runs it: every audit (`crawl`), availability probes, or the monthly browser job. */
  kind: 'crawl' | 'probe' | 'browser';
  description: string;
  gather(ctx: GatherContext): Promise<void>;
}
