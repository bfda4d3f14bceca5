/**
 * The state of one case, rebuilt by folding its events with `evolve`. Dates are Shanghai
 * `YYYY-MM-DD`; instants are ISO strings; money is exact yuan strings.
 */
import type {
  CallbackResult,
  CaseKind,
  CaseOutcome,
  CaseRouting,
  CaseStatus,
  Category,
  ClockName,
  ClockPeriod,
  DeclineReason,
  EventType,
  MediationTerminatedReason,
  NotAcceptedReason,
  PauseReason,
  RecoveredAmounts,
  RuleSet,
  WorkOrderStatus,
} from '@cw/contracts';
import type { LocalDate } from './local-date.js';
import type { RequestType12345 } from './rule-sets.js';

/** Which state machine a case runs: the same words as its kind. */
export type Track = CaseKind;

/** A stretch of days that does not count: from `from` (inclusive) until `to` (exclusive, the day it counts again). */
export interface ClockPause {
  from: LocalDate;
  to?: LocalDate;
  reason: PauseReason;
}

export interface ClockExtension {
  period: ClockPeriod;
  approvedBy: string;
  on: LocalDate;
}

/**
 * A statutory or 12345 clock. The state records facts only; `deadlines.ts` turns them into a due
 * date with a working-day calendar.
 */
export interface Clock {
  name: ClockName;
  /** The day the period counts from (itself not counted). */
  startedOn: LocalDate;
  period: ClockPeriod;
  /** Due date fixed by someone else (a 12345 `replyDueAt`), used instead of the period. */
  fixedDueOn?: LocalDate;
  pauses: ClockPause[];
  extension?: ClockExtension;
  /** The day the act the clock waits for happened (or the case closed). */
  completedOn?: LocalDate;
  /** The event that stopped the clock. */
  outcome?: EventType;
  warned: boolean;
  missed: boolean;
}

/** The 12345 side of a case that came as a work order. */
export interface WorkOrderState {
  orderNo: string;
  requestType: RequestType12345;
  status: WorkOrderStatus;
  redoCount: number;
  callback: CallbackResult | null;
  /** Times the hotline sent a reply back (absent: none, or stored before it was kept). */
  sentBack?: number;
  /** Times the order was dispatched again after a return. */
  redispatched?: number;
  /** An extension request the hotline has not decided yet. */
  extensionRequest?: { requestedDueOn: LocalDate; on: LocalDate } | null;
}

export interface UnregisteredCase {
  caseId: string;
  status: 'unregistered';
  version: number;
}

export interface RegisteredCase {
  caseId: string;
  caseNo: string;
  /** Also the track: which transition table applies (complaint, report or work order). */
  kind: CaseKind;
  ruleSet: RuleSet;
  status: CaseStatus;
  outcome: CaseOutcome | null;
  receivedAt: string;
  category: Category | null;
  district: string | null;
  queue: string | null;
  /** Why the router chose category and district (from the last CaseRouted). */
  routing: Pick<CaseRouting, 'reasons' | 'configVersion'> | null;
  assignee: string | null;
  clocks: Partial<Record<ClockName, Clock>>;
  /** Money recovered, set when mediation succeeds. */
  recovered: RecoveredAmounts | null;
  /** The 12345 side, when the case came as a work order (whatever its track). */
  order: WorkOrderState | null;
  delegatedTo: string | null;
  refusal: { reasonCode: NotAcceptedReason; explanation?: string; otherRoutes: string[] } | null;
  termination: {
    reasonCode: MediationTerminatedReason;
    explanation?: string;
    /** The referral of suspected fraud to the police (SAMR-121 item 6). */
    policeReferral?: { authority: string; referredOn: LocalDate; referenceNo?: string };
    /** The amount of a private settlement (item 1), apart from mediated recoveries. */
    settled?: { amountYuan: string; amountFen: string };
  } | null;
  decline: { reason: DeclineReason; explanation: string } | null;
  mergedInto: string | null;
  mergedReports: string[];
  /** Reports opened from leads found during this complaint's mediation (absent on cases stored before leads). */
  leads?: string[];
  closedAt: string | null;
  /**
   * The time of the case's latest step (receipt, then each act): a step dated before it is out of
   * order. Absent on cases stored before it was kept (read as the receipt).
   */
  lastStepAt?: string;
  /** Number of events applied; the expected version for optimistic concurrency. */
  version: number;
}

export type CaseState = UnregisteredCase | RegisteredCase;

/** The state before the first event. */
export function initialState(caseId: string): CaseState {
  return { caseId, status: 'unregistered', version: 0 };
}

export function isRegistered(state: CaseState): state is RegisteredCase {
  return state.status !== 'unregistered';
}

/** A clock the act it waits for has not stopped yet. */
export const isRunning = (c: Clock | undefined): c is Clock => c !== undefined && c.completedOn === undefined;

/** A clock stopped for now (a pause not yet ended). */
export const isPaused = (c: Clock): boolean => c.pauses.some((p) => p.to === undefined);
