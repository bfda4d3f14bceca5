import { Type, type Static } from '@sinclair/typebox';
import { At, Clocks, MediationTerminatedReasonSchema, PoliceReferral, obj } from '../../parts.js';
import { MoneyYuan } from '../../../common.js';
import type { MediationTerminatedV1 } from './mediation-terminated.v1.js';

/**
 * MediationTerminated, version 2: with the police referral of a fraud termination, the amount of a
 * private settlement (yuan and exact integer fen) when recorded, and the clock it starts: the
 * parties are to be told within 7 working days (the termination-notice clock runs on after the
 * case closes).
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
  clocks: Clocks,
}, 'Mediation terminated; the case closes');

/**
 * Version 1 recorded no referral, no settlement and started no clock: it was decided before the
 * termination-notice clock was kept, so it carries none (no notice is owed in the figures).
 */
export const mediationTerminatedV1toV2 = (d: Static<typeof MediationTerminatedV1>): Static<typeof MediationTerminatedV2> => ({ ...d, clocks: [] });
