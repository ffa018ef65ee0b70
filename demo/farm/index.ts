/**
 * The demo portal farm: realistic Chinese government portals with planted problems, served
 * on 127.0.0.1. Each portal has its own port-0 server and keeps a fictitious .gov.cn host
 * name; the registry's `resolve` map sends those names to 127.0.0.1, so the crawler sees
 * http://www.minjiang.gov.cn:PORT/ exactly as it would see a real portal. Dates on every page
 * are relative to `now`, so the demo always looks current and tests can pin time.
 * What is planted where is listed in ./planted.ts.
 */
import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { RegistrySchema, type Registry } from '../../model/site.ts';
import { closedPort, startSiteServer, type RequestRecord, type RunningServer, type SiteServerSpec } from './server.ts';
import { externalSpec, EXTERNAL_HOSTS } from './external.ts';
import type { BuildCtx, FarmSiteDef } from './types.ts';
import { city } from './sites/city.ts';
import { county } from './sites/county.ts';
import { department } from './sites/department.ts';
import { jsonly } from './sites/jsonly.ts';
import { trap, unreachable } from './sites/trap.ts';
import { health } from './sites/health.ts';
import { waf } from './sites/waf.ts';

export type { FarmSiteDef } from './types.ts';

export const FARM_SITES: FarmSiteDef[] = [city, department, county, jsonly, trap, health, waf, unreachable];

const TLS_DIR = new URL('./tls/', import.meta.url);

export interface FarmSite {
  id: string;
  name: string;
  host: string;
  /** Home page URL with the fictitious host name (reach it through `registry.resolve`). */
  url: string;
  /** The same home page on 127.0.0.1, for a person browsing the demo. */
  loopbackUrl: string;
  port: number;
  role: string;
  unreachable: boolean;
}

export interface Farm {
  now: Date;
  registry: Registry;
  registryYaml: string;
  sites: FarmSite[];
  /** Base URL of the shared server behind conac, beian and partner hosts. */
  externalUrl(host: string): string;
  /** Absolute URL of a path on a farm site (or on an external host when `site` is one). */
  url(site: string, path: string): string;
  /** Requests a site's server answered so far (method, path with query, status). */
  requests(site: string): RequestRecord[];
  /** Dated paths chosen at build time (e.g. the county's deleted article), by site id and name. */
  paths: Record<string, Record<string, string>>;
  close(): Promise<void>;
}

export interface FarmOptions {
  /** The moment pages are dated against; default: now. */
  now?: Date;
  /** Extra defaults for the registry's crawl limits. */
  defaults?: Registry['defaults'];
  /**
   * Serve site i of FARM_SITES on basePort + i and the external hosts on basePort + FARM_SITES.length
   * (a taken port falls back to a free one). Stable ports keep every URL, and so every defect key,
   * the same from one demo run to the next, so a re-audit reports defects as still open instead of
   * fixed-and-new. Keep it below the ephemeral range (Linux 32768+), where the crawler's own
   * outgoing connections take ports. Default 0: any free port (tests run farms side by side).
   */
  basePort?: number;
}

export async function startFarm(opts: FarmOptions = {}): Promise<Farm> {
  const now = opts.now ?? new Date();
  const servers = new Map<string, RunningServer>();
  const specs = new Map<string, SiteServerSpec>();
  const ports = new Map<string, number>();
  try {
    // Start every server empty first: pages link across sites, so all ports must be known
    // before any page is built.
    const base = opts.basePort ?? 0;
    const portFor = (i: number) => (base ? base + i : 0);
    for (const [i, def] of FARM_SITES.entries()) {
      if (def.unreachable) {
        ports.set(def.id, await closedPort(portFor(i)));
        continue;
      }
      const spec: SiteServerSpec = { headers: {}, routes: new Map(), notFound: () => ({ status: 404 }) };
      specs.set(def.id, spec);
      const tls = def.https ? { key: readFileSync(new URL('wjw.key.pem', TLS_DIR), 'utf8'), cert: readFileSync(new URL('wjw.cert.pem', TLS_DIR), 'utf8') } : undefined;
      const srv = await startSiteServer(spec, tls, portFor(i));
      servers.set(def.id, srv);
      ports.set(def.id, srv.port);
    }
    const ext = await startSiteServer(externalSpec(), undefined, portFor(FARM_SITES.length));
    servers.set('external', ext);

    const hostOf = new Map(FARM_SITES.map((d) => [d.id, d.host]));
    const schemeOf = new Map(FARM_SITES.map((d) => [d.id, d.https ? 'https' : 'http']));
    const ctx: BuildCtx = {
      now,
      ext: (host) => `http://${host}:${ext.port}`,
      siteUrl: (id) => `${schemeOf.get(id)}://${hostOf.get(id)}:${ports.get(id)}`,
      port: (id) => ports.get(id)!,
    };
    const paths: Record<string, Record<string, string>> = {};
    for (const def of FARM_SITES) {
      const spec = specs.get(def.id);
      if (!spec || !def.build) continue;
      const { paths: p, ...built } = def.build(ctx);
      Object.assign(spec, built);
      paths[def.id] = p ?? {};
    }

    const resolve: Record<string, string> = {};
    for (const def of FARM_SITES) resolve[def.host] = '127.0.0.1';
    for (const h of EXTERNAL_HOSTS) resolve[h] = '127.0.0.1';
    const registry = RegistrySchema.parse({
      monitor: { name: 'govmon demo', contactUrl: 'https://github.com/govmon/govmon' },
      defaults: { maxPages: 300, maxSeconds: 45, timeoutSeconds: 5, perHostConcurrency: 4, delayMs: 0, ...opts.defaults },
      resolve,
      sites: FARM_SITES.map((d) => ({
        id: d.id,
        name: d.name,
        region: d.region,
        level: d.level,
        kind: d.kind,
        url: `${ctx.siteUrl(d.id)}/`,
        ...(d.siteIdCode ? { siteIdCode: d.siteIdCode } : {}),
        offersServices: d.offersServices,
        entries: Object.fromEntries(Object.entries(d.entries ?? {}).map(([k, v]) => [k, `${ctx.siteUrl(d.id)}${v}`])),
        limits: d.limits ?? {},
        tags: d.tags,
      })),
    });
    const registryYaml =
      `# govmon demo registry, written by startFarm() at ${new Date().toISOString()}\n` +
      `# Pages are dated relative to ${now.toISOString()}. The servers live only as long as the\n` +
      `# farm process: these ports mean nothing once it stops. Host names are fictitious and\n` +
      `# resolved to 127.0.0.1 through \`resolve:\` below.\n` +
      stringify(registry, { lineWidth: 0 });

    const sites: FarmSite[] = FARM_SITES.map((d) => ({
      id: d.id,
      name: d.name,
      host: d.host,
      url: `${ctx.siteUrl(d.id)}/`,
      loopbackUrl: `${d.https ? 'https' : 'http'}://127.0.0.1:${ports.get(d.id)}/`,
      port: ports.get(d.id)!,
      role: d.role,
      unreachable: !!d.unreachable,
    }));

    return {
      now,
      registry,
      registryYaml,
      sites,
      externalUrl: ctx.ext,
      url: (site, path) => {
        if (hostOf.has(site)) return `${ctx.siteUrl(site)}${path}`;
        return `${ctx.ext(site)}${path}`;
      },
      paths,
      requests: (site) => servers.get(site)?.requests ?? [],
      close: async () => {
        await Promise.all([...servers.values()].map((s) => s.close()));
      },
    };
  } catch (e) {
    await Promise.all([...servers.values()].map((s) => s.close()));
    throw e;
  }
}
