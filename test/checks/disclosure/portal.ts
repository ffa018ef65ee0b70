/**
 * A fixture county portal (闽侯县人民政府) with a complete 政府信息公开 section and 办事服务
 * column, written the way TRS/JCMS-built portals are. Tests replace or delete single pages to
 * plant one problem at a time.
 */
import { layout, type FixturePage } from './fixture.ts';

export function list(items: Array<[string, string, string?]>): string {
  return `<ul class="list">${items.map(([t, h, d]) => `<li><a href="${h}" title="${t}">${t}</a>${d ? `<span class="date">${d}</span>` : ''}</li>`).join('\n')}</ul>`;
}

const side = `<div class="xxgk-side"><h3>政府信息公开</h3><ul>
<li><a href="/zfxxgk/gkzn/index.html">政府信息公开指南</a></li>
<li><a href="/zfxxgk/gkzd/index.html">政府信息公开制度</a></li>
<li><a href="/zfxxgk/fdzdgknr/index.html">法定主动公开内容</a></li>
<li><a href="/zfxxgk/gknb/index.html">政府信息公开年报</a></li>
<li><a href="/zfxxgk/ysqgk/index.html">依申请公开</a></li></ul></div>`;

export const GUIDE_FULL = `<h2>闽侯县人民政府信息公开指南</h2>
<p class="update">（2025年6月10日更新）</p>
<p>为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》，编制本指南。</p>
<h3>一、主动公开</h3><p>（一）信息分类与编排体系。主动公开的政府信息按照“法定主动公开内容”分类编排，每条信息按索引号、信息名称、发布机构、生成日期等要素编排。</p>
<p>（二）获取方式。通过本机关门户网站“政府信息公开”专栏、政府公报等途径公开。</p>
<h3>二、政府信息公开工作机构</h3>
<p>名称：闽侯县人民政府办公室（政务公开办公室）</p>
<p>办公地址：闽侯县甘蔗街道昙石山中大道1号县行政服务中心三楼</p>
<p>办公时间：工作日上午8:00—12:00，下午14:30—17:30</p>
<p>联系电话：0591-22981234</p>
<p>传真号码：0591-22981235</p>
<p>电子邮箱：mhxzfb@163.com</p>`;

export const REPORT_BODY = (year: number) => `<div class="report"><h2>闽侯县${year}年政府信息公开工作年度报告</h2>
<h3>一、总体情况</h3><p>全年主动公开政府信息3127条。</p>
<h3>二、主动公开政府信息情况</h3><table border="1"><tr><th>信息内容</th><th>本年制发件数</th></tr><tr><td>规章</td><td>0</td></tr></table>
<h3>三、收到和处理政府信息公开申请情况</h3><p>全年共收到申请126件。</p>
<h3>四、政府信息公开行政复议、行政诉讼情况</h3><p>行政复议2件，行政诉讼1件。</p>
<h3>五、存在的主要问题及改进情况</h3><p>部分栏目更新不够及时。</p>
<h3>六、其他需要报告的事项</h3><p>本年度未收取信息处理费。</p></div>`;

export const CATEGORIES: Array<[string, string]> = [
  ['法规文件', '/zfxxgk/fgwj/index.html'],
  ['机构职能', '/zfxxgk/jgzn/index.html'],
  ['规划计划', '/zfxxgk/ghjh/index.html'],
  ['统计信息', '/zfxxgk/tjxx/index.html'],
  ['行政许可', '/zfxxgk/xzxk/index.html'],
  ['行政处罚', '/zfxxgk/xzcf/index.html'],
  ['财政预决算', '/zfxxgk/czyjs/index.html'],
  ['行政事业性收费', '/zfxxgk/xzsyxsf/index.html'],
  ['政府采购', '/zfxxgk/zfcg/index.html'],
  ['重大建设项目', '/zfxxgk/zdjsxm/index.html'],
  ['扶贫、教育、医疗、社会保障、促进就业', '/zfxxgk/msxx/index.html'],
  ['突发公共事件应急', '/zfxxgk/tfggsj/index.html'],
  ['环境保护、公共卫生、安全生产、食品药品、产品质量监督检查', '/zfxxgk/jdjc/index.html'],
  ['公务员招考', '/zfxxgk/gwyzk/index.html'],
  ['市政建设', '/zfxxgk/szjs/index.html'],
  ['公共服务', '/zfxxgk/ggfw/index.html'],
  ['公益事业', '/zfxxgk/gysy/index.html'],
  ['土地征收', '/zfxxgk/tdzs/index.html'],
  ['房屋征收', '/zfxxgk/fwzs/index.html'],
  ['治安管理', '/zfxxgk/zagl/index.html'],
  ['社会救助', '/zfxxgk/shjz/index.html'],
];

