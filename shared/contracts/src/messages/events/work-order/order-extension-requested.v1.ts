import { Type } from '@sinclair/typebox';
import { At, obj } from '../../parts.js';

/** OrderExtensionRequested, version 1. */
export const OrderExtensionRequestedV1 = obj({
  requestedDueOn: Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'The reply date asked for' }),
  reason: Type.String({ minLength: 1, maxLength: 2000, description: 'Why' }),
  at: At,
}, 'An extension of the 12345 reply deadline was requested');
