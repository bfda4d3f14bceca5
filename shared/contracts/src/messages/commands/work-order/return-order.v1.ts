import { Type } from '@sinclair/typebox';
import { obj } from '../../parts.js';

/** ReturnOrder, version 1. */
export const ReturnOrderV1 = obj({ reason: Type.String({ minLength: 1, maxLength: 2000, description: 'Why the order is outside our remit' }) }, 'Return the 12345 work order (退单)');
