/**
 * The sections every portal has, parametrised so each farm site can plant its own defects:
 * 政府信息公开 (指南, 制度, 法定主动公开内容, 年报, 依申请公开), 办事服务 (办事指南 with the
 * element table and attachments) and 互动交流 (letter box, 在线访谈, 意见征集).
 */
import type { FarmResponse, Handler } from './server.ts';
import { addColumn, esc, htmlRoute, listHtml, renderPage, type Column, type Item, type PortalSpec } from './cms.ts';
import { daysAgo, formatDate, isoDateTime } from './time.ts';
import { pdfBytes, officeBytes } from './content.ts';

type Routes = Map<string, FarmResponse | Handler>;

// ---- 政府信息公开 ---------------------------------------------------------------------------

export interface GuideSpec {
  office: string;
  address?: string;
  hours: string;
  phone: string;
  fax?: string;
  email: string;
  updated: Date;
}

export function guideHtml(place: string, g: GuideSpec): string {
  const lines = [
    `<p>名称：${esc(g.office)}</p>`,
    g.address ? `<p>办公地址：${esc(g.address)}</p>` : '',
    `<p>办公时间：${esc(g.hours)}</p>`,
    `<p>联系电话：${esc(g.phone)}</p>`,
    g.fax ? `<p>传真号码：${esc(g.fax)}</p>` : '',
    `<p>电子邮箱：${esc(g.email)}</p>`,
  ].filter(Boolean);
  return `<div class="guide">
<p class="update">（${formatDate(g.updated, 'cn')}更新）</p>
<p>为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》（以下简称《条例》），编制本指南。</p>
<h3>一、主动公开</h3>
<p>（一）公开范围。${esc(place)}按照《条例》第十九条、第二十条、第二十一条规定的范围主动公开政府信息。</p>
<p>（二）信息分类与编排体系。主动公开的政府信息按照“法定主动公开内容”分类编排，分为机构职能、法规文件、规划计划、统计信息、财政信息等类别，每条信息按索引号、信息名称、发布机构、生成日期等要素编排。</p>
<p>（三）获取方式。主动公开的政府信息通过本机关门户网站“政府信息公开”专栏、政府公报、新闻发布会以及报刊、广播、电视等途径公开，公民、法人或者其他组织也可以在政府信息查阅场所免费查阅。</p>
<h3>二、依申请公开</h3>
<p>公民、法人或者其他组织可以通过网上申请、信函申请、当面申请等方式提出政府信息公开申请。本机关收到申请后，能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内予以答复。</p>
<h3>三、政府信息公开工作机构</h3>
${lines.join('\n')}
<h3>四、监督和救济</h3>
<p>公民、法人或者其他组织认为行政机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。</p>
</div>`;
}

export function annualReportBody(place: string, year: number): string {
  return `<div class="report">
<p>本报告依据《中华人民共和国政府信息公开条例》第五十条规定编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据统计期限自${year}年1月1日起至${year}年12月31日止。</p>
<h3>一、总体情况</h3><p>${esc(place)}深入贯彻落实《条例》，全年主动公开政府信息3127条。</p>
<h3>二、主动公开政府信息情况</h3>
<table border="1"><tr><th>信息内容</th><th>本年制发件数</th><th>本年废止件数</th><th>现行有效件数</th></tr><tr><td>规章</td><td>0</td><td>0</td><td>3</td></tr><tr><td>行政规范性文件</td><td>12</td><td>3</td><td>86</td></tr></table>
<h3>三、收到和处理政府信息公开申请情况</h3><p>全年共收到政府信息公开申请126件，均在法定期限内答复。</p>
<h3>四、政府信息公开行政复议、行政诉讼情况</h3><p>全年发生政府信息公开行政复议2件，行政诉讼1件，均维持原处理结果。</p>
<h3>五、存在的主要问题及改进情况</h3><p>部分栏目更新不够及时，政策解读形式较为单一。下一步将加强栏目维护，丰富解读形式。</p>
<h3>六、其他需要报告的事项</h3><p>本年度未收取信息处理费。工作考核、社会评议和责任追究结果情况：无。</p>
</div>`;
}

export interface CategorySpec {
  name: string;
  path: string;
  items?: Item[];
  /** Shown on the column page instead of a list (blank text or an explanatory note). */
  emptyText?: string;
}

