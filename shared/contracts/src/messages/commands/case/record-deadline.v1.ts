import { ClockNameSchema } from '../../../vocabulary.js';
import { obj } from '../../parts.js';

/** RecordDeadline, version 1. */
export const RecordDeadlineV1 = obj({ clock: ClockNameSchema }, 'A clock is close to (warning) or past (miss) its due date, as seen by the SLA service');
