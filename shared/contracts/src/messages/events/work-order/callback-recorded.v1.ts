import { Type } from '@sinclair/typebox';
import { At, CallbackResultSchema, Note, obj } from '../../parts.js';

/** CallbackRecorded, version 1. */
export const CallbackRecordedV1 = obj({
  result: CallbackResultSchema,
  handlerAtFault: Type.Boolean({ description: 'Dissatisfied because of the handler: the order waits for a redo' }),
  note: Note,
  at: At,
}, 'The 12345 callback result');
