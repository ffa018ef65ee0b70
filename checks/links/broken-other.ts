/** links.broken-other (D-02): confirmed broken links on pages other than the home page. */
import { brokenLinksCheck } from './broken.ts';

export const check = brokenLinksCheck(
  {
    id: 'links.broken-other',
    ref: 'D-02',
    family: 'links',
    title: { zh: '其他页面不可用链接', en: 'Broken links on other pages' },
    description: {
      zh: '首页以外页面上不能正常访问的链接（包括图片、附件），已在首页计入的目标不重复计算。',
      en: 'Links on pages other than the home page that cannot be opened; targets already counted on the home page are not counted again.',
    },
    severity: 'deduct',
    needs: ['page', 'link'],
    defaults: { confirmedStatuses: [404, 410, 403], blockedShare: 0.5, countExternal: false, excludeHomeTargets: true },
  },
  'other',
);
