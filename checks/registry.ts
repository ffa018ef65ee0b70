/**
 * Every check govmon knows, in one list. Each family keeps its checks in checks/<family>/,
 * one file per check, and exports them from checks/<family>/index.ts as `checks`.
 * To find an indicator's code from its id: `grep -rn "ref: 'V-02'" checks/`.
 */
import type { Check } from '../model/finding.ts';

const FAMILIES: Array<() => Promise<{ checks: Check[] }>> = [
  // Families register here as they land (see checks/<family>/index.ts).
];

let cache: Check[] | undefined;

export async function allChecks(): Promise<Check[]> {
  if (cache) return cache;
  const mods = await Promise.all(FAMILIES.map((f) => f()));
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