export interface DisclosureSpec {
  place: string;
  base: string; // e.g. /zfxxgk/
  parts: { guide: boolean; system: boolean; content: boolean; report: boolean };
  guide: GuideSpec;
  systems: Item[];
  categories: CategorySpec[];
  reports: Item[];
  /** 依申请公开 page with an online form and a downloadable 申请表. */
  apply: boolean;
  indexPrefix: string;
}

export function addDisclosure(routes: Routes, p: PortalSpec, d: DisclosureSpec): void {
  const parent = { name: '政府信息公开', path: `${d.base}index.html` };
  const subs: Array<{ name: string; path: string }> = [];
  if (d.parts.guide) subs.push({ name: '政府信息公开指南', path: `${d.base}gkzn/index.html` });
  if (d.parts.system) subs.push({ name: '政府信息公开制度', path: `${d.base}gkzd/index.html` });
  if (d.parts.content) subs.push({ name: '法定主动公开内容', path: `${d.base}fdzdgknr/index.html` });
  if (d.parts.report) subs.push({ name: '政府信息公开年报', path: `${d.base}gknb/index.html` });
  if (d.apply) subs.push({ name: '依申请公开', path: `${d.base}ysqgk/index.html` });
  const side = `<div class="xxgk-side"><h3>政府信息公开</h3><ul>${subs.map((s) => `<li><a href="${esc(s.path)}">${esc(s.name)}</a></li>`).join('')}</ul></div>`;
  const latest = d.categories.flatMap((c) => c.items ?? []).sort((a, b) => (b.date?.getTime() ?? 0) - (a.date?.getTime() ?? 0)).slice(0, 10);
  routes.set(
    parent.path,
    htmlRoute(
      p,
      renderPage(p, {
        title: `政府信息公开_${p.name}`,
        columnName: '政府信息公开',
        columnType: '信息公开',
        breadcrumb: [parent],
        body: `${side}<div class="xxgk-main"><div class="block"><div class="hd"><h3>最新公开</h3></div><div class="bd">${listHtml(p.style, latest, 'iso')}</div></div></div>`,
      }),
    ),
  );
  if (d.parts.guide)
    routes.set(
      `${d.base}gkzn/index.html`,
      htmlRoute(p, renderPage(p, { title: `政府信息公开指南_${p.name}`, columnName: '政府信息公开指南', breadcrumb: [parent, { name: '政府信息公开指南', path: `${d.base}gkzn/index.html` }], body: `${side}<h2>${esc(d.place)}政府信息公开指南</h2>${guideHtml(d.place, d.guide)}` })),
    );
  if (d.parts.system) addColumn(routes, p, { name: '政府信息公开制度', path: `${d.base}gkzd/index.html`, items: d.systems, dateStyle: 'iso', parent }, `${d.indexPrefix}-zd`);
  if (d.parts.content) {
    const catParent = { name: '法定主动公开内容', path: `${d.base}fdzdgknr/index.html` };
    const cats = d.categories.map((c) => `<li><a href="${esc(c.path)}">${esc(c.name)}</a></li>`).join('\n');
    routes.set(
      catParent.path,
      htmlRoute(p, renderPage(p, { title: `法定主动公开内容_${p.name}`, columnName: '法定主动公开内容', columnType: '信息公开', breadcrumb: [parent, catParent], body: `${side}<div class="fdzdgknr"><h2>法定主动公开内容</h2><ul class="cat-list">\n${cats}\n</ul></div>` })),
    );
    d.categories.forEach((c, k) => {
      const col: Column = { name: c.name, path: c.path, items: c.items ?? [], dateStyle: 'iso', emptyText: c.emptyText, parent: catParent, columnType: '信息公开' };
      addColumn(routes, p, col, `${d.indexPrefix}-${String(k + 1).padStart(2, '0')}`);
    });
  }
  if (d.parts.report) {
    const reportsCol: Column = { name: '政府信息公开年报', path: `${d.base}gknb/index.html`, items: d.reports, dateStyle: 'iso', parent };
    addColumn(routes, p, reportsCol, `${d.indexPrefix}-nb`);
  }
  if (d.apply) {
    routes.set(
      `${d.base}ysqgk/index.html`,
      htmlRoute(
        p,
        renderPage(p, {
          title: `依申请公开_${p.name}`,
          columnName: '依申请公开',
          breadcrumb: [parent, { name: '依申请公开', path: `${d.base}ysqgk/index.html` }],
          body: `${side}<div class="ysqgk"><h2>依申请公开</h2>
<p>申请人可通过以下方式提出政府信息公开申请：</p>
<p>1. 网上申请：填写下方在线申请表。</p>
<p>2. 信函申请：邮寄至${esc(d.guide.address ?? d.guide.office)}，请在信封左下角注明“政府信息公开申请”字样。</p>
<p>3. 当面申请：到政府信息公开受理点填写申请表。</p>
<p><a href="${d.base}ysqgk/sqb.doc">政府信息公开申请表（下载）</a></p>
<form action="${d.base}ysqgk/submit.do" method="post" class="apply-form">
<label>申请人姓名<input name="sqrxm" type="text"></label>
<label>证件号码<input name="zjhm" type="text"></label>
<label>联系电话<input name="lxdh" type="tel"></label>
<label>所需信息内容描述<textarea name="nrms"></textarea></label>
<label>获取方式<select name="hqfs"><option>电子邮件</option><option>邮寄</option><option>自行领取</option></select></label>
<button type="submit">提交申请</button>
</form></div>`,
        }),
      ),
    );
    routes.set(`${d.base}ysqgk/sqb.doc`, { body: officeBytes('doc'), contentType: 'application/msword' });
  }
}

