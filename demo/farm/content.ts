/**
 * Realistic titles for the farm's columns. `{c}` is the place name (闽江市, 青溪县 …),
 * `{y}` the year of the item. Lists cycle through the pool and number repeats, as busy
 * portals do with recurring meetings.
 */
import type { Item } from './cms.ts';
import { daysAgo, trsStamp, jcmsStamp } from './time.ts';

export const POOLS: Record<string, string[]> = {
  news: [
    '{c}召开经济运行分析会议',
    '{c}领导赴重点项目建设现场调研',
    '{c}举行优化营商环境推进大会',
    '{c}召开安全生产工作电视电话会议',
    '{c}开展节前安全生产大检查',
    '{c}与省农业科学院签署战略合作协议',
    '{c}召开巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作会议',
    '{c}政府常务会议研究部署近期重点工作',
    '{c}举办{y}年招商引资项目集中签约活动',
    '{c}召开生态环境保护委员会全体会议',
    '{c}部署秋冬季森林防火工作',
    '{c}开展“我为群众办实事”实践活动',
    '{c}召开河湖长制工作推进会',
    '{c}举行重大项目集中开工仪式',
    '{c}推进城市更新行动工作会议召开',
    '{c}召开防汛防台风工作部署会',
    '{c}举办{y}年高校毕业生就业双选会',
    '{c}召开数字政府建设工作推进会',
    '{c}专题研究民生实事项目推进情况',
    '{c}召开食品安全委员会全体会议',
  ],
  dept: [
    '{c}教育局开展校园安全专项检查',
    '{c}卫健委举办基层医务人员技能竞赛',
    '{c}人社局召开根治欠薪工作推进会',
    '{c}住建局部署建筑施工安全生产工作',
    '{c}市场监管局开展食品安全抽检',
    '{c}农业农村局推进秋粮收购工作',
    '{c}生态环境局开展大气污染防治督查',
    '{c}交通运输局部署道路运输安全工作',
    '{c}民政局开展养老服务机构消防检查',
    '{c}医保局推进异地就医直接结算工作',
    '{c}文旅局举办非遗文化展演活动',
    '{c}应急管理局组织开展地质灾害应急演练',
  ],
  town: [
    '城关镇开展人居环境整治提升行动',
    '溪口乡召开村级财务管理工作会议',
    '白沙镇举办农村实用技术培训班',
    '龙潭镇推进高标准农田建设',
    '桐林乡开展防溺水安全宣传',
    '凤山镇召开乡村振兴工作推进会',
    '石门镇开展森林防火巡查',
    '梅岭乡举办农民丰收节活动',
  ],
  notice: [
    '关于{y}年度{c}事业单位公开招聘工作人员的公告',
    '关于开展{y}年度{c}统计执法检查的通知',
    '关于{c}城区部分路段临时交通管制的通告',
    '关于公布{y}年第三批{c}重点项目名单的通知',
    '关于征集{c}“十五五”规划编制意见建议的公告',
    '关于{c}{y}年秋冬季停电检修计划的公告',
    '关于做好{y}年度城乡居民医疗保险参保缴费工作的通知',
    '关于开展{y}年“质量月”活动的通知',
    '关于{c}部分行政许可事项调整的公告',
    '关于{y}年{c}市级财政资金项目申报的通知',
    '关于公示{y}年度{c}劳动模范推荐人选的公告',
    '关于进一步加强冬季供暖安全管理的通知',
  ],
  policy: [
    '{c}人民政府关于印发{c}优化营商环境若干措施的通知',
    '{c}人民政府办公室关于印发{c}城市更新行动实施方案的通知',
    '{c}人民政府关于促进民营经济高质量发展的实施意见',
    '{c}人民政府办公室关于进一步做好稳就业工作的通知',
    '{c}人民政府关于印发{c}突发事件总体应急预案的通知',
    '{c}人民政府办公室关于加强耕地保护的通知',
    '{c}人民政府关于调整城乡居民基本养老保险基础养老金标准的通知',
    '{c}人民政府办公室关于印发{c}数字政府建设实施方案的通知',
  ],
  personnel: ['{c}人民政府关于张伟等同志职务任免的通知', '{c}人民政府关于李娜等同志职务任免的通知', '{y}年{c}公开遴选公务员拟遴选人员公示', '{c}人民政府关于王强同志任职的通知'],
  plan: ['{c}国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要', '{c}“十四五”综合交通运输发展专项规划', '{c}国土空间总体规划（2021—2035年）', '{c}{y}年国民经济和社会发展计划'],
  finance: ['{c}{y}年财政预算执行情况', '{c}{y}年部门预算公开', '{c}{y}年政府性基金预算', '{c}{y}年“三公”经费预算情况说明'],
  stats: ['{y}年1—10月{c}主要经济指标', '{y}年前三季度{c}经济运行情况', '{c}{y}年国民经济和社会发展统计公报', '{y}年上半年{c}居民收支情况'],
  interview: ['“优化营商环境”主题在线访谈', '“数字政府建设”主题在线访谈', '“就业创业政策解读”在线访谈', '“城乡居民医保参保”在线访谈'],
  survey: ['关于《{c}城市更新行动实施方案（征求意见稿）》公开征求意见的公告', '关于《{c}养犬管理规定（草案）》公开征求意见的公告', '{c}政务服务满意度网上调查', '关于《{c}公共停车场管理办法（征求意见稿）》征求意见的公告'],
  system: ['{c}政府信息公开保密审查制度', '{c}政府信息公开发布协调制度', '{c}依申请公开政府信息工作规程', '{c}政府信息公开社会评议制度'],
  generic: ['{c}{y}年工作要点', '{c}{y}年工作总结', '关于{c}相关工作情况的说明'],
};

