/**
 * What every assessment command needs: the store, the sites (registry over the store's copy),
 * the edition validated against the installed checks, and the period. Also small terminal
 * helpers that line up Chinese text (full-width characters take two columns).
 */
import { existsSync } from 'node:fs';
import { Store } from '../store/store.ts';
import type { Site } from '../model/site.ts';
import type { Check } from '../model/finding.ts';
import type { Period } from '../model/score.ts';
import { loadRegistry, DEFAULT_SITES_PATH } from '../config/sites.ts';
import { loadEdition, type Edition } from '../config/methodology.ts';
import { allChecks } from '../checks/registry.ts';
import { parsePeriod } from './period.ts';
import { UserError } from '../lib/errors.ts';

export interface SessionOptions {
  db?: string;
  config?: string;
  edition?: string;
  period?: string;
  now?: Date;
}

export interface Session {
  store: Store;
  sites: Site[];
  edition: Edition;
  checks: Check[];
  period: Period;
}

export const DEFAULT_EDITION = 'gb-2019';

/** The current month in Beijing time, the default period of reviews. */
export function currentMonth(now = new Date()): string {
  const t = new Date(now.getTime() + 8 * 3600_000);
  return `${t.getUTCFullYear()}-${String(t.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Sites known to the store, overridden by the registry file when there is one. */
export async function knownSites(store: Store, config?: string): Promise<Site[]> {
  const byId = new Map((await store.listSites()).map((s) => [s.id, s]));
  const file = config ?? DEFAULT_SITES_PATH;
  if (config || existsSync(file)) for (const s of loadRegistry(file).sites) byId.set(s.id, s);
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

export function pickSites(all: Site[], ids: string[], everything: boolean): Site[] {
  if (everything || ids.length === 0) return all;
  return ids.map((id) => {
    const s = all.find((x) => x.id === id || x.siteIdCode === id);
    if (!s) throw new UserError(`unknown site "${id}"; fix: use a site id or 网站标识码 from the registry (${all.slice(0, 8).map((x) => x.id).join(', ')}${all.length > 8 ? ' …' : ''})`);
    return s;
  });
}

export async function openSession(opts: SessionOptions): Promise<Session> {
  const checks = await allChecks();
  const edition = loadEdition(opts.edition ?? DEFAULT_EDITION, { checks });
  const period = parsePeriod(opts.period ?? currentMonth(opts.now), opts.now);
  const store = await Store.open(opts.db);
  try {
    const sites = await knownSites(store, opts.config);
    return { store, sites, edition, checks, period };
  } catch (e) {
    await store.close();
    throw e;
  }
}

/** Display width: CJK and full-width forms take two columns. */
export function width(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) ? 2 : 1;
  }
  return w;
}

export function padEnd(s: string, n: number): string {
  return s + ' '.repeat(Math.max(0, n - width(s)));
}

/** Renders rows as an aligned text table. */
export function table(header: string[], rows: string[][]): string {
  const ws = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (r: string[]) => r.map((c, i) => padEnd(c ?? '', ws[i])).join('  ').trimEnd();
  return [line(header), ws.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}
