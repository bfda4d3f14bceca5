import { Type } from '@sinclair/typebox';
import { NotAcceptedReasonSchema, obj } from '../../parts.js';

/** RefuseComplaint, version 1. */
export const RefuseComplaintV1 = obj({
  reasonCode: NotAcceptedReasonSchema,
  explanation: Type.Optional(Type.String({ maxLength: 4000, description: 'Reasons told to the consumer (required under SAMR-121)' })),
  otherRoutes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 10, description: 'Other routes the consumer can take, e.g. court or arbitration (required under SAMR-121)' })),
}, 'Do not accept the complaint (不予受理)');
