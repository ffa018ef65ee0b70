/**
 * Report vocabulary in Chinese and English. Every report carries both languages (the reader
 * switches without a round trip), so every label is a `Text` pair.
 */
import type { CheckFamily, FindingStatus, Severity, Text } from '../model/finding.ts';
import type { FailureClass } from '../model/observation.ts';

export type Lang = 'zh' | 'en';

export const FAMILIES: Record<CheckFamily, Text> = {
  availability: { zh: '网站可用性', en: 'Availability' },
  freshness: { zh: '信息更新', en: 'Content freshness' },
  disclosure: { zh: '政府信息公开', en: 'Government information disclosure' },
  services: { zh: '办事服务', en: 'Online services' },
  participation: { zh: '互动交流', en: 'Public participation' },
  links: { zh: '链接可用性', en: 'Links' },
  identity: { zh: '网站标识与规范', en: 'Site identity' },
  security: { zh: '网络安全', en: 'Security' },
  quality: { zh: '体验与无障碍', en: 'Quality and accessibility' },
};

export const FAMILY_ORDER: CheckFamily[] = ['availability', 'freshness', 'disclosure', 'services', 'participation', 'links', 'identity', 'security', 'quality'];

export const SEVERITIES: Record<Severity, Text> = {
  veto: { zh: '单项否决', en: 'Veto' },
  deduct: { zh: '扣分', en: 'Deduction' },
  advise: { zh: '建议', en: 'Advisory' },
};

export const STATUSES: Record<FindingStatus, Text> = {
  pass: { zh: '通过', en: 'Pass' },
  fail: { zh: '不符合', en: 'Fail' },
  warn: { zh: '待核实', en: 'Warning' },
  not_applicable: { zh: '不适用', en: 'Not applicable' },
  cannot_assess: { zh: '无法评估', en: 'Could not assess' },
};

export const CHANGE: Record<'new' | 'open' | 'fixed' | 'first', Text> = {
  new: { zh: '新发现', en: 'New' },
  open: { zh: '仍未整改', en: 'Still open' },
  fixed: { zh: '已整改', en: 'Fixed' },
  first: { zh: '首次监测', en: 'First run' },
};

export const FAILURE_LABELS: Record<FailureClass, Text> = {
  timeout: { zh: '超时（15秒内未完整响应）', en: 'Timeout' },
  dns: { zh: '域名无法解析', en: 'DNS failure' },
  tls: { zh: 'TLS/证书错误', en: 'TLS / certificate error' },
  refused: { zh: '连接被拒绝', en: 'Connection refused' },
  reset: { zh: '连接被重置', en: 'Connection reset' },
  connection: { zh: '网络连接错误', en: 'Network error' },
  http_4xx: { zh: 'HTTP 4xx 错误', en: 'HTTP 4xx' },
  http_5xx: { zh: 'HTTP 5xx 服务器错误', en: 'HTTP 5xx' },
  too_many_redirects: { zh: '重定向过多或循环', en: 'Too many redirects' },
  blocked: { zh: '被网站拦截（403/429/防护页）', en: 'Blocked by the site (403/429/challenge)' },
  robots_disallowed: { zh: 'robots.txt 禁止抓取', en: 'Disallowed by robots.txt' },
  not_html: { zh: '非网页内容', en: 'Not an HTML page' },
  too_large: { zh: '内容超过大小上限', en: 'Body too large' },
  invalid_url: { zh: '无效链接地址', en: 'Invalid URL' },
  budget: { zh: '超出抓取预算未抓取', en: 'Not fetched (crawl budget)' },
};

export const RUN_STATUS: Record<string, Text> = {
  running: { zh: '进行中', en: 'Running' },
  complete: { zh: '已完成', en: 'Complete' },
  incomplete: { zh: '未完成', en: 'Incomplete' },
  failed: { zh: '失败', en: 'Failed' },
};

