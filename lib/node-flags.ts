/**
 * The V8 flags govmon's processes run with. A crawl allocates fast (one parsed DOM per page):
 * V8 then grows its young generation, and peak RSS with it, although the live heap stays flat.
 * Capping the semi-space keeps RSS within ~10 % from 2,000 to 32,000 pages for ~1 % more CPU
 * (bench/RESULTS.md). bin/govmon.js (its first line) and the npm scripts start govmon with them;
 * the bench measures govmon the same way. Keep the three in step.
 */
export const GOVMON_NODE_FLAGS = ['--max-semi-space-size=16'];
