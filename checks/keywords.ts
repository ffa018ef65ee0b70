/**
 * Column-type keyword tables (cn-indicators §A.1) and the classifier that applies them.
 * Shared by the freshness (V-02, V-03a/b/c, D-03) and participation (V-05a/b, D-05) checks,
 * and exported for the other families (disclosure, services) and the reports.
 *
 * All keyword lists are heuristics (the reference says so): every check that uses them takes
 * an option to replace a table, and a column's class is evidence a person can overrule.
 */

export type ColumnClass =
  /** 动态要闻: 14 days (V-03a ✅) */
  | 'news'
  /** 通知公告/政策文件: 6 months as 一级栏目 (V-03a ✅) */
  | 'notice'
  /** 应更新 other required columns: 1 year by default (V-03b 🟡) */
  | 'required'
  /** 互动 channels that count for V-05 */
  | 'interaction'
  /** 互动 columns excluded from V-05b (访谈, 征集, 信访, 举报) */
  | 'interaction_excluded';

export interface KeywordTables {
  news: string[];
  notice: string[];
  required: string[];
  interaction: string[];
  interactionExcluded: string[];
  /** Columns exempt from freshness: historical topics (历史性工作专题) and archives. */
  exempt: string[];
  /** Page texts that say a column has nothing in it (V-03c). */
  emptyMarkers: string[];
  /** Explanatory notes that make an empty column legitimate (V-03c: flagged for review, not counted). */
  explanatoryNotes: string[];
}

export const NEWS_KEYWORDS = ['政务要闻', '本地要闻', '今日要闻', '工作动态', '部门动态', '区县动态', '县区动态', '乡镇动态', '基层动态', '图片新闻', '工作进展', '政务动态', '新闻动态', '新闻发布', '要闻', '动态', '新闻', '头条'];
export const NOTICE_KEYWORDS = ['通知公告', '公示公告', '公告公示', '通知', '公告', '公示', '政策文件', '政策法规', '规范性文件', '政府文件', '部门文件', '文件'];
export const REQUIRED_KEYWORDS = ['人事信息', '人事任免', '人事', '规划计划', '发展规划', '规划', '计划总结', '领导信息', '领导之窗', '机构职能', '机构设置', '机构信息', '地区概况', '地区介绍', '财政信息', '财政预决算', '预决算', '重大项目', '统计信息', '统计数据', '信息公开目录'];
export const INTERACTION_KEYWORDS = ['领导信箱', '市长信箱', '县长信箱', '区长信箱', '局长信箱', '书记信箱', '主任信箱', '厅长信箱', '我要写信', '写信', '网上咨询', '在线咨询', '咨询', '留言', '政民互动', '互动交流', '12345', '建言献策', '信箱'];
// bare 调查 is left out on purpose: 统计调查 is a statistics column, not a survey
export const INTERACTION_EXCLUDED_KEYWORDS = ['在线访谈', '访谈', '意见征集', '民意征集', '调查征集', '征集', '网上调查', '在线调查', '民意调查', '问卷调查', '问卷', '网上信访', '信访', '纪检举报', '举报投诉', '举报'];
export const EXEMPT_KEYWORDS = ['历史', '专题回顾', '往期', '归档', '存档', '已结束', '(历史)', '（历史）'];
export const EMPTY_MARKERS = ['暂无信息', '暂无数据', '暂无内容', '暂无记录', '暂无相关信息', '没有相关信息', '没有找到相关', '无相关信息', '没有记录', '信息正在更新中', '栏目建设中', '正在建设中', '敬请期待', '共0条', '共 0 条', '0条记录', '暂无文章'];
// "说明 / 特此说明 / 本机关…无此类信息 / 无…事项" (V-03c ✅ 2015 信息公开目录说明)
export const EXPLANATORY_NOTES = ['特此说明', '说明：', '说明:', '情况说明', '无此类信息', '未产生', '未发生', '不涉及', '无相关事项', '无此项', '暂未产生', '本机关'];

