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

/** Acts that answer each clock; any other way of stopping it on time takes the case out of the rate. */
const ANSWERS = {
  accept: new Set<EventType>(['ComplaintAccepted', 'ComplaintRefused']),
  verification: new Set<EventType>(['EnforcementCaseOpened', 'EnforcementCaseDeclined', 'CaseTransferred']),
  acknowledge: new Set<EventType>(['OrderAcknowledged', 'OrderReturned']),
  reply: new Set<EventType>(['OrderReplied', 'OrderReturned']),
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
 * The verdict of one clock, or undefined while it is not yet due (or was taken out of the rate by
 * a closure on time that is no answer, e.g. a withdrawal before the accept decision).
 */
export function clockVerdict(c: ClockFacts | undefined, answers: ReadonlySet<EventType>, compute: ComputeDue): { due: LocalDate; onTime: boolean } | undefined {
  if (c === undefined) return undefined;
  if (c.completedOn === undefined && c.missedOn === undefined) return undefined;
  const due = dueOf(c, compute);
  const answered = c.completedBy !== undefined && answers.has(c.completedBy);
  if (c.completedOn !== undefined && c.completedOn <= due) {
    return answered ? { due, onTime: true } : undefined;
  }
  return { due, onTime: false };
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
  if (f.acceptedOn !== undefined) add(f.acceptedOn, 'accepted');
  if (f.refusedOn !== undefined) add(f.refusedOn, 'notAccepted');
  if (f.withdrawnOn !== undefined) add(f.withdrawnOn, 'withdrawn');
  if (f.mediation !== undefined) {
    const m = f.mediation;
    add(m.on, 'mediationClosed');
    if (m.outcome === 'succeeded') {
      add(m.on, 'mediationSucceeded');
      const fen = BigInt(m.recoveredFen ?? '0');
      if (fen > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`recovered amount too large to count exactly: ${fen} fen`);
      add(m.on, 'recoveredFen', Number(fen));
    } else {
      add(m.on, 'mediationTerminated');
      if (m.reasonCode !== undefined && FAILED.has(m.reasonCode)) add(m.on, 'mediationFailed');
    }
  }

  const verdict = (c: ClockFacts | undefined, answers: ReadonlySet<EventType>, due: CounterName, onTime: CounterName) => {
    const v = clockVerdict(c, answers, compute);
    if (v === undefined) return;
    add(v.due, due);
    if (v.onTime) add(v.due, onTime);
  };
  verdict(f.accept, ANSWERS.accept, 'acceptDue', 'acceptOnTime');
  verdict(f.verification, ANSWERS.verification, 'verificationDue', 'verificationOnTime');

  if (f.order12345) {
    add(f.receivedOn, 'orders12345');
    if (f.returnedOn !== undefined) add(f.receivedOn, 'ordersReturned');
    if (f.redone > 0) add(f.receivedOn, 'ordersRedone');
    verdict(f.acknowledge, ANSWERS.acknowledge, 'ackDue', 'ackOnTime');
    for (const r of f.replies) verdict(r, ANSWERS.reply, 'replyDue', 'replyOnTime');
  }
  for (const cb of f.callbacks) {
    add(cb.on, 'callbacks');
    if (cb.result === 'satisfied' || cb.result === 'very-satisfied') add(cb.on, 'callbacksSatisfied');
  }
  return out;
}
