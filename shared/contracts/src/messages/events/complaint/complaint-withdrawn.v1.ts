import { At, Note, obj } from '../../parts.js';

/** ComplaintWithdrawn, version 1. */
export const ComplaintWithdrawnV1 = obj({ note: Note, at: At }, 'The consumer withdrew before acceptance; the case closes');