export function title(pool: string, k: number, place: string, year: number): string {
  const p = POOLS[pool];
  const base = p[k % p.length].replaceAll('{c}', place).replaceAll('{y}', String(year));
  const round = Math.floor(k / p.length);
  return round === 0 ? base : `${base}（${['二', '三', '四', '五', '六', '七', '八', '九'][round - 1] ?? round + 1}）`;
}

export interface SeriesOpts {
  pool: string;
  place: string;
  now: Date;
  count: number;
  /** Days before now of the newest item. */
  newest: number;
  /** Days between items. */
  every: number;
  /** Path prefix of the article URLs (directory of the column). */
  dir: string;
  url: 'trs' | 'jcms' | 'kpy';
  col?: number;
  serialBase?: number;
  docNo?: (k: number, year: number) => string;
  /** Days between 成文日期 and 发布日期 (G-05). */
  writtenGap?: number;
  org?: string;
}

/** A column's items: `count` entries from `newest` days ago, one every `every` days. */
export function series(o: SeriesOpts): Item[] {
  const out: Item[] = [];
  for (let k = 0; k < o.count; k++) {
    const date = daysAgo(o.now, o.newest + Math.round(k * o.every), 9 + (k % 8), (k * 7) % 60);
    const serial = (o.serialBase ?? 6_010_000) + (o.count - k) * 17;
    const href =
      o.url === 'trs'
        ? `${o.dir}${trsStamp(date, serial)}`
        : o.url === 'jcms'
          ? `${o.dir}${jcmsStamp(date, o.col ?? 2201, serial)}`
          : `${o.dir}content_${serial}.html`;
    const year = date.getUTCFullYear();
    out.push({
      title: title(o.pool, k, o.place, year),
      date,
      href,
      docNo: o.docNo?.(k, year),
      written: o.writtenGap !== undefined ? daysAgo(o.now, o.newest + Math.round(k * o.every) + o.writtenGap) : undefined,
      org: o.org,
    });
  }
  return out;
}

/** A minimal valid PDF, so attachment downloads look like the real thing. */
export function pdfBytes(text: string): Buffer {
  const body = `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n% ${text.replace(/[^\x20-\x7e]/g, '')}\ntrailer<</Root 1 0 R>>\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** Office files are served as opaque bytes with the right type, like a CMS attachment store. */
export function officeBytes(kind: 'doc' | 'xls'): Buffer {
  // OLE2 compound-document signature, then padding.
  return Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(kind === 'doc' ? 2048 : 4096)]);
}