/** An article page with the standard metadata table (索引号 / 发布机构 / 成文日期 / 发布日期). */
export function article(title: string, written: string, published: string, body = '<p>正文内容。</p>'): string {
  return layout(
    `${title}_闽侯县人民政府`,
    `<table class="xxgk-meta"><tr><td>索引号：</td><td>003530001/2026-01234</td><td>发布机构：</td><td>闽侯县人民政府办公室</td></tr>
<tr><td>成文日期：</td><td>${written}</td><td>发布日期：</td><td>${published}</td></tr>
<tr><td>标题：</td><td colspan="3">${title}</td></tr></table><h1>${title}</h1>${body}`,
    `<meta name="PubDate" content="${published} 09:30">`,
  );
}

export function reportsPage(items: Array<[string, string, string?]>): string {
  return layout('政府信息公开年报_闽侯县人民政府', `${side}<div class="main-list"><h2>政府信息公开年报</h2>${list(items)}</div>`);
}

export const GUIDE_ROWS: Array<[string, string]> = [
  ['事项名称', '农村村民宅基地审批'],
  ['设定依据', '《中华人民共和国土地管理法》第六十二条'],
  ['申请条件', '本集体经济组织成员，符合一户一宅规定'],
  ['办理材料', '1.宅基地申请表；2.身份证明'],
  ['办理地点', '闽侯县行政服务中心二楼'],
  ['办理机构', '闽侯县自然资源局'],
  ['收费标准', '不收费'],
  ['办理时间', '工作日 8:00-12:00 14:30-17:30'],
  ['联系电话', '0591-22981111'],
  ['办理流程', '申请→受理→审查→决定'],
];

export function serviceGuide(name: string, rows: Array<[string, string]>, extra = ''): string {
  return layout(`${name}办事指南_闽侯县人民政府`, `<div class="bszn"><h2>${name}办事指南</h2><table class="guide-table" border="1">${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</table>${extra}</div>`);
}

