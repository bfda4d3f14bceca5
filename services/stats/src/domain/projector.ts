/**
 * Applies one case event to the statistics, exactly once, with single-document writes only
 * (docs/decisions/0006-statistics.md):
 *
 * 1. The case memo (one document per case) holds the facts, the contribution the case has made
 *    to the buckets, the case version they reflect, and the deltas of the last change together
 *    with the Kafka position (partition, offset) of the event that caused them.
 * 2. A new event computes `contribution(new facts) − stored contribution`, writes the memo
 *    (conditional on the version it read), then `$inc`s each bucket with a guard. Buckets are
 *    sharded by partition (only the partition's consumer writes a shard, in offset order); a
 *    shard keeps the last offset applied and takes a delta only from a newer offset.
 * 3. A redelivered or duplicate event (version ≤ memo version) re-applies the memo's last deltas
 *    with their own position: buckets that already have them refuse, the rest catch up. So a
 *    crash between the memo write and any bucket write is repaired by the redelivery.
 *
 * Written against {@link StatsStore} so the unit tests run it on an in-memory store with crashes.
 */
import type { BucketDelta, Contribution, Counters } from './counters.js';
import { diffContributions } from './counters.js';
import { contributionOf, type ComputeDue } from './contributions.js';
import { foldFacts, type CaseFacts, type StatsEvent } from './facts.js';

/** Where an event sits in `case.events`; a bucket's guard per partition. */
export interface Position {
  partition: number;
  offset: number;
}

export interface CaseMemo {
  _id: string;
  /** Version of the last event that changed the facts. */
  v: number;
  facts: CaseFacts | null;
  /** The case's contribution as applied to the buckets (not recomputed: the calendar may change). */
  contrib: { k: string; c: Counters }[];
  last?: Position & { v: number; deltas: BucketDelta[] };
}

export interface StatsStore {
  loadMemo(caseId: string): Promise<CaseMemo | null>;
  /** Writes the memo if its stored version is still `prevV` (null: it must not exist); else throws a retriable error. */
  saveMemo(memo: CaseMemo, prevV: number | null): Promise<void>;
  /** `$inc` the bucket's shard of `at.partition` unless it already holds `at.offset` or a later one; true when applied. */
  applyDelta(delta: BucketDelta, at: Position): Promise<boolean>;
}

export type CaseEventEnvelope = StatsEvent & { caseId: string; caseVersion: number };

const normalize = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

export function toContribution(rows: CaseMemo['contrib']): Contribution {
  return Object.fromEntries(rows.map((r) => [r.k, r.c]));
}

export function createProjector(deps: { store: StatsStore; computeDue: ComputeDue }) {
  const { store, computeDue } = deps;

  /** Applies one event; returns the bucket deltas it caused (empty for duplicates and no-ops). */
  async function apply(event: CaseEventEnvelope, at: Position): Promise<BucketDelta[]> {
    const memo = await store.loadMemo(event.caseId);
    if (memo !== null && event.caseVersion <= memo.v) {
      // Seen before: finish the last change in case a crash cut it short (idempotent per bucket).
      if (memo.last !== undefined) {
        for (const d of memo.last.deltas) await store.applyDelta(d, memo.last);
      }
      return [];
    }
    const before = memo?.facts ?? undefined;
    const after = foldFacts(before, event);
    if (after === undefined) return [];
    const facts = normalize(after);
    if (before !== undefined && JSON.stringify(facts) === JSON.stringify(before)) return [];

    const contribution = contributionOf(facts, computeDue);
    const deltas = diffContributions(toContribution(memo?.contrib ?? []), contribution);
    const next: CaseMemo = {
      _id: event.caseId,
      v: event.caseVersion,
      facts,
      contrib: Object.entries(contribution).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, c]) => ({ k, c })),
      last: { v: event.caseVersion, partition: at.partition, offset: at.offset, deltas },
    };
    await store.saveMemo(next, memo?.v ?? null);
    for (const d of deltas) await store.applyDelta(d, at);
    return deltas;
  }

  return { apply };
}
export type Projector = ReturnType<typeof createProjector>;
