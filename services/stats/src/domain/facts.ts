/**
 * The few facts of a case the figures need, folded from its events. Pure. The workflow service
 * owns the full state; this is a read-side projection that only remembers what a metric counts.
 * Dates are Shanghai `YYYY-MM-DD`; money is integer fen as a decimal string (JSON has no bigint).
 */
import { type CaseEvent, type ClockName, type ClockPeriod, type ClockStart, type EventType, type MediationTerminatedReason, type CallbackResult } from '@cw/contracts';
import { toShanghaiDate } from '@cw/calendar';

export type LocalDate = string;

export interface ClockFacts {
  startedOn: LocalDate;
  period: ClockPeriod;
  fixedDueOn?: LocalDate;
  /** Days `from <= d < to` do not count. */
  pauses: { from: LocalDate; to?: LocalDate }[];
  extension?: ClockPeriod;
  completedOn?: LocalDate;
  completedBy?: EventType;
  /** Date of the first DeadlineMissed for this clock (the SLA service saw it pass unanswered). */
  missedOn?: LocalDate;
}

export interface CaseFacts {
  kind: 'complaint' | 'report' | 'work-order';
  channel: string;
  receivedOn: LocalDate;
  /** Came as a 12345 work order (whatever its track). */
  order12345: boolean;
  district: string | null;
  category: string | null;
  acceptedOn?: LocalDate;
  refusedOn?: LocalDate;
  withdrawnOn?: LocalDate;
  mediation?: { on: LocalDate; outcome: 'succeeded' | 'terminated'; reasonCode?: MediationTerminatedReason; recoveredFen?: string; settledFen?: string };
  closedOn?: LocalDate;
  returnedOn?: LocalDate;
  redone: number;
  /** Replies the hotline sent back (absent on memos written before it was kept). */
  sentBack?: number;
  callbacks: { on: LocalDate; result: CallbackResult }[];
  accept?: ClockFacts;
  verification?: ClockFacts;
  /**
   * Verification clocks a merged report restarted (the clock runs again from the latest report):
   * each keeps its record of a miss. Absent on memos written before it was kept.
   */
  replacedVerifications?: (ClockFacts & { replacedOn: LocalDate })[];
  /** The parties are told of a termination (the clock runs on after the case closes). */
  terminationNotice?: ClockFacts;
  /** Jurisdiction disputes, each settled within 7 WD; a new one after a settlement starts another. */
  disputes?: ClockFacts[];
  acknowledge?: ClockFacts;
  /** Reply cycles of the 12345 order; a redo starts a new one. */
  replies: ClockFacts[];
}

/** An event as the stats service reads it from `case.events`. */
export type StatsEvent = CaseEvent & { occurredAt: string };


const day = (instant: string): LocalDate => toShanghaiDate(instant);

function startClock(s: ClockStart): ClockFacts {
  return { startedOn: s.startedOn, period: s.period, ...(s.fixedDueOn === undefined ? {} : { fixedDueOn: s.fixedDueOn }), pauses: [] };
}

function complete(c: ClockFacts | undefined, on: LocalDate, by: EventType): ClockFacts | undefined {
  if (c === undefined || c.completedOn !== undefined) return c;
  return { ...c, completedOn: on, completedBy: by, pauses: c.pauses.map((p) => (p.to === undefined ? { ...p, to: on } : p)) };
}

type ClockSlot = 'accept' | 'verification' | 'terminationNotice' | 'acknowledge';
const SLOT: Partial<Record<ClockName, ClockSlot>> = {
  accept: 'accept', verification: 'verification', terminationNotice: 'terminationNotice', acknowledge12345: 'acknowledge',
};
/** Clocks that can run more than once on a case: each run is kept, the last is the current one. */
type CycleSlot = 'replies' | 'disputes';
const CYCLE: Partial<Record<ClockName, CycleSlot>> = { reply12345: 'replies', jurisdictionDispute: 'disputes' };

/** Applies `change` to the named clock (the current cycle for `reply12345` and `jurisdictionDispute`). */
function onClock(f: CaseFacts, name: ClockName, change: (c: ClockFacts) => ClockFacts): CaseFacts {
  const cycle = CYCLE[name];
  if (cycle !== undefined) {
    const runs = f[cycle] ?? [];
    const last = runs[runs.length - 1];
    return last === undefined ? f : { ...f, [cycle]: [...runs.slice(0, -1), change(last)] };
  }
  const slot = SLOT[name];
  if (slot === undefined) return f;
  const c = f[slot];
  return c === undefined ? f : { ...f, [slot]: change(c) };
}

function withClocks(f: CaseFacts, starts: readonly ClockStart[]): CaseFacts {
  let next = f;
  for (const s of starts) {
    const cycle = CYCLE[s.name];
    if (cycle !== undefined) next = { ...next, [cycle]: [...(next[cycle] ?? []), startClock(s)] };
    else {
      const slot = SLOT[s.name];
      if (slot !== undefined) next = { ...next, [slot]: startClock(s) };
    }
  }
  return next;
}

/** The case closes here: its statutory clocks stop (12345 clocks stop only with their own events). */
function close(f: CaseFacts, on: LocalDate, by: EventType): CaseFacts {
  return {
    ...f,
    closedOn: f.closedOn ?? on,
    accept: complete(f.accept, on, by),
    verification: complete(f.verification, on, by),
    ...(f.disputes === undefined ? {} : { disputes: f.disputes.map((c) => complete(c, on, by)!) }),
  };
}