/** The complete portal: every page a passing site has. */
export function portal(): Record<string, string | FixturePage> {
  const pages: Record<string, string | FixturePage> = {
    '/': layout(
      '闽侯县人民政府',
      `<div class="block"><h3>政府信息公开</h3><a href="/zfxxgk/index.html">政府信息公开</a></div>
<div class="block"><h3>闽侯要闻</h3>${list([['我县召开2026年秋冬季森林防火工作会议', '/zwgk/ywdt/202611/t20261118_1.html', '2026-11-18']])}</div>
<div class="block"><a href="/bsfw/index.html">办事服务</a> <a href="https://zwfw.fujian.gov.cn/">福建省网上办事大厅</a></div>`,
    ),
    '/zfxxgk/index.html': layout('政府信息公开_闽侯县人民政府', `${side}<div class="xxgk-main"><h3>最新公开</h3>${list([['闽侯县人民政府关于印发2026年为民办实事项目的通知', '/zfxxgk/fgwj/202603/t20260310_11.html', '2026-03-10']])}</div>`),
    '/zfxxgk/gkzn/index.html': layout('政府信息公开指南_闽侯县人民政府', `${side}${GUIDE_FULL}`),
    '/zfxxgk/gkzd/index.html': layout('政府信息公开制度_闽侯县人民政府', `${side}${list([['闽侯县政府信息公开保密审查制度', '/zfxxgk/gkzd/t1.html', '2024-05-06']])}`),
    '/zfxxgk/fdzdgknr/index.html': layout('法定主动公开内容_闽侯县人民政府', `${side}<div class="fdzdgknr"><h2>法定主动公开内容</h2><ul class="cat-list">${CATEGORIES.map(([n, h]) => `<li><a href="${h}">${n}</a></li>`).join('')}</ul></div>`),
    '/zfxxgk/fgwj/index.html': layout('法规文件_闽侯县人民政府', `${side}${list([
      ['闽侯县人民政府关于印发2026年为民办实事项目的通知', '/zfxxgk/fgwj/202603/t20260310_11.html', '2026-03-10'],
      ['闽侯县人民政府办公室关于做好2026年春耕生产工作的通知', '/zfxxgk/fgwj/202602/t20260226_12.html', '2026-02-26'],
    ])}`),
    // 成文 2026-02-27, 发布 2026-03-10: 8 working days. Non-problem.
    '/zfxxgk/fgwj/202603/t20260310_11.html': article('闽侯县人民政府关于印发2026年为民办实事项目的通知', '2026-02-27', '2026-03-10'),
    // 成文 2026-01-23, 发布 2026-02-26: 24 weekdays, but 春节 2/15–2/23 is off and Sat 2/14 was
    // worked, so 19 working days. Non-problem that a Mon–Fri count would flag.
    '/zfxxgk/fgwj/202602/t20260226_12.html': article('闽侯县人民政府办公室关于做好2026年春耕生产工作的通知', '2026年1月23日', '2026年2月26日'),
    '/zfxxgk/gknb/index.html': reportsPage([
      ['闽侯县2025年政府信息公开工作年度报告', '/zfxxgk/gknb/202603/t20260325_21.html', '2026-03-25'],
      ['闽侯县2024年政府信息公开工作年度报告', '/zfxxgk/gknb/202503/t20250328_22.html', '2025-03-28'],
      ['闽侯县教育局2025年政府信息公开工作年度报告', '/zfxxgk/gknb/202601/t20260120_23.html', '2026-01-20'],
      ['2025年度闽侯县政府网站工作年度报表', '/zfxxgk/gknb/202601/t20260115_24.html', '2026-01-15'],
    ]),
    '/zfxxgk/gknb/202603/t20260325_21.html': article('闽侯县2025年政府信息公开工作年度报告', '2026-03-20', '2026-03-25', REPORT_BODY(2025)),
    '/zfxxgk/gknb/202503/t20250328_22.html': article('闽侯县2024年政府信息公开工作年度报告', '2025-03-20', '2025-03-28', REPORT_BODY(2024)),
    '/zfxxgk/ysqgk/index.html': layout(
      '依申请公开_闽侯县人民政府',
      `${side}<div class="ysqgk"><h2>依申请公开</h2><p>信函申请：邮寄地址：闽侯县甘蔗街道昙石山中大道1号县政务公开办公室，邮政编码350100。</p>
<p><a href="/zfxxgk/ysqgk/sqb.doc">政府信息公开申请表（下载）</a></p>
<form action="/zfxxgk/ysqgk/submit.do" method="post"><label>申请人姓名<input name="xm" type="text"></label><label>联系电话<input name="dh" type="tel"></label><label>所需信息内容描述<textarea name="nr"></textarea></label><button type="submit">提交申请</button></form></div>`,
    ),
    '/zfxxgk/ysqgk/sqb.doc': { file: true },
    '/bsfw/index.html': layout(
      '办事服务_闽侯县人民政府',
      `<div class="bsfw"><h3>办事指南</h3>${list([
        ['农村村民宅基地审批', '/bsfw/bszn/zjdsp.html'],
        ['生育登记服务', '/bsfw/bszn/sydj.html'],
        ['残疾人证办理', '/bsfw/bszn/cjrz.html'],
      ])}<h3>表格下载</h3><ul><li><a href="/bsfw/files/zjdsqb.doc">宅基地申请审批表</a></li></ul></div>`,
    ),
    '/bsfw/bszn/zjdsp.html': serviceGuide('农村村民宅基地审批', GUIDE_ROWS, '<p><a href="/bsfw/files/zjdsqb.doc">宅基地申请审批表.doc</a> <a href="https://zwfw.fujian.gov.cn/apply?id=1">在线办理</a></p>'),
    '/bsfw/bszn/sydj.html': serviceGuide('生育登记服务', GUIDE_ROWS.map(([k]) => [k, k === '事项名称' ? '生育登记服务' : '详见说明'] as [string, string])),
    '/bsfw/bszn/cjrz.html': serviceGuide('残疾人证办理', GUIDE_ROWS.map(([k]) => [k, k === '事项名称' ? '残疾人证办理' : '详见说明'] as [string, string])),
  };
  for (const [n, h] of CATEGORIES) {
    if (h === '/zfxxgk/fgwj/index.html') continue;
    pages[h] = layout(`${n}_闽侯县人民政府`, `${side}<h2>${n}</h2>${list([[`闽侯县${n}相关信息`, `${h.replace('index.html', '')}t1.html`, '2026-06-01']])}`);
  }
  return pages;
}
