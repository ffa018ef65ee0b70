#!/usr/bin/env -S node --max-semi-space-size=16
// Node 24 runs the TypeScript sources directly by type stripping: no build step.
// The V8 flag on the first line (lib/node-flags.ts explains it) keeps a long crawl's RSS flat;
// `npm run govmon` / `npm run demo` pass it too.
import { main } from '../cli/main.ts';

// `govmon … | head` closes the pipe early; that is the reader's choice, not our failure.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

main(process.argv).then(
  (code) => {
    process.exitCode = code ?? 0;
  },
  (err) => {
    process.stderr.write(`govmon: ${err?.message ?? err}\n`);
    process.exitCode = 1;
  },
);
