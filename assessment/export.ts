/**
 * Exports scores for reviewers, per site or per indicator, as CSV (UTF-8 with BOM, Chinese
 * headers, every field quoted, CRLF: opens cleanly in Excel and WPS) or JSON (a versioned schema,
 * docs/export-schema.md and docs/export-schema.json). Both name the edition (id, version) and the
 * runs used, and the per-indicator form carries the finding keys and URLs behind every point.
 */
import { stringify } from 'csv-stringify/sync';
import type { CombinedScore, IndicatorResult, IndicatorStatus, RankEntry, SiteScore } from '../model/score.ts';

export const EXPORT_SCHEMA_VERSION = 1;
export type ExportFormat = 'csv' | 'json';
export type ExportBy = 'site' | 'indicator';

export interface ExportInput {
  scores: SiteScore[];
  ranks?: RankEntry[];
  combined?: CombinedScore[];
  generatedAt?: string;
}

const STATUS_ZH: Record<IndicatorStatus, string> = {
  pass: '通过',
  deducted: '扣分',
  vetoed: '否决',
  awarded: '加分',
  review: '待人工确认',
  not_applicable: '不适用',
  cannot_assess: '无法评估',
};
const PART_ZH = { veto: '单项否决', deduct: '扣分指标', bonus: '加分指标' } as const;
const RULE_ZH = { veto: '单项否决', deduct_per_defect: '按问题数扣分', linear: '线性扣分', pass_fail: '达标/不达标', bonus: '加分' } as const;

