import type { SiteServerSpec } from './server.ts';
import type { CrawlLimits } from '../../model/site.ts';

export interface BuildCtx {
  now: Date;
  /** Base URL (scheme, host, port) of the shared "external" server for a host: conac, beian, partners. */
  ext(host: string): string;
  /** Base URL of a farm site, e.g. http://www.minjiang.gov.cn:41234 */
  siteUrl(id: string): string;
  /** Loopback port of a farm site. */
  port(id: string): number;
}

/** One fictitious portal of the farm and how it goes into the registry. */
export interface FarmSiteDef {
  id: string;
  name: string;
  host: string;
  region: string;
  level: '省' | '市' | '县' | '部门';
  kind: '门户网站' | '部门网站';
  /** 网站标识码 as registered (may differ from what the site prints, on purpose). */
  siteIdCode?: string;
  offersServices: boolean;
  limits?: CrawlLimits;
  /** What the site is there to exercise, shown by `govmon demo`. */
  role: string;
  tags: string[];
  /** Registered on a port nothing listens on. */
  unreachable?: boolean;
  /** Served over HTTPS with the farm's self-signed certificate (demo/farm/tls/). */
  https?: boolean;
  /** Paths (site-relative) of the 政府信息公开 / 办事服务 / 互动交流 entries for the registry. */
  entries?: { disclosure?: string; services?: string; participation?: string };
  build?(ctx: BuildCtx): SiteServerSpec & {
    /** Paths that depend on `now` (dated article URLs), named for planted.ts. */
    paths?: Record<string, string>;
  };
}
