/**
 * The state machines as data: every (from status, event type, to status) a case may take, per
 * track. `decide` refuses a command whose event is not listed from the current status; the
 * property test checks that `evolve` only ever moves along these rows.
 */
import type { CaseStatus, ComplaintStatus, EventType, ReportStatus, WorkOrderStatus } from '@cw/contracts';
import type { Track } from './case-state.js';

export interface Transition<S extends CaseStatus = CaseStatus> {
  from: S;
  event: EventType;
  to: S;
}

/** Rows for each `from`; `to` defaults to staying where it is. */
function rows<S extends CaseStatus>(from: readonly S[], event: EventType, to?: S): Transition<S>[] {
  return from.map((f) => ({ from: f, event, to: to ?? f }));
}

export const ORDER_EVENTS = [
  'OrderAcknowledged', 'OrderReturned', 'OrderReplied', 'CallbackRecorded', 'OrderRedone',
  'OrderExtensionRequested', 'OrderExtensionDecided', 'OrderReplyReviewed', 'OrderRedispatched',
] as const satisfies readonly EventType[];
/** Order events that move the case itself: a return closes it, a re-dispatch reopens it. */
const CASE_MOVING_ORDER_EVENTS: readonly EventType[] = ['OrderReturned', 'OrderRedispatched'];
const ASSIGNMENT_EVENTS = ['CaseClaimed', 'CaseReleased', 'CaseReassigned'] as const satisfies readonly EventType[];
const DEADLINE_EVENTS = ['DeadlineWarned', 'DeadlineMissed'] as const satisfies readonly EventType[];
const PAUSE_EVENTS = ['ClockPaused', 'ClockResumed'] as const satisfies readonly EventType[];
/** A jurisdiction dispute runs beside the case's own clocks and moves no status. */
const DISPUTE_EVENTS = ['JurisdictionDisputeRaised', 'JurisdictionDisputeSettled'] as const satisfies readonly EventType[];

/** The 12345 side of a case: a work order's own life. */
const WORK_ORDER_OPEN: readonly WorkOrderStatus[] = ['dispatched', 'acknowledged', 'replied', 'callback-recorded'];
export const ORDER_TRANSITIONS: readonly Transition<WorkOrderStatus>[] = [
  ...rows(['dispatched'], 'OrderAcknowledged', 'acknowledged'),
  ...rows(['dispatched', 'acknowledged'], 'OrderReturned', 'closed'),
  ...rows(['acknowledged'], 'OrderReplied', 'replied'),
  // satisfied/neutral (or dissatisfied through no fault of the handler) closes; otherwise it waits for a redo
  ...rows(['replied'], 'CallbackRecorded', 'closed'),
  ...rows(['replied'], 'CallbackRecorded', 'callback-recorded'),
  ...rows(['callback-recorded'], 'OrderRedone', 'acknowledged'),
  // an extension is asked for and decided before the reply
  ...rows(['dispatched', 'acknowledged'], 'OrderExtensionRequested'),
  ...rows(['dispatched', 'acknowledged'], 'OrderExtensionDecided'),
  // the hotline reviews the reply: it stands, or it is sent back and handled again
  ...rows(['replied'], 'OrderReplyReviewed'),
  ...rows(['replied'], 'OrderReplyReviewed', 'acknowledged'),
  // a returned order dispatched again
  ...rows(['closed'], 'OrderRedispatched', 'dispatched'),
];

const COMPLAINT_OPEN: readonly ComplaintStatus[] = ['registered', 'pending-acceptance', 'accepted', 'mediating'];
const COMPLAINT_ALL: readonly ComplaintStatus[] = [...COMPLAINT_OPEN, 'closed'];
const COMPLAINT_ROUTED: readonly ComplaintStatus[] = ['pending-acceptance', 'accepted', 'mediating'];
const COMPLAINT_TRANSITIONS: readonly Transition<ComplaintStatus>[] = [
  ...rows(['registered'], 'CaseRouted', 'pending-acceptance'),
  ...rows(COMPLAINT_ROUTED, 'CaseRouted'),
  ...ASSIGNMENT_EVENTS.flatMap((e) => rows(COMPLAINT_ROUTED, e)),
  ...rows(['pending-acceptance'], 'ComplaintAccepted', 'accepted'),
  ...rows(['pending-acceptance'], 'ComplaintRefused', 'closed'),
  ...rows(['registered', 'pending-acceptance'], 'ComplaintWithdrawn', 'closed'),
  ...rows(['registered', 'pending-acceptance'], 'CaseTransferred', 'closed'),
  ...rows(['accepted'], 'MediationStarted', 'mediating'),
  ...rows(['accepted', 'mediating'], 'DelegatedToCouncil'),
  ...rows(['accepted', 'mediating'], 'LeadFound'),
  ...PAUSE_EVENTS.flatMap((e) => rows(['accepted', 'mediating'], e)),
  ...rows(['mediating'], 'MediationSucceeded', 'closed'),
  ...rows(['accepted', 'mediating'], 'MediationTerminated', 'closed'),
  // the parties are told after the decision, when the case has closed
  ...rows(['closed'], 'TerminationNotified'),
  ...DISPUTE_EVENTS.flatMap((e) => rows(COMPLAINT_ROUTED, e)),
  // 12345 clocks may still run after the complaint closes (the reply usually reports the outcome)
  ...DEADLINE_EVENTS.flatMap((e) => rows(COMPLAINT_ALL, e)),
  ...ORDER_EVENTS.filter((e) => !CASE_MOVING_ORDER_EVENTS.includes(e)).flatMap((e) => rows(COMPLAINT_ALL, e)),
  ...rows(['registered', 'pending-acceptance'], 'OrderReturned', 'closed'),
  ...rows(['closed'], 'OrderRedispatched', 'registered'),
  ...rows(['closed'], 'OrderRedispatched', 'pending-acceptance'),
];