/** Items for annual reports: `{year}年…政府信息公开工作年度报告`, published on the given dates. */
export function reportItems(base: string, titles: Array<{ title: string; date: Date; year: number }>, place: string): Item[] {
  return titles.map((t, k) => ({
    title: t.title,
    date: t.date,
    href: `${base}gknb/${t.date.getUTCFullYear()}${String(t.date.getUTCMonth() + 1).padStart(2, '0')}/t${t.date.getUTCFullYear()}${String(t.date.getUTCMonth() + 1).padStart(2, '0')}${String(t.date.getUTCDate()).padStart(2, '0')}_${8_100_000 + k}.html`,
    bodyHtml: annualReportBody(place, t.year),
  }));
}

// ---- 办事服务 -------------------------------------------------------------------------------

export const GUIDE_ELEMENTS = ['事项名称', '设定依据', '申请条件', '办理材料', '办理地点', '办理机构', '办理时间', '联系电话', '办理流程', '收费标准'] as const;

export interface ServiceGuide {
  name: string;
  path: string;
  /** Element labels left out of the guide (V-06b). */
  missing?: string[];
  attachments: Array<{ text: string; href: string; kind: 'pdf' | 'doc' | 'xls'; broken?: boolean }>;
  online?: { text: string; href: string };
}

function elementValue(label: string, g: ServiceGuide, place: string): string {
  switch (label) {
    case '事项名称':
      return g.name;
    case '设定依据':
      return '《中华人民共和国行政许可法》；《福建省行政审批条例》第十二条';
    case '申请条件':
      return '申请人为依法设立的企业或者具有完全民事行为能力的自然人，且符合相关规定的条件。';
    case '办理材料':
      return '1.申请表（原件1份）；2.申请人身份证明（复印件1份）；3.相关证明材料（原件1份）。';
    case '办理地点':
      return `${place}行政服务中心二楼综合窗口`;
    case '办理机构':
      return `${place}行政审批服务局`;
    case '办理时间':
      return '周一至周五 上午8:00-12:00 下午14:30-17:30（法定节假日除外）';
    case '联系电话':
      return '0599-12345';
    case '办理流程':
      return '申请→受理→审查→决定→送达';
    case '收费标准':
      return '不收费';
    default:
      return '';
  }
}

