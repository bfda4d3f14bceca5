import { obj } from '../../parts.js';

/** AcknowledgeOrder, version 1. */
export const AcknowledgeOrderV1 = obj({}, 'Acknowledge the 12345 work order (签收)');
