import { Type } from '@sinclair/typebox';
import { CaseRegistration } from '../../../case.js';
import { Clocks } from '../../parts.js';

/** CaseRegistered, version 1. */
export const CaseRegisteredV1 = Type.Object(
  { ...CaseRegistration.properties, clocks: Clocks },
  { additionalProperties: false, description: 'The case exists; the registration plus the clocks it starts' },
);
