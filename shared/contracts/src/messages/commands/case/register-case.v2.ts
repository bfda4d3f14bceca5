import type { Static } from '@sinclair/typebox';
import { CaseRegistration } from '../../../case.js';
import type { RegisterCaseV1 } from './register-case.v1.js';

/** RegisterCase, version 2: a report may come from a lead found during mediation (`lead`). */
export const RegisterCaseV2 = CaseRegistration;

/** Version 1 had no lead: its data is version 2 as it is. */
export const registerCaseV1toV2 = (d: Static<typeof RegisterCaseV1>): Static<typeof RegisterCaseV2> => d;
