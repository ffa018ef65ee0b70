import type { Command } from 'commander';
import { allChecks } from '../../checks/registry.ts';

export function register(program: Command): void {
  program
    .command('checks')
    .description('list every check with its id, reference row (cn-indicators), title and severity')
    .option('--json', 'print JSON instead of a table')
    .option('--lang <lang>', 'zh or en', 'zh')
    .action(async (opts: { json?: boolean; lang: string }) => {
      const checks = await allChecks();
      if (opts.json) {
        process.stdout.write(JSON.stringify(checks.map(({ evaluate: _e, ...meta }) => meta), null, 2) + '\n');
        return;
      }
      const lang = opts.lang === 'en' ? 'en' : 'zh';
      for (const c of checks) {
        process.stdout.write(`${c.id.padEnd(40)} ${c.ref.padEnd(7)} ${c.severity.padEnd(7)} ${c.title[lang]}\n`);
      }
      process.stdout.write(`${checks.length} checks\n`);
    });
}
