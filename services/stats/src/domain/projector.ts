/**
 * Applies case events to the statistics a batch at a time, exactly once, with bulk writes and no
 * transactions (docs/decisions/0006-statistics.md, 0015-batched-statistics.md):
 *
 * 1. The case memo (one document per case) holds the facts, the contribution the case has made
 *    to the buckets, the case version they reflect and the `case.events` partition of the case.
 * 2. Buckets are sharded by partition: only the partition's consumer writes a shard, and it keeps
 *    the shards of the partitions it owns in memory, as absolute counters. So the invariant
 *    "a partition's shards = the sum of the contributions of its memos" holds after every flush.
 * 3. A batch is decided in memory (an event whose version is ≤ the memo's changes nothing), then
 *    flushed: mark the partition *flushing*, write the changed memos, write the changed shards
 *    (absolute values), clear the mark. Then the consumer commits the batch's offsets.
 * 4. A crash anywhere in the flush leaves the mark set. Whoever next takes the partition finds it
 *    and recomputes the partition's shards from its memos (the invariant), then the redelivered
 *    events apply exactly the changes the memos do not hold yet.
 *
 * Written against {@link StatsStore} so the unit tests run it on an in-memory store with crashes.
 */
import { LRUCache } from 'lru-cache';
import { addCounters, diffContributions, type Contribution, type Counters } from './counters.js';
import { contributionOf, type ComputeDue } from './contributions.js';
import { foldFacts, type CaseFacts, type StatsEvent } from './facts.js';

export interface CaseMemo {
  _id: string;
  /** The `case.events` partition the case's events are on (its shards' partition). */
  p: number;
  /** Version of the last event that changed the facts. */
  v: number;
  facts: CaseFacts | null;
  /** The case's contribution as applied to the buckets (not recomputed: the calendar may change). */
  contrib: { k: string; c: Counters }[];
}

/** Bucket key → counters of one partition's shards. */
export type Shards = Map<string, Counters>;

export interface StatsStore {
  /** The stored memos of these cases (absent ones left out). */
  loadMemos(caseIds: string[]): Promise<CaseMemo[]>;
  /** Every memo of a partition (recovery after an interrupted flush). */
  memosOf(partition: number): Promise<CaseMemo[]>;
  /** The stored shards of a partition. */
  loadShards(partition: number): Promise<Shards>;
  /** True when a flush of the partition was begun and not finished. */
  isFlushing(partition: number): Promise<boolean>;
  markFlushing(partition: number, flushing: boolean): Promise<void>;
  /** Writes memos: `created` did not exist, `changed` did. */
  writeMemos(created: CaseMemo[], changed: CaseMemo[]): Promise<void>;
  /**
   * Writes shards with their absolute counters; `offset` is the last event the flush covers. Keys
   * in `created` are believed absent from the store (inserted, the fast way); the rest replace.
   */
  writeShards(partition: number, shards: Shards, offset: number, created?: ReadonlySet<string>): Promise<void>;
}

export type CaseEventEnvelope = StatsEvent & { caseId: string; caseVersion: number };

const normalize = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

export function toContribution(rows: CaseMemo['contrib']): Contribution {
  return Object.fromEntries(rows.map((r) => [r.k, r.c]));
}

/** The shards a partition's memos add up to (keys of `existing` that no memo feeds become empty). */
export function shardsOfMemos(memos: Iterable<CaseMemo>, existing: Iterable<string> = []): Shards {
  const sums: Shards = new Map([...existing].map((k) => [k, {}]));
  for (const memo of memos) {
    for (const { k, c } of memo.contrib) {
      const s = sums.get(k) ?? {};
      addCounters(s, c);
      sums.set(k, s);
    }
  }
  return sums;
}

