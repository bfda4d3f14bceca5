import { Type, type Static } from '@sinclair/typebox';
import { AmountPart, MediationTerminatedReasonSchema, PoliceReferral, obj } from '../../parts.js';
import type { TerminateMediationV1 } from './terminate-mediation.v1.js';

/**
 * TerminateMediation, version 2: a termination for suspected fraud records its referral to the
 * police (SAMR-121 only), and a private settlement (item 1) may record the amount the parties
 * agreed, counted apart from mediated recoveries.
 */
export const TerminateMediationV2 = obj({
  reasonCode: MediationTerminatedReasonSchema,
  explanation: Type.Optional(Type.String({ maxLength: 4000, description: 'Details of the termination' })),
  policeReferral: Type.Optional(PoliceReferral),
  settledAmount: Type.Optional(AmountPart),
}, 'Terminate mediation (终止调解)');

/** Version 1 had neither field: its data is version 2 as it is. */
export const terminateMediationV1toV2 = (d: Static<typeof TerminateMediationV1>): Static<typeof TerminateMediationV2> => d;
