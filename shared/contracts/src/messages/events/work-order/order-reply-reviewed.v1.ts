import { Type } from '@sinclair/typebox';
import { At, Clocks, obj } from '../../parts.js';

/** OrderReplyReviewed, version 1: a reply sent back starts a new reply cycle (its clock in `clocks`). */
export const OrderReplyReviewedV1 = obj({
  accepted: Type.Boolean({ description: 'The reply stands (true) or was sent back (false)' }),
  reason: Type.Optional(Type.String({ maxLength: 2000, description: 'Why it was sent back' })),
  at: At,
  clocks: Clocks,
}, 'The hotline reviewed our reply');
