import { Type } from '@sinclair/typebox';
import { Instant } from '../../../common.js';
import { obj } from '../../parts.js';

/**
 * RedispatchOrder, version 1 (system): the hotline dispatched a returned order to us again (same
 * `orderNo`, a later `dispatchedAt`). The workflow derives it from the repeated registration.
 */
export const RedispatchOrderV1 = obj({
  dispatchedAt: Instant('When 12345 dispatched the order again'),
  replyDueAt: Type.Optional(Instant('Reply deadline the hotline set this time, if any')),
}, 'The 12345 order is dispatched again after a return (重新派单)');
