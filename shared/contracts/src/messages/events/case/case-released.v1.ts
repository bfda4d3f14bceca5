import { At, Note, UserId, obj } from '../../parts.js';

/** CaseReleased, version 1. */
export const CaseReleasedV1 = obj({ userId: UserId('The assignee who let go'), note: Note, at: At }, 'The case is back in its queue');
