import { Type } from '@sinclair/typebox';
import { Instant } from '../../../common.js';
import { At, Clocks, obj } from '../../parts.js';

/** MergedReportAbsorbed, version 1. */
export const MergedReportAbsorbedV1 = obj({
  mergedCaseId: Type.String({ minLength: 1, maxLength: 64, description: 'The report merged into this case' }),
  latestReceivedAt: Instant('Receipt of the later report'),
  at: At,
  clocks: Clocks,
}, 'This case took in a later report; its verification clock restarted');
