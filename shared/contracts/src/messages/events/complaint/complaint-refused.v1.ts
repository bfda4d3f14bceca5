import { Type } from '@sinclair/typebox';
import { At, NotAcceptedReasonSchema, obj } from '../../parts.js';

/** ComplaintRefused, version 1. */
export const ComplaintRefusedV1 = obj({
  reasonCode: NotAcceptedReasonSchema,
  explanation: Type.Optional(Type.String({ maxLength: 4000, description: 'Reasons told to the consumer' })),
  otherRoutes: Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 10, description: 'Other routes the consumer can take' }),
  at: At,
}, 'The complaint was not accepted');