export function addServices(routes: Routes, p: PortalSpec, o: { base: string; place: string; guides: ServiceGuide[]; hallUrl?: string; hallText?: string }): void {
  const idx = `${o.base}index.html`;
  const parent = { name: '办事服务', path: idx };
  const list = o.guides.map((g) => `<li><a href="${esc(g.path)}">${esc(g.name)}</a><span class="op"><a href="${esc(g.path)}">办事指南</a>${g.online ? ` <a href="${esc(g.online.href)}">在线办理</a>` : ''}</span></li>`).join('\n');
  const downloads = o.guides.flatMap((g) => g.attachments).map((a) => `<li><a href="${esc(a.href)}">${esc(a.text)}</a></li>`).join('\n');
  routes.set(
    idx,
    htmlRoute(
      p,
      renderPage(p, {
        title: `办事服务_${p.name}`,
        columnName: '办事服务',
        breadcrumb: [parent],
        body: `<div class="bsfw">${o.hallUrl ? `<div class="banner"><a href="${esc(o.hallUrl)}">${esc(o.hallText ?? '网上办事大厅')}</a></div>` : ''}
<div class="block"><div class="hd"><h3>办事指南</h3></div><ul class="service-list">${list}</ul></div>
<div class="block"><div class="hd"><h3>表格下载</h3></div><ul class="download-list">${downloads}</ul></div></div>`,
      }),
    ),
  );
  for (const g of o.guides) {
    const rows = GUIDE_ELEMENTS.filter((l) => !g.missing?.includes(l))
      .map((l) => `<tr><th width="160">${l}</th><td>${esc(elementValue(l, g, o.place))}</td></tr>`)
      .join('\n');
    const att = g.attachments.map((a) => `<li><a href="${esc(a.href)}">${esc(a.text)}</a></li>`).join('');
    routes.set(
      g.path,
      htmlRoute(
        p,
        renderPage(p, {
          title: `${g.name}办事指南_${p.name}`,
          columnName: '办事指南',
          breadcrumb: [parent, { name: g.name, path: g.path }],
          body: `<div class="bszn"><h2>${esc(g.name)}办事指南</h2>
<table class="guide-table" border="1" cellspacing="0">
${rows}
</table>
<div class="attachments"><h4>相关附件：</h4><ul>${att}</ul></div>${g.online ? `<p><a class="btn" href="${esc(g.online.href)}">${esc(g.online.text)}</a></p>` : ''}</div>`,
        }),
      ),
    );
    for (const a of g.attachments) {
      if (a.broken || /^https?:/.test(a.href)) continue;
      routes.set(
        a.href,
        a.kind === 'pdf'
          ? { body: pdfBytes(g.name), contentType: 'application/pdf' }
          : a.kind === 'doc'
            ? { body: officeBytes('doc'), contentType: 'application/msword' }
            : { body: officeBytes('xls'), contentType: 'application/vnd.ms-excel' },
      );
    }
  }
}

// ---- 互动交流 -------------------------------------------------------------------------------

export interface Letter {
  title: string;
  /** Days before now the letter was written. */
  sent: number;
  /** Days before now it was answered; absent = not answered. */
  replied?: number;
}

export interface ParticipationSpec {
  base: string;
  place: string;
  /** 市长信箱 / 县长信箱 …; absent when the site has no consultation channel (V-05a). */
  mailbox?: {
    name: string;
    letters: Letter[];
    replyOrg: string;
    /** How the list prints dates ('datetime' = 2026-07-13 10:22) and states (CMSs differ). */
    dateFormat?: 'date' | 'datetime';
    states?: { done: string; open: string };
    /** 我要写信 opens the form with window.open() from an onclick, the href is javascript:void(0). */
    popupWrite?: boolean;
  };
  interviews: Item[];
  surveys: Item[];
  /** Channels that do not count for V-05a (网上信访, 纪检举报). */
  otherChannels: Array<{ name: string; href: string }>;
  now: Date;
}