/**
 * `evolve` for the read side. `undefined` before CaseRegistered; an event before registration is
 * ignored (it cannot be attributed to any bucket).
 */
export function foldFacts(f: CaseFacts | undefined, e: StatsEvent): CaseFacts | undefined {
  if (e.type === 'CaseRegistered') {
    if (f !== undefined) return f;
    const r = e.data;
    return withClocks({
      kind: r.kind,
      channel: r.channel,
      receivedOn: day(r.receivedAt),
      order12345: r.workOrder !== undefined,
      district: null,
      category: r.category ?? null,
      redone: 0,
      callbacks: [],
      replies: [],
    }, r.clocks);
  }
  if (f === undefined) return undefined;
  switch (e.type) {
    case 'CaseRouted':
      return { ...f, district: e.data.district, category: e.data.category };
    case 'ComplaintAccepted':
      return withClocks({ ...f, acceptedOn: day(e.data.at), accept: complete(f.accept, day(e.data.at), e.type) }, e.data.clocks);
    case 'ComplaintRefused':
      return close({ ...f, refusedOn: day(e.data.at) }, day(e.data.at), e.type);
    case 'ComplaintWithdrawn':
      return close({ ...f, withdrawnOn: day(e.data.at) }, day(e.data.at), e.type);
    case 'MediationSucceeded': {
      const on = day(e.data.at);
      return close({ ...f, mediation: { on, outcome: 'succeeded', recoveredFen: e.data.recovered.totalFen } }, on, e.type);
    }
    case 'MediationTerminated': {
      const on = day(e.data.at);
      const withdrawn = e.data.reasonCode === 'withdrawn-or-settled' ? { withdrawnOn: on } : {};
      const settled = e.data.settled === undefined ? {} : { settledFen: e.data.settled.amountFen };
      const closed = close({ ...f, ...withdrawn, mediation: { on, outcome: 'terminated', reasonCode: e.data.reasonCode, ...settled } }, on, e.type);
      return withClocks(closed, e.data.clocks);
    }
    case 'TerminationNotified':
      return onClock(f, 'terminationNotice', (c) => complete(c, day(e.data.at), e.type)!);
    case 'JurisdictionDisputeRaised':
      return withClocks(f, e.data.clocks);
    case 'JurisdictionDisputeSettled':
      return onClock(f, 'jurisdictionDispute', (c) => complete(c, day(e.data.at), e.type)!);
    case 'CaseTransferred':
    case 'EnforcementCaseOpened':
    case 'EnforcementCaseDeclined':
    case 'ReportMerged':
      return close(f, day(e.data.at), e.type);
    case 'ClockPaused':
      return onClock(f, e.data.clock, (c) => (c.completedOn !== undefined ? c : { ...c, pauses: [...c.pauses, { from: day(e.data.at) }] }));
    case 'ClockResumed':
      return onClock(f, e.data.clock, (c) => ({ ...c, pauses: c.pauses.map((p) => (p.to === undefined ? { ...p, to: day(e.data.at) } : p)) }));
    case 'VerificationExtended':
      return onClock(f, 'verification', (c) => ({ ...c, extension: e.data.extension }));
    case 'MergedReportAbsorbed': {
      const old = f.verification;
      const restarts = e.data.clocks.some((c) => c.name === 'verification');
      const kept = restarts && old !== undefined && old.completedOn === undefined
        ? { replacedVerifications: [...(f.replacedVerifications ?? []), { ...old, replacedOn: day(e.data.at) }] } : {};
      return withClocks({ ...f, ...kept }, e.data.clocks);
    }
    case 'OrderAcknowledged':
      return { ...f, acknowledge: complete(f.acknowledge, day(e.data.at), e.type) };
    case 'OrderReturned': {
      const on = day(e.data.at);
      const last = f.replies[f.replies.length - 1];
      const replies = last === undefined ? f.replies : [...f.replies.slice(0, -1), complete(last, on, e.type)!];
      return close({ ...f, returnedOn: on, acknowledge: complete(f.acknowledge, on, e.type), replies }, on, e.type);
    }
    case 'OrderReplied':
      return onClock(f, 'reply12345', (c) => complete(c, day(e.data.at), e.type)!);
    case 'CallbackRecorded': {
      const on = day(e.data.at);
      const next = { ...f, callbacks: [...f.callbacks, { on, result: e.data.result }] };
      const redo = e.data.result === 'dissatisfied' && e.data.handlerAtFault;
      return f.kind === 'work-order' && !redo ? close(next, on, e.type) : next;
    }
    case 'OrderRedone':
      return withClocks({ ...f, redone: f.redone + 1 }, e.data.clocks);
    case 'OrderExtensionDecided': {
      const { newDueOn } = e.data;
      return newDueOn === undefined ? f : onClock(f, 'reply12345', (c) => (c.completedOn !== undefined ? c : { ...c, fixedDueOn: newDueOn }));
    }
    case 'OrderReplyReviewed':
      return e.data.accepted ? f : withClocks({ ...f, sentBack: (f.sentBack ?? 0) + 1 }, e.data.clocks);
    case 'OrderRedispatched': {
      // Open again (the return still counts as a return); the dispatch's clocks start afresh.
      const { closedOn: _closed, ...open } = f;
      return withClocks(open, e.data.clocks);
    }
    case 'DeadlineMissed':
      return onClock(f, e.data.clock, (c) => (c.missedOn !== undefined || c.completedOn !== undefined ? c : { ...c, missedOn: day(e.data.at) }));
    default:
      return f;
  }
}
