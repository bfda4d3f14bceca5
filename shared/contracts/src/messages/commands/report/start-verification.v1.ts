import { Note, obj } from '../../parts.js';

/** StartVerification, version 1. */
export const StartVerificationV1 = obj({ note: Note }, 'Start verifying a report (核查)');
