import type { Check } from '../../model/finding.ts';
import { homeNotUpdated } from './home-not-updated.ts';
import { staleNewsColumns } from './stale-news-columns.ts';
import { staleRequiredColumns } from './stale-required-columns.ts';
import { emptyColumns } from './empty-columns.ts';
import { homeUpdateVolume } from './home-update-volume.ts';

export const checks: Check[] = [homeNotUpdated, staleNewsColumns, staleRequiredColumns, emptyColumns, homeUpdateVolume];
