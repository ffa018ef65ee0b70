/**
 * The embedded registry (config/sites.yaml) is what users copy: it must validate, document
 * every field, and a broken copy must fail with the file, line, field and a fix.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRegistry, parseRegistry, DEFAULT_SITES_PATH, ConfigError } from '../../config/sites.ts';
import { CrawlLimitsSchema, SiteSchema } from '../../model/site.ts';
import { UserError } from '../../lib/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'govmon-sites-'));
const original = readFileSync(DEFAULT_SITES_PATH, 'utf8');

function broken(name: string, text: string): ConfigError {
  const file = join(dir, name);
  writeFileSync(file, text);
  try {
    loadRegistry(file);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error(`${name} was accepted`);
}

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

describe('config/sites.yaml (embedded default registry)', () => {
  it('validates and holds 2–3 realistic example sites with every field a user can write', () => {
    const reg = loadRegistry(DEFAULT_SITES_PATH);
    expect(reg.sites.length).toBeGreaterThanOrEqual(2);
    expect(reg.sites.length).toBeLessThanOrEqual(3);
    expect(reg.monitor.contactUrl).toMatch(/^https?:\/\//);
    expect(Object.keys(reg.resolve)).toHaveLength(0);
    for (const s of reg.sites) {
      expect(s.url).toMatch(/^https?:\/\/[a-z0-9.-]+\.gov\.cn\//);
      expect(s.siteIdCode).toMatch(/^\d{10}$/);
    }
    expect(new Set(reg.sites.map((s) => s.level)).size).toBeGreaterThanOrEqual(2);
    // Every limit and every site field appears somewhere in the file, so the example documents them all.
    for (const key of Object.keys(CrawlLimitsSchema.shape)) expect(original, `limit ${key} documented`).toMatch(new RegExp(`^\\s+${key}:`, 'm'));
    for (const key of Object.keys(SiteSchema.shape)) expect(original, `site field ${key} documented`).toMatch(new RegExp(`^\\s+(- )?${key}:`, 'm'));
    expect(reg.defaults).toMatchObject({ timeoutSeconds: 15, respectRobots: true });
  });

  it('comments every field it sets (a user must be able to read what each one does)', () => {
    const block = original.slice(original.indexOf('defaults:'), original.indexOf('resolve:'));
    for (const line of block.split('\n').slice(1).filter((l) => /^\s+\w+:/.test(l))) expect(line, line).toContain('#');
  });
});

describe('malformed registries fail with file, line, field and fix', () => {
  it('YAML syntax error names the line', () => {
    const text = original.replace('  name: govmon', 'name: govmon\n   broken: [');
    const e = broken('syntax.yaml', text);
    expect(e.message).toContain(join(dir, 'syntax.yaml'));
    expect(e.problems[0]).toMatch(/:\d+: YAML syntax: .*fix the indentation or quoting/);
  });

  it('a misspelt field is named with its line and a fix', () => {
    const text = original.replace('    offersServices: true             #', '    offerServices: true             #');
    const e = broken('typo.yaml', text);
    const p = e.problems.find((x) => x.includes('offerServices'))!;
    expect(p).toBeDefined();
    expect(p).toContain(`${join(dir, 'typo.yaml')}:${lineOf(text, 'offerServices')}:`);
    expect(p).toContain('field `sites[0]`');
    expect(p).toMatch(/fix: remove or rename `offerServices`/);
  });

  it('a wrong enum value lists the allowed values', () => {
    const text = original.replace('    level: 县', '    level: 区');
    const e = broken('enum.yaml', text);
    const p = e.problems.find((x) => x.includes('sites[2].level'))!;
    expect(p).toContain(`:${lineOf(text, 'level: 区')}:`);
    expect(p).toMatch(/use one of: 省, 市, 县, 部门/);
  });

  it('a URL without a scheme asks for a full URL', () => {
    const text = original.replace('    url: https://fgw.fj.gov.cn/', '    url: fgw.fj.gov.cn');
    const e = broken('url.yaml', text);
    const p = e.problems.find((x) => x.includes('sites[1].url'))!;
    expect(p).toContain(`:${lineOf(text, 'url: fgw.fj.gov.cn')}:`);
    expect(p).toMatch(/write a full URL/);
  });

  it('an unquoted 网站标识码 with the wrong shape is caught on its line', () => {
    const text = original.replace('    siteIdCode: "3500000030"', '    siteIdCode: "35000030"');
    const e = broken('code.yaml', text);
    const p = e.problems.find((x) => x.includes('sites[1].siteIdCode'))!;
    expect(p).toContain(`:${lineOf(text, 'siteIdCode: "35000030"')}:`);
    expect(p).toMatch(/10 digits or bm \+ 8 digits/);
  });

  it('a negative limit and a bad render mode are both reported at once', () => {
    const text = original.replace('      timeoutSeconds: 20', '      timeoutSeconds: -3').replace('      render: never', '      render: sometimes');
    const e = broken('limits.yaml', text);
    expect(e.problems.some((x) => x.includes('sites[2].limits.timeoutSeconds') && x.includes(`:${lineOf(text, 'timeoutSeconds: -3')}:`))).toBe(true);
    expect(e.problems.some((x) => x.includes('sites[2].limits.render') && /use one of: auto, always, never/.test(x))).toBe(true);
  });

  it('a duplicated id points at the second occurrence', () => {
    const text = original.replace('  - id: fj-minhou', '  - id: fj-fuzhou');
    const e = broken('dupe.yaml', text);
    expect(e.problems[0]).toMatch(/sites\[2\]\.id.*"fj-fuzhou" is already used by sites\[0\]; fix: give each site a unique id/);
    expect(e.problems[0]).toContain(`:${text.split('\n').findIndex((l, i) => l.includes('- id: fj-fuzhou') && i > lineOf(text, '- id: fj-fuzhou')) + 1}:`);
  });

  it('no sites at all says what to add', () => {
    const e = broken('empty.yaml', 'monitor:\n  contactUrl: https://example.org/\n');
    expect(e.problems[0]).toMatch(/field `sites`.*fix: add `sites:`/);
  });

  it('a missing file is a user error that says how to fix it', () => {
    expect(() => loadRegistry(join(dir, 'nope.yaml'))).toThrow(UserError);
    expect(() => loadRegistry(join(dir, 'nope.yaml'))).toThrow(/cannot read config .*nope\.yaml: ENOENT; fix: pass an existing file with --config PATH/);
  });

  it('parseRegistry accepts the farm-style resolve map and rejects a host name as an address', () => {
    const ok = parseRegistry(original.replace('resolve: {}', 'resolve:\n  www.fuzhou.gov.cn: 127.0.0.1'), 'inline.yaml');
    expect(ok.resolve['www.fuzhou.gov.cn']).toBe('127.0.0.1');
    expect(() => parseRegistry(original.replace('resolve: {}', 'resolve:\n  www.fuzhou.gov.cn: localhost'), 'inline.yaml')).toThrow(/inline\.yaml:\d+: field `resolve\.www\.fuzhou\.gov\.cn`/);
  });
});
