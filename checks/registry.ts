/**
 * Every check govmon knows. Each family keeps its checks in checks/<family>/, one file per
 * check, and exports them from checks/<family>/index.ts as `checks`; families are discovered
 * here. To find an indicator's code from its id: `grep -rn "V-02" checks/`.
 */
import { readdirSync, existsSync } from 'node:fs';
import type { Check } from '../model/finding.ts';

const CHECKS_DIR = new URL('./', import.meta.url);

let cache: Check[] | undefined;

export async function allChecks(): Promise<Check[]> {
  if (cache) return cache;
  const families = readdirSync(CHECKS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(new URL(`./${d.name}/index.ts`, CHECKS_DIR)))
    .map((d) => d.name)
    .sort();
  const mods = await Promise.all(families.map((f) => import(new URL(`./${f}/index.ts`, CHECKS_DIR).href) as Promise<{ checks: Check[] }>));
  const list = mods.flatMap((m) => m.checks);
  const seen = new Set<string>();
  for (const c of list) {
    if (seen.has(c.id)) throw new Error(`duplicate check id ${c.id}`);
    seen.add(c.id);
  }
  cache = list;
  return list;
}

export async function checkById(id: string): Promise<Check | undefined> {
  return (await allChecks()).find((c) => c.id === id);
}
