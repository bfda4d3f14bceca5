import { Type } from '@sinclair/typebox';
import { ClockPeriod } from '../../../vocabulary.js';
import { At, UserId, obj } from '../../parts.js';

/** VerificationExtended, version 1. */
export const VerificationExtendedV1 = obj({
  approvedBy: UserId('Who approved'),
  reason: Type.String({ minLength: 1, maxLength: 2000, description: 'Why' }),
  extension: ClockPeriod,
  at: At,
}, 'The verification period was extended (once)');
