import { At, UserId, obj } from '../../parts.js';

/** CaseClaimed, version 1. */
export const CaseClaimedV1 = obj({ userId: UserId('New assignee'), at: At }, 'A user took the case');
