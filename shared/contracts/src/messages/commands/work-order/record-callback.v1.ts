import { Type } from '@sinclair/typebox';
import { CallbackResultSchema, Note, obj } from '../../parts.js';

/** RecordCallback, version 1. */
export const RecordCallbackV1 = obj({
  result: CallbackResultSchema,
  handlerAtFault: Type.Optional(Type.Boolean({ description: 'A dissatisfied result caused by the handler (the order is then redone)' })),
  note: Note,
}, 'Result of the 12345 callback to the requester');
