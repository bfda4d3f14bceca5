import { Note, UserId, obj } from '../../parts.js';

/** ReassignCase, version 1. */
export const ReassignCaseV1 = obj({ toUserId: UserId('User the case is given to'), note: Note }, 'A supervisor (or the assignee) gives the case to another user');
