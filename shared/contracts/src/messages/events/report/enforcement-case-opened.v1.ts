import { Type } from '@sinclair/typebox';
import { At, Note, obj } from '../../parts.js';

/** EnforcementCaseOpened, version 1. */
export const EnforcementCaseOpenedV1 = obj({
  enforcementCaseNo: Type.Optional(Type.String({ maxLength: 64, description: 'Enforcement case number' })),
  note: Note,
  at: At,
}, 'An enforcement case was opened; the report closes');
