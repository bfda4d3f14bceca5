import { Type } from '@sinclair/typebox';
import { At, Note, obj } from '../../parts.js';

/** LeadFound, version 1: intake opens the report `leadCaseId` from it (the workflow sends the record). */
export const LeadFoundV1 = obj({
  leadNo: Type.Integer({ minimum: 1, maximum: 1000, description: "Which lead of this complaint (1, 2, …)" }),
  leadCaseId: Type.String({ minLength: 1, maxLength: 64, description: 'The report opened on it (derived from the complaint and leadNo)' }),
  facts: Type.String({ minLength: 1, maxLength: 4000, description: 'What was found' }),
  note: Note,
  at: At,
}, 'A lead was found during mediation; a linked report is opened');