export const CRAWL_EVENTS: Record<string, Text> = {
  budget_pages: { zh: '达到页面数上限', en: 'Page budget reached' },
  budget_time: { zh: '达到时间上限', en: 'Time budget reached' },
  budget_depth: { zh: '达到深度上限', en: 'Depth limit reached' },
  trap_query_variants: { zh: '参数陷阱防护', en: 'Query-variant trap guard' },
  trap_session_id: { zh: '会话标识陷阱防护', en: 'Session-id trap guard' },
  trap_path_repeat: { zh: '重复路径陷阱防护', en: 'Repeated-path trap guard' },
  robots_disallowed: { zh: 'robots.txt 排除', en: 'Excluded by robots.txt' },
  render_fallback: { zh: '改用浏览器渲染', en: 'Switched to browser rendering' },
  sitemap_seeded: { zh: '从网站地图补充入口', en: 'Seeded from sitemap' },
  aborted: { zh: '抓取中止', en: 'Crawl aborted' },
  error: { zh: '抓取错误', en: 'Crawler error' },
  trap_calendar: { zh: '日历陷阱防护', en: 'Calendar trap guard' },
  backoff: { zh: '站点持续出错，已降低访问频率', en: 'Host kept failing: slowed down' },
  home_moved: { zh: '首页跳转到其他域名', en: 'Home page moved to another host' },
};

/**
 * Names of the indicator rows (国办秘函〔2019〕19号 and related texts) that checks cite in
 * `ref`, so a defect can say which rule it breaks in words and not only by id.
 */
export const RULES: Record<string, Text> = {
  'V-01': { zh: '站点无法访问', en: 'Site unreachable' },
  'V-02': { zh: '首页不更新', en: 'Home page not updated' },
  'V-03a': { zh: '栏目不更新（动态要闻/通知公告/政策文件）', en: 'Stale news, notice and policy columns' },
  'V-03b': { zh: '应更新未更新栏目', en: 'Required columns not updated' },
  'V-03c': { zh: '空白栏目', en: 'Empty columns' },
  'V-04': { zh: '严重错误（表述、泄密、安全事故）', en: 'Serious errors and security incidents' },
  'V-05a': { zh: '互动回应差：无有效咨询建言渠道', en: 'No working consultation channel' },
  'V-05b': { zh: '互动回应差：留言超3个月未回应', en: 'Letters unanswered for over 3 months' },
  'V-06a': { zh: '服务不实用：未提供办事服务', en: 'No online services' },
  'V-06b': { zh: '服务不实用：办事指南要素缺失', en: 'Service guide elements missing' },
  'V-06c': { zh: '办事附件与业务系统可用性', en: 'Service attachments and systems' },
  'D-01': { zh: '首页可用性', en: 'Home page availability' },
  'D-02': { zh: '链接可用性（错链断链）', en: 'Broken links' },
  'D-03': { zh: '首页栏目信息更新量', en: 'Home page update volume' },
  'D-04': { zh: '基本信息/概况信息', en: 'Basic information' },
  'D-05': { zh: '调查征集与在线访谈', en: 'Surveys and interviews' },
  'D-06': { zh: '站内搜索', en: 'Site search' },
  'D-07': { zh: '政策解读', en: 'Policy interpretation' },
  'G-01': { zh: '政府信息公开专栏', en: 'Disclosure section' },
  'G-02': { zh: '专栏标准子栏目', en: 'Standard disclosure sub-columns' },
  'G-03': { zh: '政府信息公开指南内容', en: 'Disclosure guide contents' },
  'G-04': { zh: '法定主动公开内容', en: 'Statutory disclosure categories' },
  'G-05': { zh: '主动公开时效（20个工作日）', en: 'Publication within 20 working days' },
  'G-06': { zh: '依申请公开渠道', en: 'Disclosure request channel' },
  'G-07': { zh: '公开平台检索、查阅、下载功能', en: 'Disclosure platform functions' },
  'G-08': { zh: '政府信息公开工作年度报告（时限）', en: 'Annual disclosure report (timing)' },
  'G-09': { zh: '年度报告内容与格式', en: 'Annual report contents' },
  'G-10': { zh: '基层政务公开标准目录', en: 'Local disclosure standard catalogue' },
  'S-01': { zh: '域名规范', en: 'Domain name' },
  'S-02': { zh: '网站标识码', en: 'Site ID code' },
  'S-03': { zh: 'ICP备案', en: 'ICP filing' },
  'S-04': { zh: '公安机关备案', en: 'Public security filing' },
  'S-05': { zh: '党政机关网站标识', en: 'Party and government site mark' },
  'S-06': { zh: '网页元数据标签', en: 'Page meta tags' },
  'S-07': { zh: '发布时间格式', en: 'Date display' },
  'S-08': { zh: '页面加载性能', en: 'Page load performance' },
  'S-09': { zh: '网站地图', en: 'Site map' },
  'S-10': { zh: '政府网站工作年度报表', en: 'Annual website worksheet' },
  'S-11': { zh: '不良外链（非gov.cn域名或IP地址）', en: 'Off-government and raw-IP links' },
  'S-12': { zh: '找错纠错入口', en: 'Error-report entry' },
  'A-01': { zh: '信息无障碍（GB/T 37668）', en: 'Accessibility (GB/T 37668)' },
  'A-02': { zh: '适老化与无障碍改造', en: 'Elderly-friendly and accessible version' },
  'A-03': { zh: '适老化设计规范', en: 'Elderly-friendly design rules' },
  'N-01': { zh: 'IPv6 支持', en: 'IPv6 support' },
  'N-02': { zh: 'HTTPS 安全传输', en: 'HTTPS' },
  'N-03': { zh: '安全响应头与信息泄露', en: 'Security headers and disclosure' },
  'N-04': { zh: '网页篡改与挂马', en: 'Tampering' },
};

