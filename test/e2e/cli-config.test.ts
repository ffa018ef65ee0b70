/**
 * The CLI on bad input and the demo command end to end: a malformed registry stops before
 * any request with file, line, field and fix; `govmon demo` on a subset of the farm writes
 * its registry, audits, prints the scorecard and the report path, and exits.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../store/store.ts';
import { parseRegistry } from '../../config/sites.ts';
import { FARM_SITES } from '../../demo/farm/index.ts';

const root = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'govmon-e2e-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function govmon(args: string[], timeoutMs = 120_000, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/govmon.js', ...args], { cwd: root, env: { ...process.env, GOVMON_LOG_LEVEL: 'warn', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const kill = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(kill);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('govmon audit with a malformed registry', () => {
  it('exits 2 naming file, line, field and fix, and touches no site', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      [
        'monitor:',
        '  contactUrl: https://example.org/monitor',
        'sites:',
        '  - id: demo-city',
        '    name: 闽江市人民政府',
        '    region: 福建省闽江市',
        '    level: 地级市',
        '    kind: 门户网站',
        '    url: www.minjiang.gov.cn',
        '    maxPages: 10',
        '',
      ].join('\n'),
    );
    const db = join(dir, 'bad.db');
    const r = await govmon(['audit', '--all', '--config', file, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`invalid config ${file}`);
    expect(r.stderr).toMatch(new RegExp(`${file}:7: field \`sites\\[0\\]\\.level\`.*fix: use one of: 省, 市, 县, 部门`));
    expect(r.stderr).toMatch(new RegExp(`${file}:9: field \`sites\\[0\\]\\.url\`.*fix: write a full URL`));
    expect(r.stderr).toMatch(new RegExp(`${file}:10: .*remove or rename \`maxPages\``));
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace for a user mistake
    expect(existsSync(db)).toBe(false);
  });

  it('a YAML syntax error is reported the same way', async () => {
    const file = join(dir, 'syntax.yaml');
    writeFileSync(file, 'sites:\n  - id: x\n    name: [unclosed\n');
    const r = await govmon(['audit', '--all', '--config', file, '--db', join(dir, 'syntax.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${file}:\\d+: YAML syntax`));
  });
});

describe('govmon demo', () => {
  it('serves, audits a subset, scores the plantings, writes reports and exits', async () => {
    const data = join(dir, 'demo-data');
    const out = join(dir, 'demo-out');
    const r = await govmon(['demo', '--sites', 'mj-lyj,mj-fgw,mj-wlj', '--now', '2026-11-20T08:00:00Z', '--data-dir', data, '--out', out], 150_000);
    expect(r.code, r.stderr.slice(-1500)).toBe(0);
    const registry = join(data, 'demo-sites.yaml');
    expect(r.stdout).toContain(`registry: ${registry}`);
    const reg = parseRegistry(readFileSync(registry, 'utf8'), registry);
    expect(reg.sites).toHaveLength(FARM_SITES.length);
    expect(r.stdout).toMatch(/mj-lyj\s+complete\s+1\s+\d+/);
    expect(r.stdout).toMatch(/mj-fgw\s+(complete|incomplete)\s+\d+/);
    // The site that never ends: a finished run and a line saying which guards stopped it.
    expect(r.stdout).toMatch(/mj-wlj\s+(complete|incomplete)\s+\d+[\s\S]*?crawler: [^\n]*trap_/);
    expect(r.stdout).toMatch(/planted \(demo\/farm\/planted\.ts\): crawl level \d+ met, \d+ missed/);
    expect(r.stdout).toMatch(/demo finished in \d+\.\d s/);
    const store = await Store.open(join(data, 'govmon.db'));
    try {
      const runs = await store.runs({ kind: 'audit' });
      expect(runs.map((x) => x.siteId).sort()).toEqual(['mj-fgw', 'mj-lyj', 'mj-wlj']);
      const lyj = runs.find((x) => x.siteId === 'mj-lyj')!;
      const pages = await store.observations(lyj.id, ['page']);
      expect(pages[0].failure?.class).toBe('refused');
    } finally {
      await store.close();
    }
    const reportLine = /report: (\S+)/.exec(r.stdout);
    if (reportLine) expect(existsSync(reportLine[1])).toBe(true);
  }, 160_000);

  it('without Chromium the JavaScript-only portal is reported as needing rendering, not a crash', async () => {
    const data = join(dir, 'nochrome');
    const r = await govmon(['demo', '--sites', 'mj-jyj', '--data-dir', data, '--out', join(dir, 'nochrome-out')], 120_000, { GOVMON_CHROMIUM: join(dir, 'no-such-chromium') });
    expect(r.code, r.stderr.slice(-1500)).toBe(0);
    expect(r.stdout).toMatch(/mj-jyj\s+(complete|incomplete)\s+/);
    expect(r.stdout).toContain('Chromium not found');
    const store = await Store.open(join(data, 'govmon.db'));
    try {
      const run = (await store.runs({ siteId: 'mj-jyj', kind: 'audit' }))[0];
      expect(['complete', 'incomplete']).toContain(run.status);
      const events = await store.observations(run.id, ['crawl_event']);
      expect(events.map((e) => e.event)).toContain('render_fallback');
    } finally {
      await store.close();
    }
  }, 130_000);

  it('--serve-only serves the portals until SIGINT, then stops cleanly', async () => {
    const data = join(dir, 'serve');
    const child = spawn(process.execPath, ['bin/govmon.js', 'demo', '--serve-only', '--data-dir', data], { cwd: root, env: { ...process.env, GOVMON_LOG_LEVEL: 'warn' } });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while (!stdout.includes('serving until Ctrl-C') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(stdout).toContain('serving until Ctrl-C');
    const browse = /mj-city[^\n]*\n\s+\S+\s+browse: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
    expect(browse, stdout).not.toBeNull();
    const res = await fetch(browse![1]);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('闽江市人民政府');
    expect(existsSync(join(data, 'demo-sites.yaml'))).toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    await expect(fetch(browse![1])).rejects.toThrow();
  }, 60_000);

  it('--json prints the outcomes and every planted verdict as JSON', async () => {
    const data = join(dir, 'json');
    const r = await govmon(['demo', '--sites', 'mj-lyj', '--json', '--data-dir', data, '--out', join(dir, 'json-out')], 120_000);
    expect(r.code, r.stderr.slice(-1500)).toBe(0);
    const j = JSON.parse(r.stdout) as { outcomes: Array<{ siteId: string; status: string; failuresByClass: Record<string, number> }>; planted: Array<{ id: string; verdict: string; issue: string }> };
    expect(j.outcomes).toEqual([expect.objectContaining({ siteId: 'mj-lyj', status: 'complete', failuresByClass: { refused: 1 } })]);
    expect(j.planted.find((p) => p.id === 'unreachable.refused')).toMatchObject({ verdict: 'met', issue: 'audit' });
    expect(j.planted.every((p) => ['met', 'missed', 'pending', 'skipped'].includes(p.verdict))).toBe(true);
  }, 130_000);

  it('rejects unknown farm sites with the list of valid ids', async () => {
    const r = await govmon(['demo', '--sites', 'nope', '--data-dir', join(dir, 'd2')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--sites: no farm site nope; the farm has ${FARM_SITES.map((s) => s.id).join(', ')}`);
  });
});
