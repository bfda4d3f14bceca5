/**
 * `evolve(state, event) → state`: applies one event. Pure; never refuses (the event already
 * happened), except on a stream that is impossible (an event before CaseRegistered).
 */
import type { CaseEvent, CaseOutcome, ClockName, ClockStart, DeclineReason, EventType, WorkOrderStatus } from '@cw/contracts';
import type { Clock, CaseState, RegisteredCase, WorkOrderState } from './case-state.js';
import { shanghaiDate } from './local-date.js';
import { INITIAL_STATUS } from './transitions.js';

export const CLOCKS_12345: readonly ClockName[] = ['acknowledge12345', 'reply12345'];

/** Report outcome of a decline reason. */
export function declineOutcome(reason: DeclineReason): CaseOutcome {
  if (reason === 'no-authority') return 'no-authority';
  if (reason === 'duplicate-not-handled') return 'duplicate-not-handled';
  return 'not-opened';
}

function startClock(start: ClockStart): Clock {
  return {
    name: start.name,
    startedOn: start.startedOn,
    period: start.period,
    ...(start.fixedDueOn === undefined ? {} : { fixedDueOn: start.fixedDueOn }),
    pauses: [],
    warned: false,
    missed: false,
  };
}

function withClocks(state: RegisteredCase, starts: readonly ClockStart[]): RegisteredCase {
  const clocks = { ...state.clocks };
  for (const s of starts) clocks[s.name] = startClock(s);
  return { ...state, clocks };
}

function updateClock(state: RegisteredCase, name: ClockName, change: (c: Clock) => Clock): RegisteredCase {
  const clock = state.clocks[name];
  if (clock === undefined) return state;
  return { ...state, clocks: { ...state.clocks, [name]: change(clock) } };
}

/** Stops a running clock on `at`'s date; an open pause ends that day. */
function completeClock(state: RegisteredCase, name: ClockName, at: string, outcome: EventType): RegisteredCase {
  const on = shanghaiDate(at);
  return updateClock(state, name, (c) =>
    c.completedOn !== undefined
      ? c
      : { ...c, completedOn: on, outcome, pauses: c.pauses.map((p) => (p.to === undefined ? { ...p, to: on } : p)) },
  );
}

/**
 * Closes the case; its statutory clocks stop (a jurisdiction dispute too: the case has left it).
 * 12345 clocks stop only with their own events; a termination starts its notice clock after this.
 */
function close(state: RegisteredCase, outcome: CaseOutcome, at: string, by: EventType): RegisteredCase {
  let next: RegisteredCase = { ...state, status: 'closed', outcome, closedAt: at };
  for (const name of Object.keys(state.clocks) as ClockName[]) {
    if (!CLOCKS_12345.includes(name)) next = completeClock(next, name, at, by);
  }
  return next;
}

/** Moves the 12345 side; on a work-order track the case status follows it. */
function orderTo(state: RegisteredCase, status: WorkOrderStatus, patch: Partial<WorkOrderState> = {}): RegisteredCase {
  if (state.order === null) return state;
  const order: WorkOrderState = { ...state.order, ...patch, status };
  return state.kind === 'work-order' ? { ...state, order, status } : { ...state, order };
}

