import { Note, obj } from '../../parts.js';

/** ReleaseCase, version 1. */
export const ReleaseCaseV1 = obj({ note: Note }, 'The assignee puts the case back in its queue');
