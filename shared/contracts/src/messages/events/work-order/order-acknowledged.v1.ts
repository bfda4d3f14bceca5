import { At, obj } from '../../parts.js';

/** OrderAcknowledged, version 1. */
export const OrderAcknowledgedV1 = obj({ at: At }, 'The 12345 order was acknowledged');
