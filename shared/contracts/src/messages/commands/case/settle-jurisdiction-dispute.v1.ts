import { Type } from '@sinclair/typebox';
import { StringEnum } from '../../../common.js';
import { DISPUTE_OUTCOMES } from '../../../vocabulary.js';
import { Note, obj } from '../../parts.js';

/** SettleJurisdictionDispute, version 1: who handles the case (a transfer to the other office is a separate step). */
export const SettleJurisdictionDisputeV1 = obj({
  outcome: StringEnum(DISPUTE_OUTCOMES, { description: 'this-office keeps the case; other-office: it is to be transferred' }),
  decidedBy: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'The authority that settled it (e.g. the common superior bureau)' })),
  note: Note,
}, 'Settle the jurisdiction dispute (管辖争议处理)');
