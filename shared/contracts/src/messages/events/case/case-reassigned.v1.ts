import { Type } from '@sinclair/typebox';
import { At, Note, UserId, obj } from '../../parts.js';

/** CaseReassigned, version 1. */
export const CaseReassignedV1 = obj({
  fromUserId: Type.Optional(UserId('Previous assignee, if any')),
  toUserId: UserId('New assignee'),
  note: Note,
  at: At,
}, 'The case was given to another user');
