import { Note, obj } from '../../parts.js';

/** StartMediation, version 1. */
export const StartMediationV1 = obj({ note: Note }, 'Start mediating between consumer and business');
