import { Type } from '@sinclair/typebox';
import { At, obj } from '../../parts.js';

/** OrderReturned, version 1. */
export const OrderReturnedV1 = obj({ reason: Type.String({ minLength: 1, maxLength: 2000, description: 'Why' }), at: At }, 'The 12345 order was returned to the hotline');
