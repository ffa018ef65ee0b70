/**
 * govmon's V8 flags live in three places that must agree: lib/node-flags.ts (what the bench
 * measures), the shebang of bin/govmon.js (npx govmon, a global install) and the npm scripts.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { GOVMON_NODE_FLAGS } from '../../lib/node-flags.ts';

const root = new URL('../../', import.meta.url);

describe('node flags', () => {
  it('are on the shebang of bin/govmon.js and in the npm scripts that start govmon', () => {
    const shebang = readFileSync(new URL('bin/govmon.js', root), 'utf8').split('\n')[0];
    const scripts = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')).scripts as Record<string, string>;
    for (const f of GOVMON_NODE_FLAGS) {
      expect(shebang).toContain(f);
      expect(scripts.govmon).toContain(f);
      expect(scripts.demo).toContain(f);
    }
  });

  it('reach the process when bin/govmon.js is executed directly', () => {
    const out = execFileSync(new URL('bin/govmon.js', root).pathname, ['--version'], { encoding: 'utf8' });
    expect(out.trim()).toBe('0.1.0');
    const flags = execFileSync('/usr/bin/env', ['-S', `node ${GOVMON_NODE_FLAGS.join(' ')} -p process.execArgv.join(' ')`], { encoding: 'utf8' });
    for (const f of GOVMON_NODE_FLAGS) expect(flags).toContain(f);
  });
});
