/**
 * Loads and validates the site registry (config/sites.yaml or --config PATH). Any problem
 * stops before a single request is made, with a message naming the file, line, field and fix.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { fieldPath, lineOf } from './yaml-lines.ts';
import type { ZodIssue } from 'zod';
import { RegistrySchema, type Registry } from '../model/site.ts';
import { UserError } from '../lib/errors.ts';
import { fileURLToPath } from 'node:url';

export const DEFAULT_SITES_PATH = fileURLToPath(new URL('./sites.yaml', import.meta.url));

export class ConfigError extends UserError {
  readonly file: string;
  readonly problems: string[];
  constructor(file: string, problems: string[]) {
    super(`invalid config ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.file = file;
    this.problems = problems;
  }
}

function hint(issue: ZodIssue): string {
  const field = issue.path.at(-1);
  if (issue.code === 'unrecognized_keys') return `remove or rename ${issue.keys.map((k) => `\`${k}\``).join(', ')} (check the spelling against README "Site registry")`;
  if (issue.code === 'invalid_value' && 'values' in issue) return `use one of: ${(issue.values as unknown[]).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.input === undefined) return `add \`${String(field)}:\``;
  if (field === 'url' || String(field).endsWith('Url')) return 'write a full URL such as https://www.example.gov.cn/';
  return 'correct the value';
}

export function parseRegistry(text: string, file: string): Registry {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: true });
  if (doc.errors.length) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => `${file}:${e.linePos?.[0]?.line ?? '?'}: YAML syntax: ${e.message.split('\n')[0]} (fix the indentation or quoting there)`),
    );
  }
  const result = RegistrySchema.safeParse(doc.toJS());
  if (!result.success) {
    throw new ConfigError(
      file,
      result.error.issues.map((i) => {
        const line = lineOf(doc, lc, i.code === 'unrecognized_keys' ? [...i.path, i.keys[0]] : i.path);
        const field = fieldPath(i.path);
        return `${file}:${line ?? '?'}: field \`${field}\`: ${i.message}; fix: ${hint(i)}`;
      }),
    );
  }
  const reg = result.data;
  const ids = new Map<string, number>();
  const dupes: string[] = [];
  reg.sites.forEach((s, i) => {
    if (ids.has(s.id)) dupes.push(`${file}:${lineOf(doc, lc, ['sites', i, 'id']) ?? '?'}: field \`sites[${i}].id\`: "${s.id}" is already used by sites[${ids.get(s.id)}]; fix: give each site a unique id`);
    else ids.set(s.id, i);
  });
  if (dupes.length) throw new ConfigError(file, dupes);
  return reg;
}

export function loadRegistry(file = DEFAULT_SITES_PATH): Registry {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read config ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; fix: pass an existing file with --config PATH`);
  }
  return parseRegistry(text, file);
}
