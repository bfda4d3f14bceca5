/**
 * What differs between the two rule sets (DOMAIN.md §3), and the 12345 deadlines, which are
 * configuration (DOMAIN.md §4). Kept here as plain data so the state machine needs no calendar.
 */
import { RULE_SETS } from '@cw/calendar';
import type { ClockPeriod, RuleSet, WorkOrderInfo } from '@cw/contracts';

export type RequestType12345 = WorkOrderInfo['requestType'];

export interface RuleSetRules {
  /** Accept or refuse a complaint, from receipt. */
  accept: ClockPeriod;
  /** Mediation cut-off, from acceptance. */
  mediation: ClockPeriod;
  /** Verify a report, from receipt. */
  verification: ClockPeriod;
  /** The one extension of verification. */
  verificationExtension: ClockPeriod;
  /** Tell the parties of a termination, from the decision. */
  terminationNotice: ClockPeriod;
  /** Settle a jurisdiction dispute, from when it is raised. */
  jurisdictionDispute: ClockPeriod;
  /** A refusal must state reasons and other routes (Order 121). */
  refusalNeedsReasonsAndRoutes: boolean;
}

const working = (days: number): ClockPeriod => ({ days, unit: 'working' });

/** The periods come from the calendar package's rule-set table (one source); the refusal rule is the workflow's. */
export const RULE_SET_RULES: Readonly<Record<RuleSet, RuleSetRules>> = {
  'SAMR-20': { ...periodsOf('SAMR-20'), refusalNeedsReasonsAndRoutes: false },
  'SAMR-121': { ...periodsOf('SAMR-121'), refusalNeedsReasonsAndRoutes: true },
};

function periodsOf(id: RuleSet): Omit<RuleSetRules, 'refusalNeedsReasonsAndRoutes'> {
  const r = RULE_SETS[id];
  return {
    accept: r.accept, mediation: r.mediation, verification: r.verification, verificationExtension: r.verificationExtension,
    terminationNotice: r.terminationNotice, jurisdictionDispute: r.jurisdictionDispute,
  };
}

/** 12345 deadlines: set by each province or city, so they come in through `ctx.config`. */
export interface WorkOrderDeadlines {
  /** Acknowledge (签收), from dispatch. */
  acknowledge: ClockPeriod;
  /** Reply (回复/办结), from dispatch (or from a redo), by request type. */
  reply: Readonly<Record<RequestType12345, ClockPeriod>>;
}

export interface WorkflowConfig {
  workOrder: WorkOrderDeadlines;
}

/** Guangdong defaults: acknowledge 1 WD; reply consultation 2 WD, help/suggestion 10, complaint/report 15. */
export const GUANGDONG_12345_DEADLINES: WorkOrderDeadlines = {
  acknowledge: working(1),
  reply: {
    consultation: working(2),
    help: working(10),
    suggestion: working(10),
    complaint: working(15),
    report: working(15),
    'complaint+report': working(15),
  },
};

export const DEFAULT_WORKFLOW_CONFIG: WorkflowConfig = { workOrder: GUANGDONG_12345_DEADLINES };
