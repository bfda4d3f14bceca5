import { Type } from '@sinclair/typebox';
import { MediationTerminatedReasonSchema, obj } from '../../parts.js';

/** TerminateMediation, version 1. */
export const TerminateMediationV1 = obj({
  reasonCode: MediationTerminatedReasonSchema,
  explanation: Type.Optional(Type.String({ maxLength: 4000, description: 'Details of the termination' })),
}, 'Terminate mediation (终止调解)');
