import { Type, type Static } from '@sinclair/typebox';
import { CaseRegistration } from '../../../case.js';
import { Clocks } from '../../parts.js';
import type { CaseRegisteredV1 } from './case-registered.v1.js';

/** CaseRegistered, version 2: with the lead a report came from, if any. */
export const CaseRegisteredV2 = Type.Object(
  { ...CaseRegistration.properties, clocks: Clocks },
  { additionalProperties: false, description: 'The case exists; the registration plus the clocks it starts' },
);

/** Version 1 had no lead: its data is version 2 as it is. */
export const caseRegisteredV1toV2 = (d: Static<typeof CaseRegisteredV1>): Static<typeof CaseRegisteredV2> => d;
