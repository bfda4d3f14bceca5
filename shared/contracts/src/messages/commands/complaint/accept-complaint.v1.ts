import { Note, obj } from '../../parts.js';

/** AcceptComplaint, version 1. */
export const AcceptComplaintV1 = obj({ note: Note }, 'Accept the complaint (受理); starts the mediation clock');
