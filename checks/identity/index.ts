/** Identity checks (47号 发展指引 and 网页设计规范; 国办函〔2018〕12号): S-01…S-06, S-10. */
import type { Check } from '../../model/finding.ts';
import { withSummaryKey } from '../util.ts';
import { check as domain } from './domain.ts';
import { check as siteIdCode } from './site-id-code.ts';
import { check as icp } from './icp-filing.ts';
import { check as psb } from './psb-filing.ts';
import { check as conac } from './conac-mark.ts';
import { check as metaTags } from './meta-tags.ts';
import { check as worksheet } from './annual-worksheet.ts';

// Every summary finding carries key = check id (the finding convention reports rely on).
export const checks: Check[] = [domain, siteIdCode, icp, psb, conac, metaTags, worksheet].map(withSummaryKey);
