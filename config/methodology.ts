/**
 * Methodology editions (config/methodology/*.yaml): which indicators exist, which checks feed
 * them, how many points each is worth, how findings become deductions, vetoes and bonus
 * points, and where every number comes from. An edition is validated completely before any
 * score is computed, and every complaint names the file, line, field and fix, in the style of
 * config/sites.ts.
 *
 * Structure (国办秘函〔2019〕19号, cn-indicators §1): families → indicators → checks. A family
 * belongs to one part: `veto` (单项否决), `deduct` (扣分指标, points add up to
 * scoring.deduction_total) or `bonus` (加分指标, caps add up to scoring.bonus_max).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { fieldPath as fieldName, lineOf } from './yaml-lines.ts';
import { z } from 'zod';
import { KINDS, LEVELS } from '../model/site.ts';
import type { Site } from '../model/site.ts';
import type { Check } from '../model/finding.ts';
import type { EditionRef } from '../model/score.ts';
import { UserError } from '../lib/errors.ts';

export const METHODOLOGY_DIR = fileURLToPath(new URL('./methodology/', import.meta.url));

const TextSchema = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();

export const SourceSchema = z
  .object({
    document: z.string().min(1).describe('the document, e.g. 国办秘函〔2019〕19号 附件1'),
    article: z.string().optional(),
    confidence: z.enum(['✅', '🟡', '❓']),
    verified: z.boolean(),
    note: z.string().optional(),
  })
  .strict()
  .refine((s) => !(s.verified && s.confidence !== '✅'), {
    message: 'verified: true is only allowed with confidence ✅',
    path: ['verified'],
  });

const ApplicabilitySchema = z
  .object({
    kinds: z.array(z.enum(KINDS)).min(1).optional(),
    levels: z.array(z.enum(LEVELS)).min(1).optional(),
    /** Applies only when the site's `offersServices` equals this (办事服务 → true). */
    offers_services: z.boolean().optional(),
  })
  .strict();
export type Applicability = z.infer<typeof ApplicabilitySchema>;

const checkId = z.string().regex(/^[a-z]+\.[a-z0-9-]+$/, 'a check id is <family>.<name>, e.g. links.broken-home');
const OptionsSchema = z.record(z.string(), z.record(z.string(), z.unknown())).default({});

const common = {
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, dot, dash or underscore (e.g. D-02-home)'),
  /** Row id(s) of the indicator reference, V-01, G-08 … */
  ref: z.string().regex(/^[A-Z]-\d{2}[a-z]?w?(?:[,/ ]+[A-Z]-\d{2}[a-z]?w?)*$/, 'a reference row id such as V-01, D-02 or G-08'),
  name: TextSchema,
  checks: z.array(checkId).min(1, 'list at least one check id under `checks:`'),
  /** Options handed to the checks (thresholds), by check id; override the check's defaults. */
  options: OptionsSchema,
  applies_to: ApplicabilitySchema.optional(),
  requires_review: z.boolean().optional(),
  /**
   * Id of an earlier indicator this one presupposes (G-02 sub-columns need the G-01 section). When
   * the checks find this indicator not applicable while that one was deducted, it is deducted in
   * full instead of being rescaled away: a site with no disclosure section must not score better
   * than one whose section misses a few sub-columns.
   */
  requires: z.string().optional(),
  source: SourceSchema,
};
const weighted = {
  /** Points of the indicator within its family; or `weight` (its share of the family's points; a family's weights add up to 1). Not both. */
  points: z.number().nonnegative().optional(),
  weight: z.number().positive().optional(),
};

const VetoIndicator = z.object({ ...common, rule: z.literal('veto') }).strict();
const PerDefectIndicator = z
  .object({
    ...common,
    ...weighted,
    rule: z.literal('deduct_per_defect'),
    per_defect: z.number().positive().describe('points per defect'),
    /** `defects`: count defect findings; `measure`: the summary's measure; `auto`: defects when any, else the measure. */
    count: z.enum(['auto', 'defects', 'measure']).default('auto'),
    /** Finding statuses that count as a defect. */
    statuses: z.array(z.enum(['fail', 'warn'])).min(1).default(['fail']),
  })
  .strict();
