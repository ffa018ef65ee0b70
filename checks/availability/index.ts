import type { Check } from '../../model/finding.ts';
import { unreachable } from './unreachable.ts';
import { homeFailureRatio } from './home-failure-ratio.ts';

export const checks: Check[] = [unreachable, homeFailureRatio];
