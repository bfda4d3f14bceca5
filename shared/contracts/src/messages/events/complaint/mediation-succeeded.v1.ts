import { Type } from '@sinclair/typebox';
import { At, RecoveredAmounts, obj } from '../../parts.js';

/** MediationSucceeded, version 1. */
export const MediationSucceededV1 = obj({
  recovered: RecoveredAmounts,
  agreement: Type.Optional(Type.String({ maxLength: 4000, description: 'What the parties agreed' })),
  at: At,
}, 'Mediation succeeded; the case closes');
