import pMap from 'p-map';
import { UnavailableError, duplicateIndexes, isFerretDB, replaceById, type Connection } from '@cw/platform';
import { dimsOfKey } from '../domain/counters.js';
import type { CaseMemo, Shards, StatsStore } from '../domain/projector.js';
import { STATS_COLLECTIONS, bucketDocId, type BucketDoc } from './collections.js';

/** The flush mark of a partition: a document among the memos (no `p` field, so no memo query sees it). */
const markId = (partition: number) => `~flushing#p${partition}`;

/**
 * The projector's store on MongoDB/FerretDB: bulk writes, no transactions (decision 0015). Reads
 * name `_id` alone where they can: FerretDB pushes only a bare `_id` filter down to PostgreSQL;
 * the per-partition scans (`memosOf`, `loadShards`) run once per partition assignment.
 */
export function createStatsStore(mongo: Connection, generation: string): StatsStore & { ensureIndexes(): Promise<void> } {
  const memos = mongo.collection<CaseMemo>(STATS_COLLECTIONS.cases(generation));
  const marks = mongo.collection<{ _id: string; flushing: boolean; at: Date }>(STATS_COLLECTIONS.cases(generation));
  const buckets = mongo.collection<BucketDoc>(STATS_COLLECTIONS.buckets(generation));

  return {
    async ensureIndexes() {
      // Readers select buckets by month; on FerretDB a B-tree serves no filter (decision 0016).
      if (!(await isFerretDB(mongo))) await buckets.createIndex({ month: 1 }, { name: 'month' });
    },

    async loadMemos(ids) {
      const found = await pMap(ids, (id) => memos.findOne({ _id: id }), { concurrency: 8 });
      return found.filter((m): m is CaseMemo => m !== null);
    },

    memosOf: async (partition) => (await memos.find({ p: partition }).toArray()) as CaseMemo[],

    async loadShards(partition) {
      const rows = (await buckets.find({ partition }).toArray()) as BucketDoc[];
      return new Map(rows.map((r) => [`${r.month}|${r.district}|${r.category}|${r.channel}`, r.c]));
    },

    isFlushing: async (partition) => (await marks.findOne({ _id: markId(partition) }))?.flushing === true,

    async markFlushing(partition, flushing) {
      await marks.replaceOne({ _id: markId(partition) }, { flushing, at: new Date() }, { upsert: true });
    },

    async writeMemos(created, changed) {
      if (created.length > 0) {
        try {
          await memos.insertMany(created, { ordered: false });
        } catch (error) {
          const dups = duplicateIndexes(error);
          throw new UnavailableError(`${dups.length} statistics memos were already stored (another writer, or a stale cache); retrying`, error);
        }
      }
      await replaceById(memos, changed, { what: 'statistics memos' });
    },

    async writeShards(partition, shards: Shards, offset, created) {
      const docs = [...shards].map(([key, c]) => ({ key, doc: { _id: bucketDocId(key, partition), ...dimsOfKey(key), partition, c, o: offset } }));
      const fresh = docs.filter((d) => created?.has(d.key)).map((d) => d.doc);
      if (fresh.length > 0) {
        // An insert is several times cheaper than an upsert on FerretDB; a shard that is there
        // after all (a stale view) fails the flush, and the retry recomputes from the memos.
        try {
          await buckets.insertMany(fresh, { ordered: false });
        } catch (error) {
          throw new UnavailableError(`${duplicateIndexes(error).length} statistics shards were already stored; retrying`, error);
        }
      }
      await replaceById(buckets, docs.filter((d) => !created?.has(d.key)).map((d) => d.doc), { upsert: true, what: 'statistics shards' });
    },
  };
}
