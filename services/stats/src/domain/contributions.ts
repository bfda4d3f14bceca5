/**
 * What one case contributes to the buckets, given its facts. Pure. A case is always attributed
 * to its *current* district, category and channel: a later routing moves all its contributions
 * (the projector applies `contribution(new) − contribution(stored)`). The month of each counter
 * is the date named in `COUNTERS`.
 */
import type { ClockPeriod, EventType } from '@cw/contracts';
import { MEDIATION_TERMINATED_REASONS, extendedPeriod } from '@cw/contracts';
import { bucketKey, UNROUTED, type Contribution, type CounterName } from './counters.js';
import type { CaseFacts, ClockFacts, LocalDate } from './facts.js';

/** `computeDeadline` of @cw/calendar, or any function with its meaning. */
export type ComputeDue = (start: LocalDate, period: ClockPeriod, pauses: readonly { from: LocalDate; to?: LocalDate }[]) => { due: LocalDate };

const FAILED = new Set(MEDIATION_TERMINATED_REASONS.filter((r) => r.mediationFailed).map((r) => r.code));

/**
 * Acts that answer each clock; any other way of stopping it on time takes the case out of the
 * rate. A returned 12345 order (退单) is neither acknowledged nor replied to: it counts in the
 * return rate, and in the on-time rates only when it came after the due date (late).
 */
const ANSWERS = {
  accept: new Set<EventType>(['ComplaintAccepted', 'ComplaintRefused']),
  verification: new Set<EventType>(['EnforcementCaseOpened', 'EnforcementCaseDeclined', 'CaseTransferred']),
  notice: new Set<EventType>(['TerminationNotified']),
  dispute: new Set<EventType>(['JurisdictionDisputeSettled']),
  acknowledge: new Set<EventType>(['OrderAcknowledged']),
  reply: new Set<EventType>(['OrderReplied']),
};

export function dueOf(c: ClockFacts, compute: ComputeDue): LocalDate {
  if (c.fixedDueOn !== undefined) return c.fixedDueOn;
  const period = extendedPeriod(c.period, c.extension);
  const end = c.completedOn ?? c.missedOn;
  // A pause still open when the clock is judged ends that day.
  const pauses = c.pauses.map((p) => (p.to === undefined && end !== undefined ? { from: p.from, to: end > p.from ? end : p.from } : p));
  return compute(c.startedOn, period, pauses).due;
}

/**
 * Where one clock stands, by its due date: `onTime` / `late` once answered or flagged missed,
 * `open` while neither (it falls due in its month all the same: the reader counts it late once
 * that month has ended, see `settleOpenItems`), undefined when it leaves the rate (stopped on time
 * by something that is no answer, e.g. a withdrawal before the accept decision) or while an open
 * pause leaves its due date unknown.
 */
export function clockVerdict(c: ClockFacts | undefined, answers: ReadonlySet<EventType>, compute: ComputeDue): { due: LocalDate; state: 'onTime' | 'late' | 'open' } | undefined {
  if (c === undefined) return undefined;
  const settled = c.completedOn !== undefined || c.missedOn !== undefined;
  if (!settled && c.pauses.some((p) => p.to === undefined)) return undefined;
  const due = dueOf(c, compute);
  if (!settled) return { due, state: 'open' };
  const answered = c.completedBy !== undefined && answers.has(c.completedBy);
  if (c.completedOn !== undefined && c.completedOn <= due) {
    return answered ? { due, state: 'onTime' } : undefined;
  }
  return { due, state: 'late' };
}

/** A verification clock a merged report replaced: late if it was flagged, or already past due, when it was replaced. */
function replacedVerdict(c: ClockFacts & { replacedOn: LocalDate }, compute: ComputeDue): { due: LocalDate; state: 'late' } | undefined {
  const due = dueOf(c, compute);
  return c.missedOn !== undefined || due < c.replacedOn ? { due, state: 'late' } : undefined;
}

/** Integer fen as a counter value (exact in a double up to 2^53). */
function exactFen(digits: string): number {
  const fen = BigInt(digits);
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`amount too large to count exactly: ${fen} fen`);
  return Number(fen);
}

