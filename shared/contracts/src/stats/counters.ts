/** The counters kept per bucket and the read model's collections and documents (written by `@cw/stats` only). */

/**
 * The counters kept per bucket (month × district × category × channel). The month each one is
 * counted by is documented with `COUNTERS` in services/stats/src/domain/counters.ts.
 */
export const STATS_COUNTER_NAMES = [
  'received',
  'receivedComplaints',
  'receivedReports',
  'receivedWorkOrders',
  'accepted',
  'acceptedSucceeded',
  'notAccepted',
  'withdrawn',
  'mediationSucceeded',
  'mediationTerminated',
  'mediationFailed',
  'mediationClosed',
  'recoveredFen',
  'settledFen',
  'closed',
  'complaintsClosed',
  'closedOfReceived',
  'acceptDue',
  'acceptOnTime',
  'acceptOpen',
  'verificationDue',
  'verificationOnTime',
  'verificationOpen',
  'noticeDue',
  'noticeOnTime',
  'noticeOpen',
  'disputeDue',
  'disputeOnTime',
  'disputeOpen',
  'orders12345',
  'ackDue',
  'ackOnTime',
  'ackOpen',
  'replyDue',
  'replyOnTime',
  'replyOpen',
  'ordersReturned',
  'ordersRedone',
  'ordersSentBack',
  'callbacks',
  'callbacksSatisfied',
] as const;

export type StatsCounterName = (typeof STATS_COUNTER_NAMES)[number];

/** Counter values; absent means 0. Money is integer fen (exact in a double up to 2^53 fen). */
export type StatsCounters = Partial<Record<StatsCounterName, number>>;

/** Dimension value (district, category) of a case not (yet) routed. */
export const UNROUTED = '-';


/**
 * Figures live in a *generation* of collections; the meta document names the active one, so a
 * rebuild fills a fresh generation and switches readers with one single-document write.
 * `{ _id: 'active', generation, previous?, switchedAt }`.
 */
export const STATS_META = 'stats_meta';

/** One document per bucket (month × district × category × channel) and `case.events` partition. */
export const bucketsOf = (generation: string): string => `stats_buckets_${generation}`;

/** One memo per case: facts, contribution, last change. */
export const casesOf = (generation: string): string => `stats_cases_${generation}`;

/** The generation a `stats_buckets_*` / `stats_cases_*` collection belongs to, or null. */
export function generationOfCollection(name: string): string | null {
  return /^stats_(?:buckets|cases)_(g[0-9a-z]+)$/.exec(name)?.[1] ?? null;
}

export interface StatsMetaDoc {
  _id: 'active';
  generation: string;
  previous?: string;
  switchedAt: Date;
}

/**
 * A bucket's share from one partition of `case.events` (`<bucket key>#p<partition>`). Only the
 * consumer that owns the partition writes it, one message at a time: FerretDB loses concurrent
 * updates of one document (docs/decisions/0007), so no document has two writers. Readers sum the
 * shards.
 */
export interface BucketDoc {
  _id: string;
  /** `YYYY-MM`, Asia/Shanghai. */
  month: string;
  district: string;
  category: string;
  channel: string;
  partition: number;
  /** Counter values (money in integer fen). */
  c: StatsCounters;
  /** Offset of the last `case.events` message applied: the exactly-once guard. */
  o: number;
}
