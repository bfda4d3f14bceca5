import { Type } from '@sinclair/typebox';
import { Instant } from '../../../common.js';
import { obj } from '../../parts.js';

/** AbsorbMergedReport, version 1. */
export const AbsorbMergedReportV1 = obj({
  mergedCaseId: Type.String({ minLength: 1, maxLength: 64, description: 'The later report merged into this case' }),
  latestReceivedAt: Instant('When the later report was received; the verification clock restarts from it'),
}, 'The surviving case takes in a merged report; its verification clock restarts');
