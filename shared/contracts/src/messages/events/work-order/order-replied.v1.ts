import { Type } from '@sinclair/typebox';
import { At, obj } from '../../parts.js';

/** OrderReplied, version 1. */
export const OrderRepliedV1 = obj({ reply: Type.String({ minLength: 1, maxLength: 8000, description: 'Reply text' }), at: At }, 'The 12345 order was replied to');
