import { obj } from '../../parts.js';

/** ClaimCase, version 1. */
export const ClaimCaseV1 = obj({}, 'The actor takes the case from its queue');
