import { Type } from '@sinclair/typebox';
import { At, Clocks, Note, obj } from '../../parts.js';

/** JurisdictionDisputeRaised, version 1: starts the jurisdiction-dispute clock (it pauses no other clock). */
export const JurisdictionDisputeRaisedV1 = obj({
  withOffice: Type.String({ minLength: 1, maxLength: 200, description: 'The other office in the dispute' }),
  note: Note,
  at: At,
  clocks: Clocks,
}, 'A jurisdiction dispute was raised');
