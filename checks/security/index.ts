/** Security checks (N-02 HTTPS, N-03 headers): our advisory policy, no national threshold. */
import type { Check } from '../../model/finding.ts';
import { withSummaryKey } from '../util.ts';
import { check as https } from './https.ts';
import { check as certificate } from './certificate.ts';
import { check as headers } from './headers.ts';
import { check as mixedContent } from './mixed-content.ts';
import { check as cookies } from './cookies.ts';
import { check as disclosure } from './disclosure.ts';
import { check as observatoryGrade } from './observatory-grade.ts';

// Every summary finding carries key = check id (the finding convention reports rely on).
export const checks: Check[] = [https, certificate, headers, mixedContent, cookies, disclosure, observatoryGrade].map(withSummaryKey);
