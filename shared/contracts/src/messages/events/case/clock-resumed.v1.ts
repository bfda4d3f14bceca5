import { At, PausableClockSchema, obj } from '../../parts.js';

/** ClockResumed, version 1. */
export const ClockResumedV1 = obj({ clock: PausableClockSchema, at: At }, 'A clock restarted; days count again from this Shanghai date');
