/**
 * What every scheduler command needs: the validated site registry, the store, and a clear
 * word when the store cannot be shared by several machines.
 */
import { existsSync } from 'node:fs';
import { Store } from '../store/store.ts';
import { loadRegistry, DEFAULT_SITES_PATH } from '../config/sites.ts';
import { loadSchedules, resolveSchedules, unmatchedRules, DEFAULT_SCHEDULES_PATH, type LoadedSchedules, type ScheduleEntry } from '../config/schedules.ts';
import { UserError } from '../lib/errors.ts';
import type { Registry } from '../model/site.ts';
import { log } from '../lib/log.ts';

export function registryFrom(path: string | undefined): Registry {
  const file = path ?? DEFAULT_SITES_PATH;
  if (!existsSync(file)) throw new UserError(`no site registry at ${file}; fix: write config/sites.yaml (see README "Site registry") or pass --config PATH`);
  return loadRegistry(file);
}

export function schedulesFor(registry: Registry, path?: string): { loaded: LoadedSchedules; entries: ScheduleEntry[] } {
  const loaded = loadSchedules(path);
  // The bundled file's rules are examples (key portals, provinces) that many registries lack.
  if (path && path !== DEFAULT_SCHEDULES_PATH) loaded.warnings.push(...unmatchedRules(loaded.config, registry.sites));
  return { loaded, entries: resolveSchedules(loaded.config, registry.sites) };
}

export async function openStore(target?: string): Promise<Store> {
  return Store.open(target);
}

/**
 * Workers on several machines must share PostgreSQL; a SQLite file is local to one machine
 * (and WAL over a network share corrupts). One machine with several worker processes works.
 */
export function sharedStoreWarning(store: Store): string | undefined {
  if (store.db.dialect !== 'sqlite') return undefined;
  return `store is ${store.db.description}: fine for workers on this one machine, but workers on other machines cannot share it; for a multi-machine deployment set DATABASE_URL=postgres://… on every worker (docs/deployment.md)`;
}

/**
 * Ends a long-running command whose jobs did not stop when asked (a gatherer that ignores its
 * AbortSignal would keep the event loop, and the process, alive forever): flush the logs, exit.
 * Nothing is lost: observations are stored as they are made, the run is marked stale at the
 * next start (monitor) or re-run by another worker (BullMQ stalled check).
 */
export function exitLeavingJobsBehind(stillRunning: number, what: string): void {
  process.stderr.write(`govmon ${what}: ${stillRunning} job(s) did not stop after the abort; exiting anyway (${what === 'worker' ? 'another worker re-runs them' : 'their runs are marked incomplete at the next start'})\n`);
  const code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  const done = () => process.exit(code);
  setTimeout(done, 1000).unref();
  try {
    log.flush(() => done());
  } catch {
    done();
  }
}
