import { At, Clocks, obj } from '../../parts.js';

/** OrderRedispatched, version 1: the returned order and its case (closed by the return) are open again, with fresh clocks. */
export const OrderRedispatchedV1 = obj({
  at: At,
  clocks: Clocks,
}, 'The 12345 order was dispatched again after a return');
