import { At, Note, PausableClockSchema, PauseReasonSchema, obj } from '../../parts.js';

/** ClockPaused, version 1. */
export const ClockPausedV1 = obj({ clock: PausableClockSchema, reason: PauseReasonSchema, note: Note, at: At }, 'A clock stopped; from this Shanghai date on, days do not count');