const LinearIndicator = z
  .object({
    ...common,
    ...weighted,
    rule: z.literal('linear'),
    /** Deduction is 0 at `from` and the full points at `to` (from > to for "higher is better" measures). */
    from: z.number(),
    to: z.number(),
  })
  .strict()
  .refine((i) => i.from !== i.to, { message: '`from` and `to` must differ', path: ['to'] });
const PassFailIndicator = z
  .object({
    ...common,
    ...weighted,
    rule: z.literal('pass_fail'),
    /** Points lost on fail; defaults to the indicator's points. */
    deduction: z.number().nonnegative().optional(),
    /** Points lost on warn (default 0: a warning is shown, not scored). */
    warn_deduction: z.number().nonnegative().default(0),
  })
  .strict();
const BonusIndicator = z
  .object({
    ...common,
    ...weighted,
    rule: z.literal('bonus'),
    /** `pass`: all assessed checks pass → the points; `linear`: points × position of the measure between from and to. */
    award: z.enum(['pass', 'linear']).default('pass'),
    from: z.number().optional(),
    to: z.number().optional(),
  })
  .strict()
  .refine((i) => i.award !== 'linear' || (i.from !== undefined && i.to !== undefined && i.from !== i.to), {
    message: 'award: linear needs distinct `from` and `to`',
    path: ['award'],
  });

const IndicatorSchema = z.discriminatedUnion('rule', [VetoIndicator, PerDefectIndicator, LinearIndicator, PassFailIndicator, BonusIndicator]);
export type IndicatorConfig = z.infer<typeof IndicatorSchema>;

const FamilySchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'lower-case letters, digits, dash or underscore'),
    name: TextSchema,
    part: z.enum(['veto', 'deduct', 'bonus']),
    /** Points of the family (deduct, bonus). Indicators' points add up to it, or their weights split it. */
    points: z.number().nonnegative().optional(),
    applies_to: ApplicabilitySchema.optional(),
    source: SourceSchema.optional(),
    indicators: z.array(IndicatorSchema).min(1, 'list at least one indicator'),
  })
  .strict();
export type FamilyConfig = z.infer<typeof FamilySchema>;

const GradeSchema = z.object({ code: z.string().regex(/^[a-z_]+$/), min: z.number().nonnegative(), name: TextSchema }).strict();

const WarningRuleSchema = z
  .object({
    id: z.string().min(1).describe('rule id, e.g. V-02w'),
    ref: z.string().min(1),
    /** Re-run this check with `options` (lower thresholds than the veto's): a fail is a warning. */
    check: checkId.optional(),
    options: z.record(z.string(), z.unknown()).default({}),
    /** Or: the last N availability probes all failed (blamed on the site). */
    consecutive_probe_failures: z.number().int().min(2).optional(),
    level: z.enum(['red', 'orange', 'yellow']).default('orange'),
    message: TextSchema,
    source: SourceSchema,
  })
  .strict()
  .refine((r) => (r.check === undefined) !== (r.consecutive_probe_failures === undefined), {
    message: 'give exactly one of `check:` or `consecutive_probe_failures:`',
    path: ['check'],
  });
export type WarningRuleConfig = z.infer<typeof WarningRuleSchema>;

