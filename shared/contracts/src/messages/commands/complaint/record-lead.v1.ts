import { Type } from '@sinclair/typebox';
import { Note, obj } from '../../parts.js';

/** RecordLead, version 1: mediation found a lead that the business broke the law; a report is opened on it. */
export const RecordLeadV1 = obj({
  facts: Type.String({ minLength: 1, maxLength: 4000, description: 'What was found (the facts of the suspected violation)' }),
  note: Note,
}, 'Record a lead found during mediation (调解中发现违法线索); it opens a linked report, verified within 15 working days of discovery');