export function ruleName(ref: string): Text | undefined {
  return RULES[ref] ?? RULES[ref.replace(/[a-z]$/, '')];
}

/** UI strings. */
export const T = {
  title: { zh: '政府网站监测报告', en: 'Government website monitoring report' },
  switchLang: { zh: 'English', en: '中文' },
  verdict: { zh: '监测结论', en: 'Verdict' },
  vetoYes: { zh: '存在单项否决问题（不合格）', en: 'Veto indicator triggered (fails)' },
  vetoCandidates: { zh: '疑似单项否决问题', en: 'Veto-candidate findings' },
  vetoNo: { zh: '未发现单项否决问题', en: 'No veto indicator triggered' },
  vetoReview: { zh: '否决项待人工核实', en: 'Veto items awaiting review' },
  vetoReviewHeadline: { zh: '未确认单项否决，以下否决项需人工核实', en: 'No confirmed veto; these veto items need a person to confirm' },
  score: { zh: '得分', en: 'Score' },
  grade: { zh: '等级', en: 'Grade' },
  change: { zh: '较上次变化', en: 'Change since last run' },
  noScore: { zh: '尚未评分（按监测发现汇总）', en: 'Not scored yet (summary of findings)' },
  defects: { zh: '问题清单', en: 'Defects' },
  defectsCount: { zh: '问题数', en: 'Defects' },
  noDefects: { zh: '本次监测未发现问题。', en: 'No defects were found in this run.' },
  noFindings: { zh: '本次监测尚无检查结果（检查尚未运行或运行未完成）。', en: 'This run has no check results yet (checks have not run or the run did not finish).' },
  fixedTitle: { zh: '上次监测发现、本次已整改', en: 'Fixed since the previous run' },
  notRecheckedTitle: { zh: '上次监测发现、本次未再检查', en: 'Found last time, not checked again this time' },
  notRecheckedNote: {
    zh: '这些问题所在的页面或链接本次没有抓取（超出页数预算、已从网站链接中移除或已移出监测窗口），无法确认是否已整改，不计入“已整改”。',
    en: 'The pages or links these were found on were not fetched this time (page budget, no longer linked, or out of the monitoring window): nothing shows they were fixed, so they are not counted as fixed.',
  },
  cannotAssess: { zh: '无法评估的项目', en: 'Items the monitor could not assess' },
  cannotAssessNote: {
    zh: '以下项目因网站拦截、超出抓取预算或缺少监测数据而无法评估，不计为问题，需人工核实。',
    en: 'These items could not be assessed (the site blocked us, a crawl budget ran out, or data is missing). They are not counted as defects and need a person to check.',
  },
  passed: { zh: '已通过的检查', en: 'Checks passed' },
  notApplicable: { zh: '不适用', en: 'Not applicable' },
  crawl: { zh: '抓取概况', en: 'Crawl summary' },
  pages: { zh: '抓取页面', en: 'Pages fetched' },
  pagesOk: { zh: '正常页面', en: 'Pages OK' },
  linksChecked: { zh: '检查链接', en: 'Links checked' },
  siteFailures: { zh: '网站原因的失败', en: 'Failures caused by the site' },
  assessFailures: { zh: '无法评估的失败（拦截/预算/robots）', en: 'Could-not-assess failures (blocked/budget/robots)' },
  brokenLinks: { zh: '不可访问的链接', en: 'Links that could not be opened' },
  crawlEvents: { zh: '抓取过程记录', en: 'Crawl events' },
  what: { zh: '问题', en: 'Problem' },
  where: { zh: '位置', en: 'Where' },
  linkedFrom: { zh: '所在页面', en: 'Linked from' },
  linkText: { zh: '链接文字', en: 'Link text' },
  evidence: { zh: '证据', en: 'Evidence' },
  rule: { zh: '依据', en: 'Rule' },
  fix: { zh: '整改建议', en: 'How to fix' },
  status: { zh: 'HTTP状态', en: 'HTTP status' },
  failure: { zh: '失败类型', en: 'Failure' },
  date: { zh: '日期', en: 'Date' },
  text: { zh: '判定依据', en: 'Deciding text' },
  screenshot: { zh: '截图', en: 'Screenshot' },
  firstSeen: { zh: '首次发现', en: 'First seen' },
  measure: { zh: '计量值', en: 'Measure' },
  examples: { zh: '示例', en: 'Examples' },
  site: { zh: '网站', en: 'Site' },
  run: { zh: '监测批次', en: 'Run' },
  runStatus: { zh: '运行状态', en: 'Run status' },
  started: { zh: '开始时间', en: 'Started' },
  finished: { zh: '结束时间', en: 'Finished' },
  duration: { zh: '耗时', en: 'Duration' },
  previousRun: { zh: '上次监测', en: 'Previous run' },
  none: { zh: '无', en: 'none' },
  more: { zh: '另有 {n} 项未列出', en: '{n} more not listed' },
  belowVetoLine: { zh: '否决类指标，未达否决线', en: 'Veto indicator, below the veto line' },
  technical: { zh: '技术细节（供评估人员参考）', en: 'Technical details (for evaluators)' },
  generated: { zh: '报告生成时间', en: 'Generated' },
  footer: {
    zh: '本报告仅根据监测系统保存的观测数据生成，不重新抓取或判定。',
    en: 'This report is rendered from the monitor\'s stored observations only; nothing is re-crawled or re-judged.',
  },
  requiresReview: { zh: '需人工核实', en: 'Needs human review' },
  level: { zh: '级别', en: 'Level' },
  region: { zh: '地区', en: 'Region' },
  note: { zh: '说明', en: 'Note' },
  reason: { zh: '原因', en: 'Reason' },
  check: { zh: '检查项', en: 'Check' },
  count: { zh: '数量', en: 'Count' },
  blameSite: { zh: '网站问题', en: 'site' },
  edition: { zh: '评分方法', en: 'Methodology' },
  history: { zh: '历次监测', en: 'Run history' },
  byPage: { zh: '按页面查看问题', en: 'Defects by page' },
  page: { zh: '页面', en: 'Page' },
  availability: { zh: '首页可用性（近7天探测）', en: 'Home page availability (probes, last 7 days)' },
  availabilityRule: { zh: '单项否决（V-01）：7天内超过15秒打不开的次数占比≥5%', en: 'Veto V-01: at least 5 % of probes over 7 days fail (no full response within 15 s)' },
  probes: { zh: '探测次数', en: 'Probes' },
  probesOk: { zh: '成功次数', en: 'Successful' },
  failureRatio: { zh: '失败率', en: 'Failure rate' },
  recentFailures: { zh: '最近的失败探测', en: 'Latest failed probes' },
  vetoLine: { zh: '95% 否决线', en: '95 % veto line' },
  provisional: { zh: '暂定（较多指标无法评估）', en: 'provisional (many indicators could not be assessed)' },
  breakdown: { zh: '评分明细（各指标得分与扣分）', en: 'Score breakdown by indicator' },
  points: { zh: '分值', en: 'Points' },
  deducted: { zh: '扣分', en: 'Deducted' },
  blameAssess: { zh: '无法评估', en: 'could not assess' },
} satisfies Record<string, Text>;

export function fmt(t: Text, vars: Record<string, string | number>): Text {
  const sub = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
  return { zh: sub(t.zh), en: sub(t.en) };
}