function apply(state: CaseState, event: CaseEvent): CaseState {
  if (event.type === 'CaseRegistered') {
    const { clocks, ...registration } = event.data;
    const fresh: RegisteredCase = {
      caseId: state.caseId,
      caseNo: registration.caseNo,
      kind: registration.kind,
      ruleSet: registration.ruleSet,
      status: INITIAL_STATUS[registration.kind],
      outcome: null,
      receivedAt: registration.receivedAt,
      category: registration.category ?? null,
      district: null,
      queue: null,
      routing: null,
      assignee: null,
      clocks: {},
      recovered: null,
      order: registration.workOrder === undefined
        ? null
        : { orderNo: registration.workOrder.orderNo, requestType: registration.workOrder.requestType, status: 'dispatched', redoCount: 0, callback: null },
      delegatedTo: null,
      refusal: null,
      termination: null,
      decline: null,
      mergedInto: null,
      mergedReports: [],
      closedAt: null,
      version: state.version,
    };
    return withClocks(fresh, clocks);
  }
  if (state.status === 'unregistered') {
    throw new Error(`case ${state.caseId}: ${event.type} before CaseRegistered`);
  }
  const s = state;
  switch (event.type) {
    case 'CaseRouted': {
      const { category, district, queue, reasons, configVersion } = event.data;
      const status = s.status === 'registered' ? (s.kind === 'complaint' ? 'pending-acceptance' : 'pending-verification') : s.status;
      return { ...s, status, category, district, queue, routing: { reasons, configVersion }, assignee: queue === s.queue ? s.assignee : null };
    }
    case 'CaseClaimed':
      return { ...s, assignee: event.data.userId };
    case 'CaseReleased':
      return { ...s, assignee: null };
    case 'CaseReassigned':
      return { ...s, assignee: event.data.toUserId };
    case 'ComplaintAccepted':
      return withClocks({ ...completeClock(s, 'accept', event.data.at, event.type), status: 'accepted' }, event.data.clocks);
    case 'ComplaintRefused': {
      const { reasonCode, explanation, otherRoutes, at } = event.data;
      const refusal = { reasonCode, otherRoutes, ...(explanation === undefined ? {} : { explanation }) };
      return close({ ...s, refusal }, 'refused', at, event.type);
    }
    case 'MediationStarted':
      return { ...s, status: 'mediating' };
    case 'DelegatedToCouncil':
      return { ...s, delegatedTo: event.data.council };
    case 'ClockPaused': {
      const from = shanghaiDate(event.data.at);
      const reason = event.data.reason;
      return updateClock(s, event.data.clock, (c) => ({ ...c, pauses: [...c.pauses, { from, reason }] }));
    }
    case 'ClockResumed': {
      const to = shanghaiDate(event.data.at);
      return updateClock(s, event.data.clock, (c) => ({ ...c, pauses: c.pauses.map((p) => (p.to === undefined ? { ...p, to } : p)) }));
    }
    case 'MediationSucceeded':
      return close({ ...s, recovered: event.data.recovered }, 'mediation-succeeded', event.data.at, event.type);
    case 'MediationTerminated': {
      // The termination is the event's data but its time: ground, explanation, referral, settlement.
      // The case closes; the termination-notice clock starts after the closure stopped the others.
      const { at, clocks, ...termination } = event.data;
      return withClocks(close({ ...s, termination }, 'mediation-terminated', at, event.type), clocks);
    }
    case 'LeadFound':
      return { ...s, leads: [...(s.leads ?? []), event.data.leadCaseId] };
    case 'TerminationNotified':
      return completeClock(s, 'terminationNotice', event.data.at, event.type);
    case 'JurisdictionDisputeRaised':
      return withClocks(s, event.data.clocks);
    case 'JurisdictionDisputeSettled':
      return completeClock(s, 'jurisdictionDispute', event.data.at, event.type);
    case 'ComplaintWithdrawn':
      return close(s, 'withdrawn', event.data.at, event.type);
    case 'CaseTransferred':
      return close(s, 'transferred', event.data.at, event.type);
    case 'VerificationStarted':
      return { ...s, status: 'verifying' };
    case 'VerificationExtended': {
      const { extension, approvedBy, at } = event.data;
      return updateClock(s, 'verification', (c) => ({ ...c, extension: { period: extension, approvedBy, on: shanghaiDate(at) } }));
    }
    case 'EnforcementCaseOpened':
      return close(s, 'case-opened', event.data.at, event.type);
    case 'EnforcementCaseDeclined': {
      const { reason, explanation, at } = event.data;
      return close({ ...s, decline: { reason, explanation } }, declineOutcome(reason), at, event.type);
    }
    case 'ReportMerged':
      return close({ ...s, mergedInto: event.data.intoCaseId }, 'merged', event.data.at, event.type);
    case 'MergedReportAbsorbed':
      return withClocks({ ...s, mergedReports: [...s.mergedReports, event.data.mergedCaseId] }, event.data.clocks);
    case 'OrderAcknowledged':
      return orderTo(completeClock(s, 'acknowledge12345', event.data.at, event.type), 'acknowledged');
    case 'OrderReturned': {
      const { at } = event.data;
      let next = completeClock(completeClock(s, 'acknowledge12345', at, event.type), 'reply12345', at, event.type);
      next = orderTo(next, 'closed');
      return close(next, 'order-returned', at, event.type);
    }
    case 'OrderReplied':
      // A request still undecided lapses with the reply.
      return orderTo(completeClock(s, 'reply12345', event.data.at, event.type), 'replied', { extensionRequest: null });
    case 'CallbackRecorded': {
      const { result, handlerAtFault, at } = event.data;
      const redo = result === 'dissatisfied' && handlerAtFault;
      const next = orderTo(s, redo ? 'callback-recorded' : 'closed', { callback: result });
      return next.kind === 'work-order' && !redo ? close(next, 'completed', at, event.type) : next;
    }
    case 'OrderExtensionRequested':
      return orderTo(s, s.order?.status ?? 'dispatched', { extensionRequest: { requestedDueOn: event.data.requestedDueOn, on: shanghaiDate(event.data.at) } });
    case 'OrderExtensionDecided': {
      const next = orderTo(s, s.order?.status ?? 'dispatched', { extensionRequest: null });
      const { newDueOn } = event.data;
      return newDueOn === undefined ? next : updateClock(next, 'reply12345', (c) => ({ ...c, fixedDueOn: newDueOn }));
    }
    case 'OrderReplyReviewed': {
      if (event.data.accepted) return s;
      const sentBack = (s.order?.sentBack ?? 0) + 1;
      return withClocks(orderTo(s, 'acknowledged', { sentBack }), event.data.clocks);
    }
    case 'OrderRedispatched': {
      // The case closed with the return: open again where a fresh receipt would stand.
      const status = s.kind === 'work-order' ? 'dispatched' : s.queue === null ? 'registered' : s.kind === 'complaint' ? 'pending-acceptance' : 'pending-verification';
      const redispatched = (s.order?.redispatched ?? 0) + 1;
      const reopened = orderTo({ ...s, status, outcome: null, closedAt: null }, 'dispatched', { redispatched, extensionRequest: null });
      return withClocks(reopened, event.data.clocks);
    }
    case 'OrderRedone': {
      const redoCount = (s.order?.redoCount ?? 0) + 1;
      return withClocks(orderTo(s, 'acknowledged', { redoCount }), event.data.clocks);
    }
    case 'DeadlineWarned':
      return updateClock(s, event.data.clock, (c) => ({ ...c, warned: true }));
    case 'DeadlineMissed':
      return updateClock(s, event.data.clock, (c) => ({ ...c, missed: true }));
  }
}

/** Applies one event; the version grows by one per event. */
export function evolve(state: CaseState, event: CaseEvent): CaseState {
  const next = apply(state, event);
  if (next.status === 'unregistered') return { ...next, version: state.version + 1 };
  return { ...next, lastStepAt: lastStepAt(next, event), version: state.version + 1 };
}

/** The latest time of the case's steps (its receipt, then each act's `at`; sla's observations do not count). */
function lastStepAt(state: RegisteredCase, event: CaseEvent): string {
  const before = state.lastStepAt ?? state.receivedAt;
  if (event.type === 'DeadlineWarned' || event.type === 'DeadlineMissed') return before;
  const at = (event.data as { at?: string }).at;
  return at !== undefined && Date.parse(at) > Date.parse(before) ? at : before;
}

/** Folds a stream of events from the initial state. */
export function evolveAll(initial: CaseState, events: readonly CaseEvent[]): CaseState {
  return events.reduce(evolve, initial);
}