export const EditionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes, e.g. gb-2019'),
    version: z.union([z.string(), z.number()]).transform(String),
    title: TextSchema,
    jurisdiction: z.string().min(1),
    /** true for editions written as illustrations (never a published rule). */
    example: z.boolean().default(false),
    description: TextSchema.optional(),
    source: SourceSchema,
    scoring: z
      .object({
        deduction_total: z.number().positive(),
        pass_line: z.number().nonnegative(),
        bonus_line: z.number().nonnegative(),
        bonus_max: z.number().nonnegative(),
        bonus_kinds: z.array(z.enum(KINDS)).default(['门户网站']),
        precision: z.number().int().min(0).max(4).default(2),
        /** A defect URL deducted under one indicator is not deducted again under a later one (🟡 「不重复扣分」). */
        no_double_counting: z.boolean().default(true),
        /** Lighthouse results (monthly browser job) older than the scored crawl are used up to this many days back; 0 = only the scored run's. */
        browser_days: z.number().int().nonnegative().default(35),
        /** Days of availability probes before the "as of" instant (V-01: 7). */
        probe_days: z.number().int().positive().default(7),
        cannot_assess: z
          .object({
            treatment: z.enum(['exclude', 'full_points']).default('exclude'),
            /** Above this share of the deduction points unassessed, the total is marked provisional. */
            max_share: z.number().min(0).max(1).default(0.25),
          })
          .strict()
          .default({ treatment: 'exclude', max_share: 0.25 }),
        source: SourceSchema,
      })
      .strict(),
    grades: z.array(GradeSchema).min(2, 'list at least a failing and a passing grade'),
    combined: z
      .object({
        weights: z.object({ indicators: z.number().min(0).max(1), public_review: z.number().min(0).max(1), inspection: z.number().min(0).max(1) }).strict(),
        source: SourceSchema,
      })
      .strict()
      .optional(),
    warnings: z
      .object({
        /** A drop of the total by more than this many points since the previous period is a warning. */
        score_drop: z.number().positive().default(5),
        rules: z.array(WarningRuleSchema).default([]),
      })
      .strict()
      .default({ score_drop: 5, rules: [] }),
    families: z.array(FamilySchema).min(1),
  })
  .strict();

type EditionInput = z.infer<typeof EditionSchema>;

/** An indicator with its family resolved and its points computed from points or weight. */
export type ResolvedIndicator = IndicatorConfig & {
  points: number;
  family: string;
  familyName: { zh: string; en: string };
  part: 'veto' | 'deduct' | 'bonus';
  familyAppliesTo?: Applicability;
};

export interface Edition extends EditionInput {
  file: string;
  indicators: ResolvedIndicator[];
}

