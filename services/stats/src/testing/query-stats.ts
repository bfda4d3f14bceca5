/**
 * For tests: the figures read straight from the store, to cross-check what the gateway answers.
 * The monthly buckets of the active generation that match the filters are
 * summed in code (FerretDB has too little aggregation, and exact money needs bigint anyway). The
 * figure table, the sums, the ranking and the query parsing are in `@cw/contracts` (stats.ts),
 * shared with the gateway's `/api/v1/stats` routes (which serve them); only the reads are here.
 */
import type { Connection } from '@cw/platform';
import {
  bucketFilter, bucketsOf, districtRankingOf, rateFigure, statsResultOf,
  type BucketDoc, type StatsQuery, type StatsRanking, type StatsResult,
} from '@cw/contracts';
import { activeGeneration } from '../persistence/collections.js';

async function loadBuckets(db: Connection, q: StatsQuery, withDistrict: boolean): Promise<{ generation: string | null; rows: BucketDoc[] }> {
  const generation = await activeGeneration(db);
  if (generation === null) return { generation, rows: [] };
  const rows = await db.collection<BucketDoc>(bucketsOf(generation)).find(bucketFilter(q, withDistrict)).toArray();
  return { generation, rows: rows as BucketDoc[] };
}

/** Every figure for the months covering `from`..`to`, optionally for one district, category and channel. */
export async function queryStats(db: Connection, q: StatsQuery): Promise<StatsResult> {
  const { generation, rows } = await loadBuckets(db, q, true);
  return statsResultOf(q, generation, rows);
}

/**
 * Districts ranked by one rate. Every row states its sample size (the denominator); a sample
 * under 30 is flagged `smallSample`, gets no rank and is listed after the ranked ones.
 */
export async function rankDistricts(db: Connection, q: Omit<StatsQuery, 'district'> & { figure: string }): Promise<StatsRanking> {
  rateFigure(q.figure); // an unknown figure is refused before any read
  const { generation, rows } = await loadBuckets(db, q, false);
  return districtRankingOf(q, generation, rows);
}