export const DEFAULT_KEYWORDS: KeywordTables = {
  news: NEWS_KEYWORDS,
  notice: NOTICE_KEYWORDS,
  required: REQUIRED_KEYWORDS,
  interaction: INTERACTION_KEYWORDS,
  interactionExcluded: INTERACTION_EXCLUDED_KEYWORDS,
  exempt: EXEMPT_KEYWORDS,
  emptyMarkers: EMPTY_MARKERS,
  explanatoryNotes: EXPLANATORY_NOTES,
};

/** Merges a methodology's keyword overrides (each table replaced whole) onto the defaults. */
export function keywordTables(override: unknown): KeywordTables {
  const out: KeywordTables = { ...DEFAULT_KEYWORDS };
  if (override && typeof override === 'object') {
    for (const k of Object.keys(DEFAULT_KEYWORDS) as Array<keyof KeywordTables>) {
      const v = (override as Record<string, unknown>)[k];
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out[k] = v as string[];
    }
  }
  return out;
}

function norm(s: string): string {
  return s.replace(/[\s\u3000·•|｜>》»<《«\-—_]+/g, '').trim();
}

/** The longest keyword of a table found in a name (longest wins: 政务要闻 over 要闻). */
export function matchKeyword(name: string, table: string[]): string | undefined {
  const n = norm(name);
  let best: string | undefined;
  for (const k of table) {
    const nk = norm(k);
    if (!n.includes(nk)) continue;
    // a numeric keyword (12345) must stand alone: 闽ICP备05012345号 is not the 12345 hotline
    if (/^\d+$/.test(nk) && !new RegExp(`(?<!\\d)${nk}(?!\\d)`).test(n)) continue;
    if (!best || k.length > best.length) best = k;
  }
  return best;
}

export interface ColumnClassification {
  cls: ColumnClass;
  keyword: string;
}

/**
 * Classifies a column by its name (block heading, page title, <meta ColumnName>). Interaction
 * exclusions win over interaction (网上信访 is not a consultation channel), then the most
 * specific (longest) keyword across the freshness classes wins.
 */
export function classifyColumn(name: string | undefined, tables: KeywordTables = DEFAULT_KEYWORDS): ColumnClassification | undefined {
  if (!name) return undefined;
  const n = norm(name);
  if (!n || n.length > 40) return undefined;
  const ex = matchKeyword(n, tables.interactionExcluded);
  const inter = matchKeyword(n, tables.interaction);
  if (ex && (!inter || ex.length >= inter.length || /信访|举报/.test(ex))) return { cls: 'interaction_excluded', keyword: ex };
  if (inter) return { cls: 'interaction', keyword: inter };
  let best: ColumnClassification | undefined;
  for (const [cls, table] of [
    ['news', tables.news],
    ['notice', tables.notice],
    ['required', tables.required],
  ] as const) {
    const k = matchKeyword(n, table);
    if (k && (!best || k.length > best.keyword.length)) best = { cls, keyword: k };
  }
  return best;
}

/** True when a column name marks a historical topic or archive (exempt from V-03, reference V-03b). */
export function isExemptColumn(name: string | undefined, tables: KeywordTables = DEFAULT_KEYWORDS): boolean {
  return !!name && !!matchKeyword(name, tables.exempt);
}

/** 调查征集 columns and items (D-05). */
export const SURVEY_KEYWORDS = ['意见征集', '民意征集', '调查征集', '网上调查', '在线调查', '民意调查', '问卷调查', '征求意见', '征集', '问卷'];
/** 在线访谈 columns and sessions (D-05). */
export const INTERVIEW_KEYWORDS = ['在线访谈', '网上访谈', '在线直播', '访谈'];
/** Channels that never count as a consultation channel (V-05a: 网上信访、纪检举报等专门渠道除外). */
export const SPECIAL_CHANNEL_KEYWORDS = ['网上信访', '信访', '纪检举报', '举报投诉', '举报', '12388'];
