import { Type } from '@sinclair/typebox';
import { UserId, obj } from '../../parts.js';

/** ExtendVerification, version 1. */
export const ExtendVerificationV1 = obj({
  approvedBy: UserId('Who approved the extension'),
  reason: Type.String({ minLength: 1, maxLength: 2000, description: 'Why more time is needed' }),
}, 'Extend the verification period once (+15 working days) with approval');
