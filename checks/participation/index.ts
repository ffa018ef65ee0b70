import type { Check } from '../../model/finding.ts';
import { channel } from './channel.ts';
import { unansweredLetters } from './unanswered-letters.ts';
import { surveysInterviews } from './surveys-interviews.ts';

export const checks: Check[] = [channel, unansweredLetters, surveysInterviews];
