import { CaseRouting } from '../../../case.js';

/** RouteCase, version 1. */
export const RouteCaseV1 = CaseRouting;
