/**
 * Where in a YAML file a validation problem sits. Every config loader (sites, schedules,
 * methodology editions) reports errors as `file:line: field …; fix: …`; zod gives a path,
 * the YAML AST gives the line.
 */
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node as YamlNode } from 'yaml';

/** Walks the YAML AST along a zod issue path; the line of the deepest node found (1-based). */
export function lineOf(doc: Document, lc: LineCounter, path: readonly PropertyKey[]): number | undefined {
  let node: unknown = doc.contents;
  let last: unknown = node;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
      if (!pair) break;
      last = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
    } else break;
    if (node) last = node;
  }
  const range = (last as YamlNode | undefined)?.range;
  return range ? lc.linePos(range[0]).line : undefined;
}

/** `sites[0].url` from ['sites', 0, 'url']. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(top level)';
}
