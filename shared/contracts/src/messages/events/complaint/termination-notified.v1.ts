import { StringEnum } from '../../../common.js';
import { NOTICE_METHODS } from '../../../vocabulary.js';
import { At, Note, obj } from '../../parts.js';

/** TerminationNotified, version 1: stops the termination-notice clock. */
export const TerminationNotifiedV1 = obj({
  method: StringEnum(NOTICE_METHODS, { description: 'How the parties were told' }),
  note: Note,
  at: At,
}, 'The parties were told that mediation was terminated');
