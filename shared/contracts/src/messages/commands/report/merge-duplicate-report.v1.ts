import { Type } from '@sinclair/typebox';
import { Note, obj } from '../../parts.js';

/** MergeDuplicateReport, version 1. */
export const MergeDuplicateReportV1 = obj({
  intoCaseId: Type.String({ minLength: 1, maxLength: 64, description: 'The earlier case this report is merged into' }),
  note: Note,
}, 'Merge a report with new facts into an earlier case on the same matter; this case closes');
