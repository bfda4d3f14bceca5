import { CaseRegistration } from '../../../case.js';

/** RegisterCase, version 1. */
export const RegisterCaseV1 = CaseRegistration;
