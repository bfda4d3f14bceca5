import { Type } from '@sinclair/typebox';
import { obj } from '../../parts.js';

/** RedoOrder, version 1. */
export const RedoOrderV1 = obj({ reason: Type.Optional(Type.String({ maxLength: 2000, description: 'Why it is redone' })) }, 'Handle the 12345 order again (重办); the reply clock restarts');
