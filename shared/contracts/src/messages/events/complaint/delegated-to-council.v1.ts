import { Type } from '@sinclair/typebox';
import { At, Note, obj } from '../../parts.js';

/** DelegatedToCouncil, version 1. */
export const DelegatedToCouncilV1 = obj({ council: Type.String({ minLength: 1, maxLength: 200, description: 'Consumer council' }), note: Note, at: At }, 'Mediation delegated to the consumer council');