export function addParticipation(routes: Routes, p: PortalSpec, o: ParticipationSpec): void {
  const idx = `${o.base}index.html`;
  const parent = { name: '互动交流', path: idx };
  const entries: string[] = [];
  const writeLink = (cls: string) =>
    o.mailbox?.popupWrite
      ? `<a${cls} href="javascript:void(0)" onclick="window.open('${o.base}xx/write.html','_blank','width=800,height=600')">我要写信</a>`
      : `<a${cls} href="${o.base}xx/write.html">我要写信</a>`;
  if (o.mailbox) entries.push(`<li><a href="${o.base}xx/index.html">${esc(o.mailbox.name)}</a></li>`, `<li>${writeLink('')}</li>`);
  if (o.interviews.length) entries.push(`<li><a href="${o.base}zxft/index.html">在线访谈</a></li>`);
  if (o.surveys.length) entries.push(`<li><a href="${o.base}yjzj/index.html">意见征集</a></li>`);
  for (const c of o.otherChannels) entries.push(`<li><a href="${esc(c.href)}">${esc(c.name)}</a></li>`);
  routes.set(idx, htmlRoute(p, renderPage(p, { title: `互动交流_${p.name}`, columnName: '互动交流', breadcrumb: [parent], body: `<div class="hdjl"><ul class="hdjl-entries">${entries.join('\n')}</ul></div>` })));
  if (o.mailbox) {
    const mb = o.mailbox;
    const rows = mb.letters
      .map((l, k) => {
        const sent = daysAgo(o.now, l.sent);
        const replied = l.replied !== undefined ? daysAgo(o.now, l.replied, 16, 10) : undefined;
        const fmt = (d: Date) => (mb.dateFormat === 'datetime' ? isoDateTime(d) : formatDate(d, 'iso'));
        const st = mb.states ?? { done: '已回复', open: '办理中' };
        return `<tr><td><a href="${o.base}xx/letter_${1001 + k}.html">${esc(l.title)}</a></td><td>${fmt(sent)}</td><td>${replied ? fmt(replied) : ''}</td><td>${replied ? st.done : st.open}</td></tr>`;
      })
      .join('\n');
    const mbParent = { name: mb.name, path: `${o.base}xx/index.html` };
    routes.set(
      mbParent.path,
      htmlRoute(
        p,
        renderPage(p, {
          title: `${mb.name}_${p.name}`,
          columnName: mb.name,
          columnType: '互动交流',
          breadcrumb: [parent, mbParent],
          body: `<div class="xx"><p>${writeLink(' class="btn"')}</p>
<table class="letter-list" border="1" cellspacing="0"><thead><tr><th>标题</th><th>来信时间</th><th>回复时间</th><th>状态</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>`,
        }),
      ),
    );
    mb.letters.forEach((l, k) => {
      const sent = daysAgo(o.now, l.sent);
      const replied = l.replied !== undefined ? daysAgo(o.now, l.replied, 16, 10) : undefined;
      routes.set(
        `${o.base}xx/letter_${1001 + k}.html`,
        htmlRoute(
          p,
          renderPage(p, {
            title: `${l.title}_${mb.name}`,
            columnName: mb.name,
            breadcrumb: [parent, mbParent],
            body: `<table class="letter-detail" border="1" cellspacing="0">
<tr><th>信件标题</th><td>${esc(l.title)}</td></tr>
<tr><th>来信时间</th><td>${esc(isoDateTime(sent))}</td></tr>
<tr><th>办理状态</th><td>${replied ? (mb.states?.done ?? '已回复') : (mb.states?.open ?? '办理中')}</td></tr>
<tr><th>来信内容</th><td>您好，我想反映${esc(l.title.replace(/^关于/, ''))}的问题，希望有关部门尽快协调解决。</td></tr>
<tr><th>回复单位</th><td>${replied ? esc(mb.replyOrg) : ''}</td></tr>
<tr><th>回复时间</th><td>${replied ? esc(isoDateTime(replied)) : ''}</td></tr>
<tr><th>回复内容</th><td>${replied ? '您好！来信收悉。经核实，相关问题已交由职能部门处理，感谢您对我们工作的关心和支持。' : ''}</td></tr>
</table>`,
          }),
        ),
      );
    });
    routes.set(
      `${o.base}xx/write.html`,
      htmlRoute(
        p,
        renderPage(p, {
          title: `我要写信_${mb.name}`,
          columnName: mb.name,
          breadcrumb: [parent, mbParent],
          body: `<form class="letter-form" action="${o.base}xx/submit.do" method="post">
<p>请如实填写以下信息，我们将在15个工作日内答复。</p>
<label>姓名<input name="xm" type="text" required></label>
<label>联系电话<input name="dh" type="tel" required></label>
<label>信件类型<select name="lx"><option>咨询</option><option>建议</option><option>求助</option></select></label>
<label>标题<input name="bt" type="text" required></label>
<label>内容<textarea name="nr" required></textarea></label>
<label>验证码<input name="yzm" type="text"></label>
<button type="submit">提交</button>
</form>`,
        }),
      ),
    );
  }
  if (o.interviews.length) addColumn(routes, p, { name: '在线访谈', path: `${o.base}zxft/index.html`, items: o.interviews, dateStyle: 'iso', parent }, 'FT');
  if (o.surveys.length) addColumn(routes, p, { name: '意见征集', path: `${o.base}yjzj/index.html`, items: o.surveys, dateStyle: 'iso', parent }, 'ZJ');
}
