import { describe, expect, it } from 'vitest';
import { classifyColumn, isExemptColumn, keywordTables, matchKeyword, INTERACTION_KEYWORDS } from '../../../checks/keywords.ts';

describe('classifyColumn (cn-indicators §A.1)', () => {
  it.each([
    ['政务要闻', 'news'],
    ['今日要闻 >>', 'news'],
    ['区县动态', 'news'],
    ['通知公告', 'notice'],
    ['政策文件', 'notice'],
    ['规范性文件', 'notice'],
    ['人事任免', 'required'],
    ['统计信息', 'required'],
    ['统计调查', undefined],
    ['市长信箱', 'interaction'],
    ['我要写信', 'interaction'],
    ['12345热线', 'interaction'],
    ['网上信访', 'interaction_excluded'],
    ['信访信箱', 'interaction_excluded'],
    ['在线访谈', 'interaction_excluded'],
    ['意见征集', 'interaction_excluded'],
    ['举报投诉', 'interaction_excluded'],
    ['网站地图', undefined],
  ])('%s → %s', (name, cls) => {
    expect(classifyColumn(name)?.cls).toBe(cls);
  });

  it('prefers the most specific keyword and keeps it for review', () => {
    expect(classifyColumn('部门动态')).toEqual({ cls: 'news', keyword: '部门动态' });
    expect(classifyColumn('政策文件解读')?.keyword).toBe('政策文件');
  });

  it('never reads an ICP number as the 12345 hotline', () => {
    expect(matchKeyword('闽ICP备05012345号-1', INTERACTION_KEYWORDS)).toBeUndefined();
    expect(matchKeyword('12345政务服务便民热线', INTERACTION_KEYWORDS)).toBe('12345');
  });

  it('marks historical topics exempt and takes table overrides from a methodology', () => {
    expect(isExemptColumn('抗疫专题（历史）')).toBe(true);
    expect(isExemptColumn('工作动态')).toBe(false);
    const t = keywordTables({ news: ['快讯'], bogus: ['x'], notice: 'not a list' });
    expect(classifyColumn('本地快讯', t)?.cls).toBe('news');
    expect(classifyColumn('政务要闻', t)).toBeUndefined();
    expect(classifyColumn('通知公告', t)?.cls).toBe('notice');
  });
});
