import { Type } from '@sinclair/typebox';
import { At, Clocks, obj } from '../../parts.js';

/** OrderRedone, version 1. */
export const OrderRedoneV1 = obj({ reason: Type.Optional(Type.String({ maxLength: 2000, description: 'Why' })), at: At, clocks: Clocks }, 'The 12345 order is handled again');
