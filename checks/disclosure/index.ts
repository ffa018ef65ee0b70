/** 政府信息公开 (G-01…G-09): the disclosure checks. */
import type { Check } from '../../model/finding.ts';
import { sectionCheck } from './section.ts';
import { standardPartsCheck } from './standard-parts.ts';
import { guideContentsCheck } from './guide-contents.ts';
import { statutoryCategoriesCheck } from './statutory-categories.ts';
import { publishTimelinessCheck } from './publish-timeliness.ts';
import { requestChannelCheck } from './request-channel.ts';
import { annualReportCheck } from './annual-report.ts';
import { annualReportContentsCheck } from './annual-report-contents.ts';

export const checks: Check[] = [sectionCheck, standardPartsCheck, guideContentsCheck, statutoryCategoriesCheck, publishTimelinessCheck, requestChannelCheck, annualReportCheck, annualReportContentsCheck];