export class MethodologyError extends UserError {
  readonly file: string;
  readonly problems: string[];
  constructor(file: string, problems: string[]) {
    super(`invalid methodology edition ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.file = file;
    this.problems = problems;
  }
}

function hint(issue: z.core.$ZodIssue): string {
  const field = String(issue.path.at(-1) ?? '');
  if (issue.code === 'unrecognized_keys') return `remove or rename ${issue.keys.map((k) => `\`${k}\``).join(', ')} (see docs/methodology.md for the fields)`;
  if (issue.code === 'invalid_value' && 'values' in issue) return `use one of: ${(issue.values as unknown[]).join(', ')}`;
  if (issue.code === 'invalid_union' && field === 'rule') return 'use one of: veto, deduct_per_defect, linear, pass_fail, bonus';
  if (issue.code === 'invalid_type' && issue.input === undefined) return `add \`${field}:\``;
  if (field === 'source' || field === 'confidence') return 'give `source:` with document, article, confidence (✅/🟡/❓) and verified';
  return 'correct the value';
}

export interface ParseOptions {
  /** When given, every check id must be one of these, and option names must be known to the check. */
  checks?: Check[];
}

/** Parses and validates one edition. Throws MethodologyError listing every problem with file:line, field and fix. */
export function parseEdition(text: string, file: string, opts: ParseOptions = {}): Edition {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: true, merge: true });
  if (doc.errors.length) {
    throw new MethodologyError(
      file,
      doc.errors.map((e) => `${file}:${e.linePos?.[0]?.line ?? '?'}: YAML syntax: ${e.message.split('\n')[0]} (fix the indentation or quoting there)`),
    );
  }
  const at = (path: PropertyKey[]) => `${file}:${lineOf(doc, lc, path) ?? '?'}`;
  const parsed = EditionSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new MethodologyError(
      file,
      parsed.error.issues.map((i) => {
        const path = i.code === 'unrecognized_keys' ? [...i.path, i.keys[0]] : i.path;
        return `${at(path)}: field \`${fieldName(i.path)}\`: ${i.message}; fix: ${hint(i)}`;
      }),
    );
  }
  const ed = parsed.data;
  const problems: string[] = [];
  const indicators: ResolvedIndicator[] = [];
  const ids = new Map<string, string>();
  const familyIds = new Set<string>();
  const eps = 1e-9;
  const known = opts.checks ? new Map(opts.checks.map((c) => [c.id, c])) : undefined;

  ed.families.forEach((fam, fi) => {
    const fpath = ['families', fi];
    if (familyIds.has(fam.id)) problems.push(`${at([...fpath, 'id'])}: field \`families[${fi}].id\`: "${fam.id}" is used by another family; fix: give each family a unique id`);
    familyIds.add(fam.id);
    if (fam.part !== 'veto' && fam.points === undefined)
      problems.push(`${at(fpath)}: field \`families[${fi}].points\`: a ${fam.part} family needs its points; fix: add \`points:\` (the family's share of the ${fam.part === 'deduct' ? 'deduction total' : 'bonus cap'})`);
    if (fam.part !== 'veto' && fam.source === undefined)
      problems.push(`${at(fpath)}: field \`families[${fi}].source\`: every number needs a source; fix: add \`source:\` with document, confidence and verified`);
    const usesWeight = fam.indicators.some((i) => 'weight' in i && i.weight !== undefined);
    const usesPoints = fam.indicators.some((i) => 'points' in i && i.points !== undefined);
    if (usesWeight && usesPoints)
      problems.push(`${at([...fpath, 'indicators'])}: field \`families[${fi}].indicators\`: mixes \`points\` and \`weight\`; fix: give every indicator of family "${fam.id}" either points or weight, not both`);
    const weightSum = fam.indicators.reduce((s, i) => s + (('weight' in i && i.weight) || 0), 0);
    let pointSum = 0;
    fam.indicators.forEach((ind, ii) => {
      const ipath = [...fpath, 'indicators', ii];
      const fld = `families[${fi}].indicators[${ii}]`;
      if (ind.requires !== undefined && (!ids.has(ind.requires) || ind.requires === ind.id))
        problems.push(`${at([...ipath, 'requires'])}: field \`${fld}.requires\`: "${ind.requires}" is not an indicator listed before this one; fix: name the id of an earlier indicator (e.g. requires: G-01) or remove \`requires\``);
      if (ids.has(ind.id)) problems.push(`${at([...ipath, 'id'])}: field \`${fld}.id\`: "${ind.id}" is already used by ${ids.get(ind.id)}; fix: give each indicator a unique id`);
      else ids.set(ind.id, fld);
      const ruleOk =
        fam.part === 'veto' ? ind.rule === 'veto' : fam.part === 'bonus' ? ind.rule === 'bonus' : ind.rule !== 'veto' && ind.rule !== 'bonus';
      if (!ruleOk)
        problems.push(
          `${at([...ipath, 'rule'])}: field \`${fld}.rule\`: rule ${ind.rule} does not belong in a ${fam.part} family; fix: use ${fam.part === 'veto' ? 'rule: veto' : fam.part === 'bonus' ? 'rule: bonus' : 'deduct_per_defect, linear or pass_fail'} or move the indicator`,
        );
      let points = 0;
      if (ind.rule !== 'veto') {
        if (ind.points !== undefined) points = ind.points;
        else if (ind.weight !== undefined && fam.points !== undefined && weightSum > 0) points = (fam.points * ind.weight) / weightSum;
        else if (!usesWeight)
          problems.push(`${at(ipath)}: field \`${fld}.points\`: missing; fix: add \`points:\` or \`weight:\``);
        if (ind.rule === 'pass_fail' && ind.deduction !== undefined && ind.deduction > points + eps)
          problems.push(`${at([...ipath, 'deduction'])}: field \`${fld}.deduction\`: ${ind.deduction} exceeds the indicator's ${points} points; fix: deductions within one indicator cannot exceed its points (单项扣分不超过该指标分值)`);
      }
      pointSum += points;
      ind.checks.forEach((cid, ci) => {
        if (known && !known.has(cid))
          problems.push(
            `${at([...ipath, 'checks', ci])}: field \`${fld}.checks[${ci}]\`: unknown check id "${cid}"; fix: use an id listed by \`govmon checks\`${nearest(cid, [...known.keys()])}`,
          );
      });
      for (const [cid, o] of Object.entries(ind.options)) {
        if (!ind.checks.includes(cid))
          problems.push(`${at([...ipath, 'options', cid])}: field \`${fld}.options.${cid}\`: options for a check the indicator does not list; fix: add "${cid}" to \`checks:\` or remove the options`);
        const c = known?.get(cid);
        if (c) {
          const names = Object.keys(c.defaults ?? {});
          for (const k of Object.keys(o))
            if (!names.includes(k))
              problems.push(
                `${at([...ipath, 'options', cid, k])}: field \`${fld}.options.${cid}.${k}\`: check ${cid} has no option "${k}"; fix: use one of ${names.length ? names.join(', ') : '(none: the check takes no options)'}`,
              );
        }
      }
      indicators.push({ ...ind, points, family: fam.id, familyName: fam.name, part: fam.part, familyAppliesTo: fam.applies_to } as ResolvedIndicator);
    });
    if (usesWeight && !usesPoints && Math.abs(weightSum - 1) > 1e-6)
      problems.push(
        `${at([...fpath, 'indicators'])}: field \`families[${fi}].indicators\`: the weights add up to ${round(weightSum)}, not 1; fix: give the indicators of "${fam.id}" weights that add up to 1 (each is its share of the family's ${fam.points ?? '?'} points)`,
      );
    if (fam.points !== undefined && fam.part !== 'veto' && !usesWeight && Math.abs(pointSum - fam.points) > eps)
      problems.push(
        `${at([...fpath, 'points'])}: field \`families[${fi}].points\`: the indicators' points add up to ${round(pointSum)}, not ${fam.points}; fix: make the indicators of "${fam.id}" add up to ${fam.points} or change the family's points`,
      );
  });

  const partSum = (part: 'deduct' | 'bonus') => ed.families.filter((f) => f.part === part).reduce((s, f) => s + (f.points ?? 0), 0);
  const dsum = partSum('deduct');
  if (Math.abs(dsum - ed.scoring.deduction_total) > eps)
    problems.push(
      `${at(['scoring', 'deduction_total'])}: field \`scoring.deduction_total\`: the deduct families add up to ${round(dsum)}, not ${ed.scoring.deduction_total}; fix: make the families' points add up to ${ed.scoring.deduction_total} (${ed.families
        .filter((f) => f.part === 'deduct')
        .map((f) => `${f.id} ${f.points ?? 0}`)
        .join(' + ')})`,
    );
  const bsum = partSum('bonus');
  if (Math.abs(bsum - ed.scoring.bonus_max) > eps)
    problems.push(`${at(['scoring', 'bonus_max'])}: field \`scoring.bonus_max\`: the bonus families add up to ${round(bsum)}, not ${ed.scoring.bonus_max}; fix: make them add up to ${ed.scoring.bonus_max}`);
  if (ed.scoring.bonus_line > ed.scoring.deduction_total || ed.scoring.pass_line > ed.scoring.deduction_total)
    problems.push(`${at(['scoring', 'pass_line'])}: field \`scoring.pass_line\`: pass and bonus lines must not exceed deduction_total; fix: lower them`);

  const mins = ed.grades.map((g) => g.min);
  if (mins[0] !== 0) problems.push(`${at(['grades', 0, 'min'])}: field \`grades[0].min\`: the first grade must start at 0; fix: set \`min: 0\` (the failing grade)`);
  for (let i = 1; i < mins.length; i++)
    if (!(mins[i] > mins[i - 1])) problems.push(`${at(['grades', i, 'min'])}: field \`grades[${i}].min\`: grades must be in increasing order of min; fix: sort them from lowest to highest`);
  if (!mins.includes(ed.scoring.pass_line))
    problems.push(`${at(['grades'])}: field \`grades\`: no grade starts at the pass line ${ed.scoring.pass_line}; fix: add a grade with \`min: ${ed.scoring.pass_line}\` (合格)`);

  if (ed.combined) {
    const w = ed.combined.weights;
    const s = w.indicators + w.public_review + w.inspection;
    if (Math.abs(s - 1) > 1e-6)
      problems.push(`${at(['combined', 'weights'])}: field \`combined.weights\`: the weights add up to ${round(s)}, not 1; fix: make indicators + public_review + inspection = 1`);
  }

  ed.warnings.rules.forEach((r, ri) => {
    const c = r.check ? known?.get(r.check) : undefined;
    if (r.check && known && !c)
      problems.push(`${at(['warnings', 'rules', ri, 'check'])}: field \`warnings.rules[${ri}].check\`: unknown check id "${r.check}"; fix: use an id listed by \`govmon checks\`${nearest(r.check, [...known.keys()])}`);
    if (c) {
      const names = Object.keys(c.defaults ?? {});
      for (const k of Object.keys(r.options))
        if (!names.includes(k))
          problems.push(`${at(['warnings', 'rules', ri, 'options', k])}: field \`warnings.rules[${ri}].options.${k}\`: check ${c.id} has no option "${k}"; fix: use one of ${names.join(', ') || '(none)'}`);
    }
  });

  if (problems.length) throw new MethodologyError(file, problems);
  return { ...ed, file, indicators };
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

