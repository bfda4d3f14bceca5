import { Type } from '@sinclair/typebox';
import { Note, obj } from '../../parts.js';

/** DecideOrderExtension, version 1: the hotline's answer to an extension request (given by its bridge or an operator). */
export const DecideOrderExtensionV1 = obj({
  approved: Type.Boolean({ description: 'Whether the hotline granted it' }),
  newDueOn: Type.Optional(Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'The new reply date, when granted (default: the date asked for)' })),
  note: Note,
}, "Record the hotline's decision on an extension request (延期审核)");
