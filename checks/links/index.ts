/** Link checks: broken links (D-02, home and other pages apart) and off-government links (S-11). */
import type { Check } from '../../model/finding.ts';
import { withSummaryKey } from '../util.ts';
import { check as brokenHome } from './broken-home.ts';
import { check as brokenOther } from './broken-other.ts';
import { check as offsite } from './offsite.ts';
import { check as rawIp } from './raw-ip.ts';

// Every summary finding carries key = check id (the finding convention reports rely on).
export const checks: Check[] = [brokenHome, brokenOther, offsite, rawIp].map(withSummaryKey);
