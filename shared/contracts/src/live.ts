/**
 * Live figures over Socket.IO (namespace `/live`, docs/decisions/0008-live-board.md): the typed
 * event maps, the subscription scope and its validation, the change notification the stats
 * service publishes on Redis, and the chart breakdown. Figures only: no event carries a case,
 * a name or any other personal data. No I/O here.
 */
import { ValidationError, type ErrorDetail } from '@cw/errors';
import {
  figuresOf, monthsBetween, parseStatsQuery, UNROUTED,
  type BucketDoc, type StatsQuery, type StatsResult,
} from './stats/index.js';

/** The Socket.IO namespace of the live figures. */
export const LIVE_NAMESPACE = '/live';

/**
 * What a client subscribes to. Empty: the whole city. `from`/`to` (`YYYY-MM-DD`, Shanghai) default
 * to the current year up to today, as `GET /api/v1/stats` does; the month is the granularity.
 */
export interface LiveScope {
  /** District code (`441521`), or `-` for unrouted cases. */
  district?: string;
  /** Category code of DOMAIN.md §6, or `-`. */
  category?: string;
  from?: string;
  to?: string;
}

/** One bar or point of a chart: a few figures of a subset of the scope's buckets. */
export interface BreakdownItem {
  /** Category code, district code or `YYYY-MM`. */
  key: string;
  received: number;
  accepted: number;
  /**
   * Of the complaints accepted here, those mediated successfully (whenever): the success rate's
   * cohort, so a month's bar never exceeds its acceptances (decision 0025).
   */
  mediationSucceeded: number;
  /** Yuan with two decimals, by the date of the successful mediation. */
  recoveredYuan: string;
  /** Mediation success rate ÷ accepted, display form (`96.9%`), null when nothing was accepted. */
  successRate: string | null;
}

/** The scope's figures split for the board's charts; each item sums the same buckets as the totals. */
export interface LiveBreakdown {
  byCategory: BreakdownItem[];
  byDistrict: BreakdownItem[];
  /** Every month of the period, in order (months without buckets are zeros). */
  byMonth: BreakdownItem[];
}

export interface LiveSnapshot {
  /** Sequence number of the state: the next `delta` has `seq + 1`. */
  seq: number;
  scope: LiveScope;
  /** Exactly what `GET /api/v1/stats` answers for the same scope. */
  figures: StatsResult;
  breakdown: LiveBreakdown;
  /** When the gateway computed the figures (ISO). */
  at: string;
}

/** The new state of the scope after a change (the whole figures, not a diff: they are small). */
export interface LiveDelta {
  seq: number;
  figures: StatsResult;
  breakdown: LiveBreakdown;
  at: string;
}

/** Answer to a refused `subscribe`: `errors` name the fields (`/district`, `/from`, …). */
export interface LiveProblem {
  code: string;
  detail: string;
  errors: ErrorDetail[];
}

export interface LiveClientToServerEvents {
  /** Subscribe to one scope (replacing any previous one); answered by `snapshot` or `problem`. */
  subscribe: (scope: LiveScope) => void;
  /** A gap in `seq` was seen: send a new snapshot of the current scope. */
  resync: () => void;
}

export interface LiveServerToClientEvents {
  snapshot: (snapshot: LiveSnapshot) => void;
  delta: (delta: LiveDelta) => void;
  problem: (problem: LiveProblem) => void;
}

export interface LiveInterServerEvents {}

export interface LiveSocketData {
  /** Key of the scope the socket subscribed to (its room). */
  scopeKey?: string;
  scope?: LiveScope;
}

// ─── Scope ───────────────────────────────────────────────────────────────────────────────────

const SCOPE_KEYS = ['district', 'category', 'from', 'to'] as const;

/**
 * Validates a scope a client sent; every bad field is reported at once (`/district`, `/from`, …,
 * or `/` when it is not an object), with the same rules as `GET /api/v1/stats`.
 */
export function parseLiveScope(raw: unknown): LiveScope {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ValidationError('Invalid live scope', [{ pointer: '/', rule: 'type', message: 'must be an object' }]);
  }
  const details: ErrorDetail[] = Object.keys(raw)
    .filter((k) => !(SCOPE_KEYS as readonly string[]).includes(k))
    .map((k) => ({ pointer: `/${k}`, rule: 'additionalProperties', message: `is not a scope field (${SCOPE_KEYS.join(', ')})` }));
  const r = raw as Record<string, unknown>;
  const picked = Object.fromEntries(SCOPE_KEYS.filter((k) => r[k] !== undefined).map((k) => [k, r[k]]));
  try {
    parseStatsQuery(picked);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    details.push(...error.details);
  }
  if (details.length > 0) throw new ValidationError('Invalid live scope', details);
  return picked as LiveScope;
}

