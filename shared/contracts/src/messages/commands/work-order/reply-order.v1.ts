import { Type } from '@sinclair/typebox';
import { obj } from '../../parts.js';

/** ReplyOrder, version 1. */
export const ReplyOrderV1 = obj({ reply: Type.String({ minLength: 1, maxLength: 8000, description: 'Reply to the hotline (回复/办结)' }) }, 'Reply to the 12345 hotline');
