import { At, Clocks, Note, obj } from '../../parts.js';

/** ComplaintAccepted, version 1. */
export const ComplaintAcceptedV1 = obj({ note: Note, at: At, clocks: Clocks }, 'The complaint was accepted');
