import type { Static } from '@sinclair/typebox';
import { At, Clocks, obj } from '../../parts.js';
import { MediationTerminatedV2 } from './mediation-terminated.v2.js';

/**
 * MediationTerminated, version 3: with the clock it starts — the parties are to be told within 7
 * working days of the decision (the termination-notice clock runs on after the case closes).
 */
export const MediationTerminatedV3 = obj({
  ...MediationTerminatedV2.properties,
  at: At,
  clocks: Clocks,
}, 'Mediation terminated; the case closes and the termination-notice clock starts');

/**
 * Version 2 started no clock: it was decided before the termination-notice clock was kept, so it
 * carries none (no notice is owed in the figures).
 */
export const mediationTerminatedV2toV3 = (d: Static<typeof MediationTerminatedV2>): Static<typeof MediationTerminatedV3> => ({ ...d, clocks: [] });
