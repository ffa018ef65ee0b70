/**
 * The govmon command line. Each command lives in cli/commands/<name>.ts and exports
 * `register(program)`; this file only wires them up, so `--help` always lists them all.
 */
import { Command, CommanderError } from 'commander';
import { UserError } from '../lib/errors.ts';
import * as checksCmd from './commands/checks.ts';

const COMMANDS: Array<{ register(p: Command): void }> = [checksCmd];

export async function main(argv: string[]): Promise<number> {
  const program = new Command('govmon')
    .description('Independent third-party monitor of Chinese government websites (政府网站第三方监测)')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  for (const c of COMMANDS) c.register(program);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof UserError) {
      process.stderr.write(`govmon: ${e.message}\n`);
      return e.exitCode;
    }
    throw e;
  }
}
