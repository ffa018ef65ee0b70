/** links.broken-home (D-02): confirmed broken links on the home page, images and attachments included. */
import { brokenLinksCheck } from './broken.ts';

export const check = brokenLinksCheck(
  {
    id: 'links.broken-home',
    ref: 'D-02',
    family: 'links',
    title: { zh: '首页不可用链接', en: 'Broken links on the home page' },
    description: {
      zh: '首页上不能正常访问的链接（包括图片、附件、外部链接），404/403为确定不可用，超时和5xx经复核确认后计入。',
      en: 'Links on the home page (images, attachments, external links included) that cannot be opened; 404/403 confirmed at once, timeouts and 5xx after the re-check.',
    },
    severity: 'deduct',
    needs: ['page', 'link'],
    defaults: { confirmedStatuses: [404, 410, 403], blockedShare: 0.5, countExternal: false },
  },
  'home',
);
