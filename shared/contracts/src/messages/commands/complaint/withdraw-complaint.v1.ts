import { Note, obj } from '../../parts.js';

/** WithdrawComplaint, version 1. */
export const WithdrawComplaintV1 = obj({ note: Note }, 'The consumer withdraws the complaint');
