import { Type } from '@sinclair/typebox';
import { RegisterCaseV1 } from '../../commands/case/register-case.v1.js';
import { Clocks } from '../../parts.js';

/** CaseRegistered, version 1 (frozen). */
export const CaseRegisteredV1 = Type.Object(
  { ...RegisterCaseV1.properties, clocks: Clocks },
  { additionalProperties: false, description: 'The case exists; the registration plus the clocks it starts' },
);
