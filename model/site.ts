/**
 * A registered unit (政府网站) and its crawl limits. The schema is the boundary check for
 * config/sites.yaml: every field a user can write is validated here, and config/sites.ts
 * turns zod's complaints into messages that name the file, line, field and fix.
 */
import { z } from 'zod';

export const LEVELS = ['省', '市', '县', '部门'] as const;
export const KINDS = ['门户网站', '部门网站'] as const;

/** 网站标识码: 6-digit region code + 4-digit serial, or `bm` + 8 digits for State Council departments (S-02). */
export const SITE_ID_CODE = /^(?:\d{10}|bm\d{8})$/;

export const CrawlLimitsSchema = z
  .object({
    maxPages: z.number().int().positive().describe('pages to fetch at most'),
    maxDepth: z.number().int().nonnegative().describe('link hops from the home page'),
    maxSeconds: z.number().positive().describe('wall-clock budget for the whole site'),
    maxBodyBytes: z.number().int().positive().describe('largest body read, in bytes'),
    timeoutSeconds: z.number().positive().describe('per-request timeout'),
    perHostConcurrency: z.number().int().positive(),
    delayMs: z.number().int().nonnegative().describe('pause between requests to one host'),
    maxQueryVariants: z.number().int().positive().describe('distinct query strings per path before the trap guard stops'),
    maxPagerPages: z.number().int().positive().describe('list pages followed per column through script pagers (TRS createPageHTML)'),
    respectRobots: z.boolean(),
    render: z.enum(['auto', 'always', 'never']).describe('JavaScript rendering through Chromium'),
    checkExternalLinks: z.boolean(),
  })
  .partial()
  .strict();
export type CrawlLimits = z.infer<typeof CrawlLimitsSchema>;

export const DEFAULT_LIMITS: Required<CrawlLimits> = {
  maxPages: 500,
  maxDepth: 6,
  maxSeconds: 900,
  maxBodyBytes: 5 * 1024 * 1024,
  timeoutSeconds: 15,
  perHostConcurrency: 4,
  delayMs: 0,
  maxQueryVariants: 20,
  // Page 1–3 of a column are enough for freshness (V-03) and blank-column (V-03c) checks; a TRS
  // pager of a 150-page column would otherwise spend a third of the page budget on old lists.
  maxPagerPages: 3,
  respectRobots: true,
  render: 'auto',
  checkExternalLinks: true,
};

const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//i.test(u), { message: 'must start with http:// or https://' });

export const SiteSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lower-case letters, digits, dot, dash or underscore (e.g. fj-fuzhou)'),
    name: z.string().min(1).describe('中文名称, e.g. 福州市人民政府'),
    region: z.string().min(1).describe('行政区划, e.g. 福建省福州市'),
    level: z.enum(LEVELS),
    kind: z.enum(KINDS),
    url: httpUrl.describe('home page URL'),
    siteIdCode: z.string().regex(SITE_ID_CODE, '网站标识码 is 10 digits or bm + 8 digits').optional(),
    /** Whether the unit offers services to the public; false scores 办事服务 as not applicable (75 → ×4/3). */
    offersServices: z.boolean().default(true),
    entries: z
      .object({
        disclosure: httpUrl.optional().describe('政府信息公开 entry'),
        services: httpUrl.optional().describe('办事服务 entry'),
        participation: httpUrl.optional().describe('互动交流 entry'),
      })
      .strict()
      .default({}),
    /** Extra seed URLs crawled besides the home page. */
    seeds: z.array(httpUrl).default([]),
    group: z.string().optional().describe('ranking group; defaults to level + kind'),
    limits: CrawlLimitsSchema.default({}),
    tags: z.array(z.string()).default([]),
  })
  .strict();
export type Site = z.infer<typeof SiteSchema>;

export const RegistrySchema = z
  .object({
    /** Identifies the monitor in the User-Agent; a contact URL is required by politeness. */
    monitor: z
      .object({
        name: z.string().default('govmon'),
        contactUrl: httpUrl.describe('a page where site owners can reach the monitor'),
        userAgent: z.string().optional(),
      })
      .strict()
      .default({ name: 'govmon', contactUrl: 'https://github.com/govmon/govmon' }),
    defaults: CrawlLimitsSchema.default({}),
    /**
     * Host → IP overrides (like curl --resolve), so demo and test portals can keep real
     * .gov.cn host names while being served on 127.0.0.1. Empty in production registries.
     */
    resolve: z.record(z.string(), z.union([z.ipv4(), z.ipv6()])).default({}),
    sites: z.array(SiteSchema).min(1, 'list at least one site under `sites:`'),
  })
  .strict();
export type Registry = z.infer<typeof RegistrySchema>;

export function effectiveLimits(reg: Pick<Registry, 'defaults'>, site: Site): Required<CrawlLimits> {
  return { ...DEFAULT_LIMITS, ...reg.defaults, ...site.limits };
}

export function userAgent(reg: Pick<Registry, 'monitor'>): string {
  // Starts with the Mozilla/5.0 (compatible; …) convention that search-engine crawlers use:
  // several WAFs in front of government portals refuse User-Agents without it, while the
  // product token and contact URL keep the monitor identifiable (and matchable in robots.txt).
  return reg.monitor.userAgent ?? `Mozilla/5.0 (compatible; govmon/0.1; +${reg.monitor.contactUrl}; ${reg.monitor.name} government website monitor)`;
}
