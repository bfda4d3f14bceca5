import { Type } from '@sinclair/typebox';
import { obj } from '../../parts.js';

/** RequestOrderExtension, version 1: ask the hotline for more time before the reply deadline (申请延期). */
export const RequestOrderExtensionV1 = obj({
  requestedDueOn: Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'The reply date asked for (Shanghai date)' }),
  reason: Type.String({ minLength: 1, maxLength: 2000, description: 'Why more time is needed' }),
}, 'Request an extension of the 12345 reply deadline, before it passes');
