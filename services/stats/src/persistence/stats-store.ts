import { AppError, isDuplicateKeyError, type Connection } from '@cw/platform';
import { COUNTER_NAMES, dimsOfKey, type BucketDelta } from '../domain/counters.js';
import type { CaseMemo, Position, StatsStore } from '../domain/projector.js';
import { STATS_COLLECTIONS, bucketDocId, type BucketDoc } from './collections.js';

const conflict = (caseId: string) =>
  new AppError(`statistics memo of case ${caseId} changed concurrently; retrying`, { code: 'STATS_MEMO_CONFLICT', httpStatus: 503, retriable: true });

/** Bounded map: drops the oldest entries past `max` (insertion order). */
function boundedMap<K, V>(max: number) {
  const m = new Map<K, V>();
  return {
    get: (k: K) => m.get(k),
    set(k: K, v: V) { m.delete(k); m.set(k, v); if (m.size > max) m.delete(m.keys().next().value as K); },
    delete: (k: K) => m.delete(k),
    clear: () => m.clear(),
  };
}

/**
 * The projector's store on MongoDB/FerretDB: single-document writes only (no transactions).
 *
 * Reads are cached in memory: a case's memo and a bucket shard are written only by the consumer of
 * their partition (decision 0006), so while this process owns the partition what it last wrote is
 * what the store holds. `invalidate()` empties the caches whenever the consumer group rebalances,
 * and a restart starts empty; a cache miss reads the store and checks as before. This halves the
 * store operations per event (docs/decisions/0013).
 */
export function createStatsStore(mongo: Connection, generation: string, opts: { cacheSize?: number } = {}): StatsStore & { ensureIndexes(): Promise<void>; invalidate(): void } {
  const memos = mongo.collection<CaseMemo>(STATS_COLLECTIONS.cases(generation));
  const buckets = mongo.collection<BucketDoc>(STATS_COLLECTIONS.buckets(generation));
  const size = opts.cacheSize ?? 50_000;
  /** caseId → the memo as stored (null: known absent). */
  const memoCache = boundedMap<string, CaseMemo | null>(size);
  /** bucket shard id → its stored offset. */
  const shardCache = boundedMap<string, number>(size);

  return {
    async ensureIndexes() {
      await buckets.createIndex({ month: 1 }, { name: 'month' });
      await memos.createIndex({ v: 1 }, { name: 'v' });
    },

    invalidate() {
      memoCache.clear();
      shardCache.clear();
    },

    async loadMemo(caseId) {
      const cached = memoCache.get(caseId);
      if (cached !== undefined) return cached;
      const memo = (await memos.findOne({ _id: caseId })) as CaseMemo | null;
      memoCache.set(caseId, memo);
      return memo;
    },

    async saveMemo(memo, prevV) {
      if (prevV === null) {
        try {
          await memos.insertOne(memo);
        } catch (error) {
          memoCache.delete(memo._id);
          if (isDuplicateKeyError(error)) throw conflict(memo._id);
          throw error;
        }
        memoCache.set(memo._id, memo);
        return;
      }
      const cached = memoCache.get(memo._id);
      if (cached !== undefined && cached !== null && cached.v === prevV) {
        const { _id, ...rest } = memo;
        memoCache.delete(_id); // unknown until the write is acknowledged
        await memos.replaceOne({ _id }, rest);
        memoCache.set(_id, memo);
        return;
      }
      // FerretDB pushes only a bare {_id} filter down (anything more scans the collection) and does
      // not apply guarded writes atomically (decision 0007): check the version in code; the
      // partition's single consumer is what makes the check hold.
      const { _id, ...rest } = memo;
      const current = await memos.findOne({ _id }, { projection: { v: 1 } });
      if (!current || (current as { v?: number }).v !== prevV) throw conflict(memo._id);
      await memos.replaceOne({ _id }, rest);
      memoCache.set(memo._id, memo);
    },

    async applyDelta(delta: BucketDelta, at: Position) {
      const _id = bucketDocId(delta.key, at.partition);
      const inc: Record<string, number> = {};
      for (const name of COUNTER_NAMES) {
        const v = delta.inc[name];
        if (v !== undefined && v !== 0) inc[`c.${name}`] = v;
      }
      let stored = shardCache.get(_id);
      if (stored === undefined) {
        const current = await buckets.findOne({ _id }, { projection: { o: 1 } });
        if (current) stored = (current as { o: number }).o;
      }
      if (stored !== undefined) {
        shardCache.set(_id, stored);
        // Already holds this offset or a later one: applied before (one writer per shard: its partition's consumer).
        if (stored >= at.offset) return false;
        shardCache.delete(_id); // unknown until the write is acknowledged
        await buckets.updateOne({ _id }, { $inc: inc, $set: { o: at.offset } });
        shardCache.set(_id, at.offset);
        return true;
      }
      try {
        await buckets.insertOne({ _id, ...dimsOfKey(delta.key), partition: at.partition, c: { ...delta.inc }, o: at.offset });
        shardCache.set(_id, at.offset);
        return true;
      } catch (error) {
        // It exists and already holds this offset (or a later one): applied before.
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
    },
  };
}
