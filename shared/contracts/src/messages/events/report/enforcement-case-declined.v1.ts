import { Type } from '@sinclair/typebox';
import { At, DeclineReasonSchema, obj } from '../../parts.js';

/** EnforcementCaseDeclined, version 1. */
export const EnforcementCaseDeclinedV1 = obj({
  reason: DeclineReasonSchema,
  explanation: Type.String({ minLength: 1, maxLength: 4000, description: 'Explanation' }),
  at: At,
}, 'No enforcement case; the report closes');
