/**
 * The counters kept per bucket (month × district × category × channel) and the date each one is
 * counted by. Every figure of DOMAIN.md §7 is a counter or a ratio of two counters. The names,
 * the bucket document and the figure table are shared with the readers in `@cw/contracts` (stats.ts).
 */
import { STATS_COUNTER_NAMES, type StatsCounterName, type StatsCounters } from '@cw/contracts';

export { UNROUTED } from '@cw/contracts';

/** Counter name → the date that puts a case (or an act) into a month. */
export const COUNTERS = {
  received: 'receipt date (registration receivedAt)',
  receivedComplaints: 'receipt date',
  receivedReports: 'receipt date',
  receivedWorkOrders: 'receipt date (cases whose track is a 12345 work order)',
  accepted: 'acceptance date',
  acceptedSucceeded: 'acceptance date (cohort: accepted in the month and mediated successfully, whenever)',
  notAccepted: 'refusal date',
  withdrawn: 'withdrawal date (before acceptance: ComplaintWithdrawn; after: mediation terminated, item 1)',
  mediationSucceeded: 'closure date',
  mediationTerminated: 'closure date',
  mediationFailed: 'closure date (terminated, reasons 2–5: 调解不成)',
  mediationClosed: 'closure date (succeeded + terminated)',
  recoveredFen: 'closure date of the successful mediation',
  settledFen: 'termination date of a private settlement with its amount (item 1; not part of recoveredFen)',
  closed: 'closure date',
  complaintsClosed: 'closure date (complaints only, however they closed)',
  closedOfReceived: 'receipt date (cohort: received in the month and closed by now)',
  acceptDue: 'due date of the 7-WD accept clock (decided, or flagged missed)',
  acceptOnTime: 'due date of the accept clock',
  acceptOpen: 'due date of the accept clock (neither decided nor flagged yet; late once its month has ended)',
  verificationDue: 'due date of the 15-WD verification clock (plus approved extension, minus pauses; incl. clocks a merge restarted after a miss)',
  verificationOnTime: 'due date of the verification clock',
  verificationOpen: 'due date of the verification clock (neither decided nor flagged yet)',
  noticeDue: 'due date of the 7-WD termination-notice clock (from the termination decision)',
  noticeOnTime: 'due date of the termination-notice clock',
  noticeOpen: 'due date of the termination-notice clock (parties not told yet, not flagged)',
  disputeDue: 'due date of each 7-WD jurisdiction-dispute clock',
  disputeOnTime: 'due date of each jurisdiction-dispute clock',
  disputeOpen: 'due date of each jurisdiction-dispute clock (not settled yet, not flagged)',
  orders12345: 'receipt date (cases that came as a 12345 work order)',
  ackDue: 'due date of the 12345 acknowledge clock',
  ackOnTime: 'due date of the 12345 acknowledge clock',
  ackOpen: 'due date of the 12345 acknowledge clock (neither acknowledged nor flagged yet)',
  replyDue: 'due date of each 12345 reply cycle (a redo starts a new cycle)',
  replyOnTime: 'due date of each 12345 reply cycle',
  replyOpen: 'due date of each 12345 reply cycle (neither replied nor flagged yet)',
  ordersReturned: 'receipt date (cohort)',
  ordersRedone: 'receipt date (cohort: redone at least once)',
  ordersSentBack: 'receipt date (cohort: a reply sent back by the hotline at least once)',
  callbacks: 'callback date',
  callbacksSatisfied: 'callback date (satisfied or very satisfied)',
} as const satisfies Record<StatsCounterName, string>;

export type CounterName = StatsCounterName;
export const COUNTER_NAMES: readonly CounterName[] = STATS_COUNTER_NAMES;

/** Counter values; absent means 0. Money is integer fen (exact in a double up to 2^53 fen). */
export type Counters = StatsCounters;

/** The dimensions of a bucket. `district`/`category` are {@link UNROUTED} until the case is routed. */
export interface BucketDims {
  /** `YYYY-MM`, Asia/Shanghai. */
  month: string;
  district: string;
  category: string;
  channel: string;
}

/** The id of a bucket document: the dimensions joined with `|`. */
export function bucketKey(d: BucketDims): string {
  return `${d.month}|${d.district}|${d.category}|${d.channel}`;
}

export function dimsOfKey(key: string): BucketDims {
  const [month, district, category, channel] = key.split('|');
  if (month === undefined || district === undefined || category === undefined || channel === undefined) {
    throw new RangeError(`not a bucket key: ${key}`);
  }
  return { month, district, category, channel };
}

/** What one case contributes: bucket key → counters. */
export type Contribution = Record<string, Counters>;

/** One bucket's change: the counters to `$inc` (non-zero only). */
export interface BucketDelta {
  key: string;
  inc: Counters;
}

/** `next − prev`, bucket by bucket, zero entries dropped, keys in a stable order. */
export function diffContributions(prev: Contribution, next: Contribution): BucketDelta[] {
  const keys = [...new Set([...Object.keys(prev), ...Object.keys(next)])].sort();
  const out: BucketDelta[] = [];
  for (const key of keys) {
    const a = prev[key] ?? {};
    const b = next[key] ?? {};
    const inc: Counters = {};
    for (const name of COUNTER_NAMES) {
      const d = (b[name] ?? 0) - (a[name] ?? 0);
      if (d !== 0) inc[name] = d;
    }
    if (Object.keys(inc).length > 0) out.push({ key, inc });
  }
  return out;
}

/** Adds `inc` into `into` (mutates), dropping counters that become 0. */
export function addCounters(into: Counters, inc: Counters): Counters {
  for (const name of COUNTER_NAMES) {
    const d = inc[name];
    if (d === undefined || d === 0) continue;
    const v = (into[name] ?? 0) + d;
    if (v === 0) delete into[name];
    else into[name] = v;
  }
  return into;
}
