import { Type } from '@sinclair/typebox';
import { obj } from '../../parts.js';

/** ReviewOrderReply, version 1: the hotline accepts our reply, or sends it back to be handled again (审核/退回). */
export const ReviewOrderReplyV1 = obj({
  accepted: Type.Boolean({ description: 'true: the reply stands; false: sent back' }),
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'Why it was sent back (required then)' })),
}, "Record the hotline's review of our reply");
