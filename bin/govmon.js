#!/usr/bin/env node
// Node 24 runs the TypeScript sources directly by type stripping: no build step.
import { main } from '../cli/main.ts';

main(process.argv).then(
  (code) => {
    process.exitCode = code ?? 0;
  },
  (err) => {
    process.stderr.write(`govmon: ${err?.message ?? err}\n`);
    process.exitCode = 1;
  },
);
