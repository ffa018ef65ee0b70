/** Quality checks: Lighthouse (S-08), accessibility mapped to GB/T 37668, 适老化 entry. */
import type { Check } from '../../model/finding.ts';
import { withSummaryKey } from '../util.ts';
import { check as lighthouse } from './lighthouse.ts';
import { check as accessibility } from './accessibility.ts';
import { check as elderlyEntry } from './elderly-entry.ts';

// Every summary finding carries key = check id (the finding convention reports rely on).
export const checks: Check[] = [lighthouse, accessibility, elderlyEntry].map(withSummaryKey);
