import { Type, type Static } from '@sinclair/typebox';
import { At, MediationTerminatedReasonSchema, PoliceReferral, obj } from '../../parts.js';
import { MoneyYuan } from '../../../common.js';
import type { MediationTerminatedV1 } from './mediation-terminated.v1.js';

/**
 * MediationTerminated, version 2: with the police referral of a fraud termination and the amount
 * of a private settlement (yuan and exact integer fen), when recorded.
 */
export const MediationTerminatedV2 = obj({
  reasonCode: MediationTerminatedReasonSchema,
  explanation: Type.Optional(Type.String({ maxLength: 4000, description: 'Details' })),
  policeReferral: Type.Optional(PoliceReferral),
  settled: Type.Optional(Type.Object({
    amountYuan: MoneyYuan('Amount the parties settled on, two decimals'),
    amountFen: Type.String({ pattern: '^(0|[1-9]\\d*)$', maxLength: 20, description: 'amountYuan in integer fen, exact' }),
  }, { additionalProperties: false, description: 'A private settlement (自行和解) with its amount' })),
  at: At,
}, 'Mediation terminated; the case closes');

/** Version 1 recorded neither: its data is version 2 as it is. */
export const mediationTerminatedV1toV2 = (d: Static<typeof MediationTerminatedV1>): Static<typeof MediationTerminatedV2> => d;