/** The counters one case contributes, by bucket. */
export function contributionOf(f: CaseFacts | undefined, compute: ComputeDue): Contribution {
  const out: Contribution = {};
  if (f === undefined) return out;
  const district = f.district ?? UNROUTED;
  const category = f.category ?? UNROUTED;
  const add = (on: LocalDate, name: CounterName, n = 1) => {
    if (n === 0) return;
    const key = bucketKey({ month: on.slice(0, 7), district, category, channel: f.channel });
    const b = (out[key] ??= {});
    b[name] = (b[name] ?? 0) + n;
  };

  add(f.receivedOn, 'received');
  add(f.receivedOn, f.kind === 'complaint' ? 'receivedComplaints' : f.kind === 'report' ? 'receivedReports' : 'receivedWorkOrders');
  if (f.closedOn !== undefined) {
    add(f.closedOn, 'closed');
    add(f.receivedOn, 'closedOfReceived');
  }
  if (f.kind === 'complaint' && f.closedOn !== undefined) add(f.closedOn, 'complaintsClosed');
  if (f.acceptedOn !== undefined) add(f.acceptedOn, 'accepted');
  // The acceptance cohort: complaints accepted in a month and mediated successfully, whenever.
  if (f.acceptedOn !== undefined && f.mediation?.outcome === 'succeeded') add(f.acceptedOn, 'acceptedSucceeded');
  if (f.refusedOn !== undefined) add(f.refusedOn, 'notAccepted');
  if (f.withdrawnOn !== undefined) add(f.withdrawnOn, 'withdrawn');
  if (f.mediation !== undefined) {
    const m = f.mediation;
    add(m.on, 'mediationClosed');
    if (m.outcome === 'succeeded') {
      add(m.on, 'mediationSucceeded');
      add(m.on, 'recoveredFen', exactFen(m.recoveredFen ?? '0'));
    } else {
      add(m.on, 'mediationTerminated');
      if (m.settledFen !== undefined) add(m.on, 'settledFen', exactFen(m.settledFen));
      if (m.reasonCode !== undefined && FAILED.has(m.reasonCode)) add(m.on, 'mediationFailed');
    }
  }

  const count = (v: ReturnType<typeof clockVerdict>, [due, onTime, open]: readonly [CounterName, CounterName, CounterName]) => {
    if (v === undefined) return;
    if (v.state === 'open') return add(v.due, open);
    add(v.due, due);
    if (v.state === 'onTime') add(v.due, onTime);
  };
  const verdict = (c: ClockFacts | undefined, answers: ReadonlySet<EventType>, names: readonly [CounterName, CounterName, CounterName]) =>
    count(clockVerdict(c, answers, compute), names);
  verdict(f.accept, ANSWERS.accept, ['acceptDue', 'acceptOnTime', 'acceptOpen']);
  verdict(f.verification, ANSWERS.verification, ['verificationDue', 'verificationOnTime', 'verificationOpen']);
  for (const r of f.replacedVerifications ?? []) count(replacedVerdict(r, compute), ['verificationDue', 'verificationOnTime', 'verificationOpen']);
  verdict(f.terminationNotice, ANSWERS.notice, ['noticeDue', 'noticeOnTime', 'noticeOpen']);
  for (const d of f.disputes ?? []) verdict(d, ANSWERS.dispute, ['disputeDue', 'disputeOnTime', 'disputeOpen']);

  if (f.order12345) {
    add(f.receivedOn, 'orders12345');
    if (f.returnedOn !== undefined) add(f.receivedOn, 'ordersReturned');
    if (f.redone > 0) add(f.receivedOn, 'ordersRedone');
    if ((f.sentBack ?? 0) > 0) add(f.receivedOn, 'ordersSentBack');
    verdict(f.acknowledge, ANSWERS.acknowledge, ['ackDue', 'ackOnTime', 'ackOpen']);
    for (const r of f.replies) verdict(r, ANSWERS.reply, ['replyDue', 'replyOnTime', 'replyOpen']);
  }
  for (const cb of f.callbacks) {
    add(cb.on, 'callbacks');
    if (cb.result === 'satisfied' || cb.result === 'very-satisfied') add(cb.on, 'callbacksSatisfied');
  }
  return out;
}
