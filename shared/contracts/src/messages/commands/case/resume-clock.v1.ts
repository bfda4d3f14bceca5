import { PausableClockSchema, obj } from '../../parts.js';

/** ResumeClock, version 1. */
export const ResumeClockV1 = obj({ clock: PausableClockSchema }, 'Restart a stopped clock');