function nearest(id: string, ids: string[]): string {
  const fam = id.split('.')[0];
  const same = ids.filter((i) => i.startsWith(fam + '.'));
  const pick = same.length ? same : [];
  return pick.length ? ` (family ${fam} has: ${pick.slice(0, 8).join(', ')})` : '';
}

export function editionRef(ed: Edition): EditionRef {
  return { id: ed.id, version: ed.version, title: ed.title, jurisdiction: ed.jurisdiction, example: ed.example };
}

/** Whether an indicator (and its family) applies to a site. */
export function applies(ind: ResolvedIndicator, site: Site): boolean {
  return matches(ind.familyAppliesTo, site) && matches(ind.applies_to, site);
}

function matches(a: Applicability | undefined, site: Site): boolean {
  if (!a) return true;
  if (a.kinds && !a.kinds.includes(site.kind)) return false;
  if (a.levels && !a.levels.includes(site.level)) return false;
  if (a.offers_services !== undefined && (site.offersServices ?? true) !== a.offers_services) return false;
  return true;
}

/** Options for every check of the edition, merged over indicators (later indicators win on conflicts). */
export function checkOptions(ed: Edition): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const ind of ed.indicators) for (const [cid, o] of Object.entries(ind.options)) out[cid] = { ...(out[cid] ?? {}), ...o };
  return out;
}

