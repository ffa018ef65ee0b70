/** 办事服务 (V-06a/b/c): the online-services checks. */
import type { Check } from '../../model/finding.ts';
import { entryCheck } from './entry.ts';
import { guideElementsCheck } from './guide-elements.ts';
import { attachmentsAndSystemsCheck } from './attachments-and-systems.ts';

export const checks: Check[] = [entryCheck, guideElementsCheck, attachmentsAndSystemsCheck];
