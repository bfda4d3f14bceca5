import { Type } from '@sinclair/typebox';
import { At, Note, obj } from '../../parts.js';

/** OrderExtensionDecided, version 1: when granted, the reply clock is due on `newDueOn`. */
export const OrderExtensionDecidedV1 = obj({
  approved: Type.Boolean({ description: 'Granted or not' }),
  newDueOn: Type.Optional(Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'The new reply date (granted only)' })),
  note: Note,
  at: At,
}, 'The hotline decided on the extension request');
