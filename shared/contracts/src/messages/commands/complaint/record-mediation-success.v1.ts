import { Type } from '@sinclair/typebox';
import { AmountPart, obj } from '../../parts.js';

/** RecordMediationSuccess, version 1. */
export const RecordMediationSuccessV1 = obj({
  refund: Type.Optional(AmountPart),
  compensation: Type.Optional(AmountPart),
  replacementValue: Type.Optional(AmountPart),
  agreement: Type.Optional(Type.String({ maxLength: 4000, description: 'What the parties agreed' })),
}, 'Mediation reached agreement; the money recovered for the consumer (missing parts count as 0)');
