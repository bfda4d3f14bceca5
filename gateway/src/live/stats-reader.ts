import type { Connection } from 'mongoose';
import {
  STATS_META, bucketFilter, bucketsOf,
  type BucketDoc, type StatsMetaDoc, type StatsQuery,
} from '@cw/contracts';

export type StatsReader = (q: StatsQuery, withDistrict: boolean) => Promise<{ generation: string | null; rows: BucketDoc[] }>;

/**
 * Reads the bucket documents of a stats query from the active generation: the meta document by
 * `_id`, then the matching buckets (docs/decisions/0006-statistics.md). Used by `/api/v1/stats`
 * and by the live board alike.
 */
export function createStatsReader(mongo: Connection): StatsReader {
  return async (q, withDistrict) => {
    const meta = await mongo.collection<StatsMetaDoc>(STATS_META).findOne({ _id: 'active' });
    if (meta === null) return { generation: null, rows: [] };
    const rows = await mongo.collection<BucketDoc>(bucketsOf(meta.generation)).find(bucketFilter(q, withDistrict)).toArray();
    return { generation: meta.generation, rows: rows as BucketDoc[] };
  };
}