/** Every check id the edition uses (indicators and warning rules). */
export function editionCheckIds(ed: Edition): string[] {
  const s = new Set<string>();
  for (const ind of ed.indicators) ind.checks.forEach((c) => s.add(c));
  for (const r of ed.warnings.rules) if (r.check) s.add(r.check);
  return [...s];
}

export function loadEditionFile(file: string, opts: ParseOptions = {}): Edition {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read methodology edition ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; fix: pass an existing file or an edition id (see \`govmon score --help\`)`);
  }
  return parseEdition(text, file, opts);
}

/** Ids of the shipped editions (file names in config/methodology/). */
export function listEditionFiles(dir = METHODOLOGY_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** Loads an edition by id (config/methodology/<id>.yaml) or by path. */
export function loadEdition(idOrPath: string, opts: ParseOptions = {}, dir = METHODOLOGY_DIR): Edition {
  if (/[\\/]|\.ya?ml$/.test(idOrPath)) return loadEditionFile(idOrPath, opts);
  const files = listEditionFiles(dir);
  const file = files.find((f) => basename(f).replace(/\.ya?ml$/, '') === idOrPath);
  if (!file)
    throw new UserError(
      `no methodology edition "${idOrPath}"; fix: use one of ${files.map((f) => basename(f).replace(/\.ya?ml$/, '')).join(', ')} or a path to a .yaml file`,
    );
  const ed = loadEditionFile(file, opts);
  if (ed.id !== idOrPath) throw new MethodologyError(file, [`${file}:1: field \`id\`: "${ed.id}" differs from the file name; fix: name the file ${ed.id}.yaml or set \`id: ${idOrPath}\``]);
  return ed;
}
