import { Type } from '@sinclair/typebox';
import { At, TransferTarget, obj } from '../../parts.js';

/** CaseTransferred, version 1. */
export const CaseTransferredV1 = obj({ target: TransferTarget, reason: Type.String({ minLength: 1, maxLength: 2000, description: 'Why' }), at: At }, 'The case went to another office or agency; it closes here');
