import { Type } from '@sinclair/typebox';
import { At, MediationTerminatedReasonSchema, obj } from '../../parts.js';

/** MediationTerminated, version 1. */
export const MediationTerminatedV1 = obj({
  reasonCode: MediationTerminatedReasonSchema,
  explanation: Type.Optional(Type.String({ maxLength: 4000, description: 'Details' })),
  at: At,
}, 'Mediation terminated; the case closes');