const REPORT_OPEN: readonly ReportStatus[] = ['registered', 'pending-verification', 'verifying'];
const REPORT_ALL: readonly ReportStatus[] = [...REPORT_OPEN, 'closed'];
const REPORT_ROUTED: readonly ReportStatus[] = ['pending-verification', 'verifying'];
const REPORT_TRANSITIONS: readonly Transition<ReportStatus>[] = [
  ...rows(['registered'], 'CaseRouted', 'pending-verification'),
  ...rows(REPORT_ROUTED, 'CaseRouted'),
  ...ASSIGNMENT_EVENTS.flatMap((e) => rows(REPORT_ROUTED, e)),
  ...rows(['pending-verification'], 'VerificationStarted', 'verifying'),
  ...rows(REPORT_ROUTED, 'VerificationExtended'),
  ...PAUSE_EVENTS.flatMap((e) => rows(REPORT_OPEN, e)),
  ...rows(['verifying'], 'EnforcementCaseOpened', 'closed'),
  ...rows(REPORT_ROUTED, 'EnforcementCaseDeclined', 'closed'),
  ...rows(REPORT_OPEN, 'CaseTransferred', 'closed'),
  ...rows(REPORT_OPEN, 'ReportMerged', 'closed'),
  ...rows(REPORT_OPEN, 'MergedReportAbsorbed'),
  ...DISPUTE_EVENTS.flatMap((e) => rows(REPORT_ROUTED, e)),
  ...DEADLINE_EVENTS.flatMap((e) => rows(REPORT_ALL, e)),
  ...ORDER_EVENTS.filter((e) => !CASE_MOVING_ORDER_EVENTS.includes(e)).flatMap((e) => rows(REPORT_ALL, e)),
  ...rows(['registered', 'pending-verification'], 'OrderReturned', 'closed'),
  ...rows(['closed'], 'OrderRedispatched', 'registered'),
  ...rows(['closed'], 'OrderRedispatched', 'pending-verification'),
];

const WORK_ORDER_TRANSITIONS: readonly Transition<WorkOrderStatus>[] = [
  ...rows(WORK_ORDER_OPEN, 'CaseRouted'),
  ...ASSIGNMENT_EVENTS.flatMap((e) => rows(WORK_ORDER_OPEN, e)),
  // after the reply no 12345 clock runs until a redo restarts it
  ...DEADLINE_EVENTS.flatMap((e) => rows(['dispatched', 'acknowledged'], e)),
  ...ORDER_TRANSITIONS,
];

/** Allowed transitions per track (CaseRegistered, the first event, is not listed). */
export const TRANSITIONS: Readonly<Record<Track, readonly Transition[]>> = {
  complaint: COMPLAINT_TRANSITIONS,
  report: REPORT_TRANSITIONS,
  'work-order': WORK_ORDER_TRANSITIONS,
};

/** The first status of each track, set by CaseRegistered. */
export const INITIAL_STATUS: Readonly<Record<Track, CaseStatus>> = {
  complaint: 'registered',
  report: 'registered',
  'work-order': 'dispatched',
};

export const isOrderEvent = (type: EventType): boolean => (ORDER_EVENTS as readonly EventType[]).includes(type);

/** Whether `event` may happen in `status` on `track`. */
export function canHappen(track: Track, status: CaseStatus, event: EventType): boolean {
  return TRANSITIONS[track].some((t) => t.from === status && t.event === event);
}

/** Whether `(from, event, to)` is a row of the track's table. */
export function isAllowedTransition(track: Track, from: CaseStatus, event: EventType, to: CaseStatus): boolean {
  return TRANSITIONS[track].some((t) => t.from === from && t.event === event && t.to === to);
}

/** Same checks for the 12345 side of a complaint or report. */
export function canHappenToOrder(status: WorkOrderStatus, event: EventType): boolean {
  return ORDER_TRANSITIONS.some((t) => t.from === status && t.event === event);
}
export function isAllowedOrderTransition(from: WorkOrderStatus, event: EventType, to: WorkOrderStatus): boolean {
  return ORDER_TRANSITIONS.some((t) => t.from === from && t.event === event && t.to === to);
}
