import { At, Note, obj } from '../../parts.js';

/** MediationStarted, version 1. */
export const MediationStartedV1 = obj({ note: Note, at: At }, 'Mediation started');