export function createProjector(deps: { store: StatsStore; computeDue: ComputeDue; cacheSize?: number }) {
  const { store, computeDue } = deps;
  /** Shards of the partitions this process has loaded (as stored). */
  const partitions = new Map<number, Shards>();
  /** caseId → its memo as stored (`memo: null`: known absent). */
  const memos = new LRUCache<string, { memo: CaseMemo | null }>({ max: deps.cacheSize ?? 50_000 });
  /** Cases assumed new when a batch failed: they are read, however the retry's batch is cut. */
  const mustRead = new LRUCache<string, true>({ max: 100_000 });

  async function shardsOf(partition: number): Promise<Shards> {
    const known = partitions.get(partition);
    if (known) return known;
    if (await store.isFlushing(partition)) {
      // A flush was cut short: the shards may hold more or less than the memos. Trust the memos.
      const shards = shardsOfMemos(await store.memosOf(partition), (await store.loadShards(partition)).keys());
      await store.writeShards(partition, shards, -1);
      await store.markFlushing(partition, false);
    }
    const shards = await store.loadShards(partition);
    partitions.set(partition, shards);
    return shards;
  }

  /**
   * Applies one partition's events (in offset order); returns the bucket keys whose counters
   * changed. A throw leaves the caches as the store may be and must be followed by a redelivery.
   */
  async function applyBatch(partition: number, events: CaseEventEnvelope[], lastOffset: number): Promise<string[]> {
    const ids = [...new Set(events.map((e) => e.caseId))];
    let fresh = new Set<string>();
    try {
      const shards = await shardsOf(partition);
      // A case whose registration (version 1) is in the batch has no memo yet: no read. If it has
      // one after all (a redelivery), its insert fails and the retry reads every case.
      fresh = new Set(events.filter((e) => e.caseVersion === 1 && !mustRead.has(e.caseId)).map((e) => e.caseId));
      const missing = ids.filter((id) => memos.get(id) === undefined && !fresh.has(id));
      const loaded = new Map((await store.loadMemos(missing)).map((m) => [m._id, m]));
      const stored = new Map(ids.map((id) => [id, loaded.get(id) ?? memos.get(id)?.memo ?? null]));

      const working = new Map(stored);
      const dirty: Shards = new Map();
      for (const event of events) {
        const memo = working.get(event.caseId) ?? null;
        if (memo !== null && event.caseVersion <= memo.v) continue; // seen before (a redelivery or a relayed duplicate)
        const before = memo?.facts ?? undefined;
        const after = foldFacts(before, event);
        if (after === undefined) continue;
        const facts = normalize(after);
        if (before !== undefined && JSON.stringify(facts) === JSON.stringify(before)) continue;
        const contribution = contributionOf(facts, computeDue);
        for (const d of diffContributions(toContribution(memo?.contrib ?? []), contribution)) {
          const c = dirty.get(d.key) ?? { ...shards.get(d.key) };
          addCounters(c, d.inc);
          dirty.set(d.key, c);
        }
        working.set(event.caseId, {
          _id: event.caseId, p: partition, v: event.caseVersion, facts,
          contrib: Object.entries(contribution).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, c]) => ({ k, c })),
        });
      }
      const touched = ids.filter((id) => working.get(id) !== stored.get(id));
      for (const id of missing) memos.set(id, { memo: loaded.get(id) ?? null });
      // A case stays marked until a batch holding it succeeds: a failure clears the memo cache, and
      // an unmarked case whose registration is redelivered would be taken for new again (and again).
      if (touched.length === 0) { for (const id of ids) mustRead.delete(id); return []; }

      await store.markFlushing(partition, true);
      await store.writeMemos(
        touched.filter((id) => stored.get(id) === null).map((id) => working.get(id)!),
        touched.filter((id) => stored.get(id) !== null).map((id) => working.get(id)!),
      );
      await store.writeShards(partition, dirty, lastOffset, new Set([...dirty.keys()].filter((k) => !shards.has(k))));
      await store.markFlushing(partition, false);

      for (const id of touched) memos.set(id, { memo: working.get(id)! });
      for (const id of ids) mustRead.delete(id);
      for (const [k, c] of dirty) shards.set(k, c);
      return [...dirty.keys()];
    } catch (error) {
      for (const id of fresh) mustRead.set(id, true);
      partitions.delete(partition);
      for (const id of ids) memos.delete(id);
      throw error;
    }
  }

  return {
    applyBatch,
    /** Partitions may have moved: what this process holds about them is no longer its to trust. */
    invalidate() { partitions.clear(); memos.clear(); },
  };
}
export type Projector = ReturnType<typeof createProjector>;
