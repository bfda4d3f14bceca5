import { Type } from '@sinclair/typebox';
import { Note, obj } from '../../parts.js';

/** DelegateToCouncil, version 1. */
export const DelegateToCouncilV1 = obj({ council: Type.String({ minLength: 1, maxLength: 200, description: 'Consumer council the mediation is delegated to' }), note: Note }, 'Delegate the mediation to the consumer council (委托消委会调解)');
