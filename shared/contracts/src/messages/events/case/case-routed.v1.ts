import { CaseRouting } from '../../../case.js';

/** CaseRouted, version 1. */
export const CaseRoutedV1 = CaseRouting;