/** The stats query of a valid scope, evaluated now (the default period moves with the date). */
export function liveQueryOf(scope: LiveScope): StatsQuery {
  const { from, to, district, category } = parseStatsQuery({ ...scope });
  return { from, to, ...(district === undefined ? {} : { district }), ...(category === undefined ? {} : { category }) };
}

/** A stable key (room name) of a scope. */
export function liveScopeKey(scope: LiveScope): string {
  return SCOPE_KEYS.map((k) => `${k}=${scope[k] ?? ''}`).join('&');
}

// ─── Change notification ─────────────────────────────────────────────────────────────────────

/** The Redis channel the stats service publishes changed buckets on. */
export const statsChangedChannel = (topicPrefix: string): string => `${topicPrefix}stats.changed`;

/** The dimensions of a bucket that changed (the channel is not a live scope dimension). */
export interface ChangedScope {
  month: string;
  district: string;
  category: string;
}

/** A message on {@link statsChangedChannel}. */
export interface StatsChangedMessage {
  scopes: ChangedScope[];
  /** When the stats service published it (ISO). */
  at: string;
}

/** Whether a change of one bucket can move the figures of a query. */
export function queryAffectedBy(q: StatsQuery, changed: ChangedScope): boolean {
  return changed.month >= q.from.slice(0, 7) && changed.month <= q.to.slice(0, 7)
    && (q.district === undefined || q.district === changed.district)
    && (q.category === undefined || q.category === changed.category);
}

// ─── Breakdown ───────────────────────────────────────────────────────────────────────────────

function itemsBy(rows: readonly BucketDoc[], keyOf: (r: BucketDoc) => string, keys?: readonly string[]): BreakdownItem[] {
  const groups = new Map<string, BucketDoc[]>((keys ?? []).map((k) => [k, []]));
  for (const r of rows) {
    const k = keyOf(r);
    const list = groups.get(k) ?? [];
    list.push(r);
    groups.set(k, list);
  }
  const ordered = keys ?? [...groups.keys()].sort((a, b) => (a === UNROUTED ? 1 : b === UNROUTED ? -1 : a < b ? -1 : a > b ? 1 : 0));
  return ordered.map((key) => {
    const f = figuresOf((groups.get(key) ?? []).map((r) => r.c));
    return {
      key,
      received: f.counts.received!.value,
      accepted: f.counts.accepted!.value,
      mediationSucceeded: f.rates.mediationSuccessRate!.numerator,
      recoveredYuan: f.moneyRecovered.yuan,
      successRate: f.rates.mediationSuccessRate!.display,
    };
  });
}

/** The chart series of the bucket documents of one query (the rows `statsResultOf` summed). */
export function breakdownOf(q: StatsQuery, rows: readonly BucketDoc[]): LiveBreakdown {
  return {
    byCategory: itemsBy(rows, (r) => r.category),
    byDistrict: itemsBy(rows, (r) => r.district),
    byMonth: itemsBy(rows, (r) => r.month, monthsBetween(q.from, q.to)),
  };
}

/** The live work queues of the consoles (gateway `live/queue-hub.ts`, decision 0011). */
export const QUEUES_NAMESPACE = '/queues';

/** Something changed about a case in a queue: the console refetches its (masked) lists. No personal data. */
export interface QueueChange {
  caseId: string;
  caseVersion: number | null;
  type: string;
  district: string | null;
  assignee: string | null;
  status: string | null;
}

export interface QueueServerToClientEvents {
  changed: (change: QueueChange) => void;
  /** A re-routed case: the district it left refetches too. */
  moved: (m: { caseId: string }) => void;
  /** The districts this socket now hears about. */
  watching: (w: { districts: string[] }) => void;
  problem: (p: { code: string; detail: string }) => void;
}

export interface QueueClientToServerEvents {
  /** Supervisors and admins choose the districts they watch (others get their own). */
  watch: (w: { districts: string[] }) => void;
}
