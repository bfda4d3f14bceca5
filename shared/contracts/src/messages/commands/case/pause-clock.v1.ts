import { Note, PausableClockSchema, PauseReasonSchema, obj } from '../../parts.js';

/** PauseClock, version 1. */
export const PauseClockV1 = obj({ clock: PausableClockSchema, reason: PauseReasonSchema, note: Note }, 'Stop a clock for testing/appraisal or a suspension');
