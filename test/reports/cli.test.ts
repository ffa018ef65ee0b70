import { describe, it, expect, beforeAll } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFixture, BROKEN, type Fixture } from './fixture.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'govmon.js');

function govmon(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, GOVMON_LOG_LEVEL: 'silent' }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

let fx: Fixture;
beforeAll(async () => {
  fx = await buildFixture();
  await fx.close(); // the CLI opens the file itself
});

describe('govmon report', () => {
  it('writes HTML, Markdown and JSON of the latest run of a site', async () => {
    const out = mkdtempSync(join(tmpdir(), 'govmon-cli-'));
    const r = await govmon(['report', 'demo-a', '--db', fx.dbPath, '--data-dir', fx.dataDir, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([join(out, 'report.html'), join(out, 'report.md'), join(out, 'report.json')]);
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(json.run.id).toBe(fx.runId);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain(BROKEN);
  });

  it('finds a site by its 网站标识码', async () => {
    const r = await govmon(['report', '3501000001', '--format', 'json', '--db', fx.dbPath]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).site.id).toBe('demo-a');
  });

  it('prints one format of a chosen run to stdout', async () => {
    const r = await govmon(['report', 'demo-a', '--run', fx.prevRunId, '--format', 'md', '--lang', 'en', '--db', fx.dbPath]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`\`${fx.prevRunId}\``);
    expect(r.stdout).toContain('## Defects');
  });

  it('writes the overview with site reports, and prints the CSV export', async () => {
    const out = mkdtempSync(join(tmpdir(), 'govmon-cli-ov-'));
    const r = await govmon(['report', '--overview', '--period', '2026-11', '--db', fx.dbPath, '--data-dir', fx.dataDir, '--out', out]);
    expect(r.code).toBe(0);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    expect(existsSync(join(out, 'sites', 'demo-a', 'report.html'))).toBe(true);
    expect(r.stdout).toContain('3 site reports');
    const csv = await govmon(['report', '--overview', '--period', '2026-11', '--format', 'csv', '--db', fx.dbPath]);
    expect(csv.code).toBe(0);
    expect(csv.stdout.charCodeAt(0)).toBe(0xfeff);
    expect(csv.stdout.split('\r\n')[0]).toContain('site_id,site_name');
  });

  it('explains mistakes with the fix and exit code 2', async () => {
    const unknown = await govmon(['report', 'nope', '--db', fx.dbPath]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown site "nope".*fix:/);
    const wrongRun = await govmon(['report', 'demo-d', '--run', fx.runId, '--db', fx.dbPath]);
    expect(wrongRun.code).toBe(2);
    expect(wrongRun.stderr).toContain('belongs to site "demo-a"');
    // No command lists runs, so a mistyped --run names the site's latest audits.
    const noRun = await govmon(['report', 'demo-a', '--run', 'nope', '--db', fx.dbPath]);
    expect(noRun.code).toBe(2);
    expect(noRun.stderr).toContain(`use one of the latest audits of demo-a: ${fx.runId} (`);
    const both = await govmon(['report', 'demo-a', '--overview', '--db', fx.dbPath]);
    expect(both.code).toBe(2);
    const fmt = await govmon(['report', 'demo-a', '--format', 'pdf', '--db', fx.dbPath]);
    expect(fmt.stderr).toContain('--format must be one of html, md, json');
    const period = await govmon(['report', '--overview', '--period', '2026-13', '--db', fx.dbPath]);
    expect(period.code).toBe(2);
    expect(period.stderr).toMatch(/invalid period "2026-13"/);
  });
});
