import { Type } from '@sinclair/typebox';
import { Note, obj } from '../../parts.js';

/** OpenEnforcementCase, version 1. */
export const OpenEnforcementCaseV1 = obj({
  enforcementCaseNo: Type.Optional(Type.String({ maxLength: 64, description: 'Number of the enforcement case opened' })),
  note: Note,
}, 'Open an enforcement case (立案)');
