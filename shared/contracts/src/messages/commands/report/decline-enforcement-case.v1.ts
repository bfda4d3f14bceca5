import { Type } from '@sinclair/typebox';
import { DeclineReasonSchema, obj } from '../../parts.js';

/** DeclineEnforcementCase, version 1. */
export const DeclineEnforcementCaseV1 = obj({
  reason: DeclineReasonSchema,
  explanation: Type.String({ minLength: 1, maxLength: 4000, description: 'Explanation recorded and told to the reporter' }),
}, 'Decide not to open an enforcement case (不予立案)');
