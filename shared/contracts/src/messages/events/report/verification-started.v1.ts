import { At, Note, obj } from '../../parts.js';

/** VerificationStarted, version 1. */
export const VerificationStartedV1 = obj({ note: Note, at: At }, 'Verification of the report started');
