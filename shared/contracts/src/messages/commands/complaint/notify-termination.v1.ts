import { StringEnum } from '../../../common.js';
import { NOTICE_METHODS } from '../../../vocabulary.js';
import { Note, obj } from '../../parts.js';

/** NotifyTermination, version 1: the parties were told that mediation was terminated (within 7 working days of the decision). */
export const NotifyTerminationV1 = obj({
  method: StringEnum(NOTICE_METHODS, { description: 'How the parties were told (告知方式)' }),
  note: Note,
}, 'Record that both parties were told of the termination (告知终止调解)');
