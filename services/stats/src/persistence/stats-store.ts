import { AppError, isDuplicateKeyError, type Connection } from '@cw/platform';
import { COUNTER_NAMES, dimsOfKey, type BucketDelta } from '../domain/counters.js';
import type { CaseMemo, Position, StatsStore } from '../domain/projector.js';
import { STATS_COLLECTIONS, bucketDocId, type BucketDoc } from './collections.js';

const conflict = (caseId: string) =>
  new AppError(`statistics memo of case ${caseId} changed concurrently; retrying`, { code: 'STATS_MEMO_CONFLICT', httpStatus: 503, retriable: true });

/** The projector's store on MongoDB/FerretDB: single-document writes only (no transactions). */
export function createStatsStore(mongo: Connection, generation: string): StatsStore & { ensureIndexes(): Promise<void> } {
  const memos = mongo.collection<CaseMemo>(STATS_COLLECTIONS.cases(generation));
  const buckets = mongo.collection<BucketDoc>(STATS_COLLECTIONS.buckets(generation));

  return {
    async ensureIndexes() {
      await buckets.createIndex({ month: 1 }, { name: 'month' });
      await memos.createIndex({ v: 1 }, { name: 'v' });
    },

    async loadMemo(caseId) {
      return (await memos.findOne({ _id: caseId })) as CaseMemo | null;
    },

    async saveMemo(memo, prevV) {
      if (prevV === null) {
        try {
          await memos.insertOne(memo);
        } catch (error) {
          if (isDuplicateKeyError(error)) throw conflict(memo._id);
          throw error;
        }
        return;
      }
      // FerretDB pushes only a bare {_id} filter down (anything more scans the collection) and does
      // not apply guarded writes atomically (decision 0007): check the version in code; the
      // partition's single consumer is what makes the check hold.
      const { _id, ...rest } = memo;
      const current = await memos.findOne({ _id }, { projection: { v: 1 } });
      if (!current || (current as { v?: number }).v !== prevV) throw conflict(memo._id);
      await memos.replaceOne({ _id }, rest);
    },

    async applyDelta(delta: BucketDelta, at: Position) {
      const _id = bucketDocId(delta.key, at.partition);
      const inc: Record<string, number> = {};
      for (const name of COUNTER_NAMES) {
        const v = delta.inc[name];
        if (v !== undefined && v !== 0) inc[`c.${name}`] = v;
      }
      const current = await buckets.findOne({ _id }, { projection: { o: 1 } });
      if (current) {
        // Already holds this offset or a later one: applied before (one writer per shard: its partition's consumer).
        if ((current as { o: number }).o >= at.offset) return false;
        await buckets.updateOne({ _id }, { $inc: inc, $set: { o: at.offset } });
        return true;
      }
      try {
        await buckets.insertOne({ _id, ...dimsOfKey(delta.key), partition: at.partition, c: { ...delta.inc }, o: at.offset });
        return true;
      } catch (error) {
        // It exists and already holds this offset (or a later one): applied before.
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
    },
  };
}
