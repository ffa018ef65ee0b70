/**
 * The govmon command line. Each command lives in cli/commands/<name>.ts and exports
 * `register(program)`; they are discovered here, so `--help` always lists them all.
 */
import { readdirSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { UserError } from '../lib/errors.ts';

const COMMANDS_DIR = new URL('./commands/', import.meta.url);

export async function main(argv: string[]): Promise<number> {
  const program = new Command('govmon')
    .description('Independent third-party monitor of Chinese government websites (政府网站第三方监测)')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  const files = readdirSync(COMMANDS_DIR).filter((f) => f.endsWith('.ts')).sort();
  for (const f of files) {
    const mod = (await import(new URL(f, COMMANDS_DIR).href)) as { register?: (p: Command) => void };
    mod.register?.(program);
  }
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
