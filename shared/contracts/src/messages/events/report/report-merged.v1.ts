import { Type } from '@sinclair/typebox';
import { At, Note, obj } from '../../parts.js';

/** ReportMerged, version 1. */
export const ReportMergedV1 = obj({ intoCaseId: Type.String({ minLength: 1, maxLength: 64, description: 'Surviving case' }), note: Note, at: At }, 'This report was merged into another case; it closes');
