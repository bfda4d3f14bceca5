import { Type } from '@sinclair/typebox';
import { StringEnum } from '../../../common.js';
import { DISPUTE_OUTCOMES } from '../../../vocabulary.js';
import { At, Note, obj } from '../../parts.js';

/** JurisdictionDisputeSettled, version 1: stops the jurisdiction-dispute clock. */
export const JurisdictionDisputeSettledV1 = obj({
  outcome: StringEnum(DISPUTE_OUTCOMES, { description: 'this-office or other-office' }),
  decidedBy: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'The authority that settled it' })),
  note: Note,
  at: At,
}, 'The jurisdiction dispute was settled');
