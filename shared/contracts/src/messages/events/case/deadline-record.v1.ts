import { ClockNameSchema } from '../../../vocabulary.js';
import { At, obj } from '../../parts.js';

/** DeadlineRecord, version 1. */
export const DeadlineRecordV1 = obj({ clock: ClockNameSchema, at: At }, 'A deadline warning or miss');