/** Spreadsheet apps run cells starting with = + - @ as formulas; crawled text must never become one. */
export function safeCell(v: unknown): string | number {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? v : '';
  const s = String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

function csv(rows: Array<Array<string | number>>): string {
  return stringify(rows.map((r) => r.map(safeCell)), { bom: true, quoted: true, quoted_empty: true, record_delimiter: 'windows' });
}

function indicatorCell(i: IndicatorResult): string | number {
  if (i.status === 'not_applicable') return '不适用';
  if (i.status === 'cannot_assess') return '无法评估';
  if (i.part === 'veto') return STATUS_ZH[i.status];
  if (i.part === 'bonus') return i.awarded;
  return i.deduction;
}

const indicatorHeader = (i: IndicatorResult) => `${i.id} ${i.name.zh}${i.part === 'deduct' ? '（扣分）' : i.part === 'bonus' ? '（加分）' : ''}`;

function bySite(input: ExportInput): { header: string[]; rows: Array<Array<string | number>> } {
  const first = input.scores[0];
  const inds = first ? first.indicators : [];
  const hasCombined = (input.combined ?? []).length > 0;
  const header = [
    '单位名称',
    '网站标识码',
    '站点ID',
    '地区',
    '级别',
    '类型',
    '分组',
    '周期',
    '方法版本',
    '单项否决',
    '否决指标',
    '扣分得分',
    '加分',
    '总分',
    '等级',
    '排名',
    '组内站点数',
    '较上期变化',
    ...(hasCombined ? ['公众评议', '察访核验', '综合得分'] : []),
    '暂定结果',
    '无法评估指标',
    '不适用指标',
    '监测批次',
    ...inds.map(indicatorHeader),
  ];
  const rows = input.scores.map((s) => {
    const r = input.ranks?.find((x) => x.siteId === s.siteId);
    const c = input.combined?.find((x) => x.siteId === s.siteId);
    return [
      s.siteName,
      s.siteIdCode ?? '',
      s.siteId,
      s.region,
      s.level,
      s.kind,
      s.group,
      s.period.label,
      `${s.edition.id}@${s.edition.version}`,
      s.state === 'no_data' ? '无数据' : s.veto.vetoed ? '是' : '否',
      s.veto.indicators.map((v) => `${v.id} ${v.name.zh}`).join('；'),
      s.state === 'no_data' ? '' : s.deduction.score,
      s.state === 'no_data' ? '' : s.bonus.points,
      s.total ?? '',
      s.grade.name.zh,
      r?.rank ?? '',
      r?.of ?? '',
      r?.change ?? '',
      ...(hasCombined ? [c?.public_review ?? '', c?.inspection ?? '', c?.total ?? ''] : []),
      s.provisional ? '是' : '否',
      s.cannotAssess.join('、'),
      s.notApplicable.join('、'),
      s.runIds.join(' '),
      ...inds.map((i) => {
        const mine = s.indicators.find((x) => x.id === i.id);
        return mine ? indicatorCell(mine) : '';
      }),
    ];
  });
  return { header, rows };
}

/**
 * Horizontal comparison per indicator: the mean deduction (or bonus) of the scored sites in the
 * same ranking group, so a reviewer sees whether a defect is the site's own or common to its peers.
 */
export function groupIndicatorMeans(input: ExportInput): Map<string, Map<string, number>> {
  const groupOf = (s: SiteScore) => input.ranks?.find((r) => r.siteId === s.siteId)?.group ?? s.group;
  const acc = new Map<string, Map<string, { sum: number; n: number }>>();
  for (const s of input.scores) {
    if (s.state !== 'scored') continue;
    const g = groupOf(s);
    const m = acc.get(g) ?? new Map<string, { sum: number; n: number }>();
    acc.set(g, m);
    for (const i of s.indicators) {
      if (i.part === 'veto' || i.status === 'not_applicable' || i.status === 'cannot_assess') continue;
      const e = m.get(i.id) ?? { sum: 0, n: 0 };
      e.sum += i.part === 'deduct' ? i.deduction : i.awarded;
      e.n++;
      m.set(i.id, e);
    }
  }
  const out = new Map<string, Map<string, number>>();
  for (const [g, m] of acc) out.set(g, new Map([...m].map(([id, e]) => [id, Math.round((e.sum / e.n) * 100) / 100])));
  return out;
}

function byIndicator(input: ExportInput): { header: string[]; rows: Array<Array<string | number>> } {
  const means = groupIndicatorMeans(input);
  const groupOf = (s: SiteScore) => input.ranks?.find((r) => r.siteId === s.siteId)?.group ?? s.group;
  const header = [
    '单位名称',
    '网站标识码',
    '站点ID',
    '周期',
    '方法版本',
    '指标编号',
    '指标名称',
    '参考条目',
    '类别',
    '部分',
    '计分规则',
    '分值',
    '测量值',
    '扣分',
    '得分或加分',
    '组内平均扣分或加分',
    '状态',
    '说明',
    '人工复核',
    '依据',
    '可信度',
    '已核实',
    '问题数',
    '问题标识',
    '证据链接',
    '监测批次',
  ];
  const rows: Array<Array<string | number>> = [];
  for (const s of input.scores)
    for (const i of s.indicators) {
      // Individual defects when the check lists them, otherwise the failing summary itself.
      const bad = i.findings.filter((f) => f.status === 'fail' || f.status === 'warn');
      const defects = bad.some((f) => f.defect) ? bad.filter((f) => f.defect) : bad;
      rows.push([
        s.siteName,
        s.siteIdCode ?? '',
        s.siteId,
        s.period.label,
        `${s.edition.id}@${s.edition.version}`,
        i.id,
        i.name.zh,
        i.ref,
        i.familyName.zh,
        PART_ZH[i.part],
        RULE_ZH[i.rule],
        i.points,
        i.value ?? '',
        i.part === 'deduct' ? i.deduction : '',
        i.part === 'veto' ? '' : i.awarded,
        i.part === 'veto' ? '' : (means.get(groupOf(s))?.get(i.id) ?? ''),
        STATUS_ZH[i.status],
        i.explanation.zh,
        i.review ? `${i.review.decision === 'confirm' ? '确认' : '驳回'}（${i.review.reviewer}）` : i.requiresReview ? '待复核' : '',
        [i.source.document, i.source.article].filter(Boolean).join(' '),
        i.source.confidence,
        i.source.verified ? '是' : '否',
        i.value !== undefined && i.rule === 'deduct_per_defect' ? i.value : defects.length,
        defects.map((f) => f.key).join('\n'),
        [...new Set(defects.map((f) => f.url).filter(Boolean))].join('\n'),
        s.runIds.join(' '),
      ]);
    }
  return { header, rows };
}

export function exportCsv(input: ExportInput, by: ExportBy): string {
  const { header, rows } = by === 'site' ? bySite(input) : byIndicator(input);
  return csv([header, ...rows]);
}

/** The JSON export (schema: docs/export-schema.json). */
export function exportJson(input: ExportInput, by: ExportBy): string {
  const first = input.scores[0];
  const doc = {
    schemaVersion: EXPORT_SCHEMA_VERSION,
    kind: by === 'site' ? 'govmon.scores.by-site' : 'govmon.scores.by-indicator',
    generatedAt: input.generatedAt ?? new Date().toISOString(),
    edition: first?.edition ?? null,
    period: first?.period ?? null,
    ...(by === 'site'
      ? {
          sites: input.scores.map((s) => ({
            score: s,
            rank: input.ranks?.find((r) => r.siteId === s.siteId) ?? null,
            combined: input.combined?.find((c) => c.siteId === s.siteId) ?? null,
          })),
        }
      : {
          indicators: input.scores.flatMap((s) =>
            s.indicators.map((i) => ({
              siteId: s.siteId,
              siteName: s.siteName,
              siteIdCode: s.siteIdCode ?? null,
              runIds: s.runIds,
              indicator: i,
            })),
          ),
        }),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

export function exportScores(input: ExportInput, format: ExportFormat, by: ExportBy): string {
  return format === 'csv' ? exportCsv(input, by) : exportJson(input, by);
}
