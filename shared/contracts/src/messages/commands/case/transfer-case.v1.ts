import { Type } from '@sinclair/typebox';
import { TransferTarget, obj } from '../../parts.js';

/** TransferCase, version 1. */
export const TransferCaseV1 = obj({ target: TransferTarget, reason: Type.String({ minLength: 1, maxLength: 2000, description: 'Why the case is transferred' }) }, 'Transfer the case to another office or agency (移送)');
