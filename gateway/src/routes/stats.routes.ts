/**
 * Statistics read API (mounted at `/api/v1/stats`): the figures of DOMAIN.md §7 from the monthly
 * buckets the stats service writes. FerretDB aggregates too little, so buckets are summed here.
 *
 * The collection names, the bucket shape, the figure table, the query parsing and the sums are
 * `@cw/contracts` (stats.ts), the same code `queryStats` in the stats service runs; this router only
 * reads the buckets (docs/decisions/0006-statistics.md).
 *
 * - `GET /?from=YYYY-MM-DD&to=YYYY-MM-DD&district=&category=&channel=` → JSON (`&format=csv` → CSV)
 * - `GET /ranking?from=&to=&category=&channel=&figure=` → districts ranked by one rate
 */
import { Router, type Request, type Response } from 'express';
import type { Connection } from 'mongoose';
import {
  STATS_META, bucketFilter, bucketsOf, districtRankingOf, parseStatsQuery, statsResultOf, statsToCsv,
  type BucketDoc, type StatsMetaDoc, type StatsQuery,
} from '@cw/contracts';

export function statsRoutes(deps: { mongo: Connection }): Router {
  const router = Router();

  const load = async (q: StatsQuery, withDistrict: boolean): Promise<{ generation: string | null; rows: BucketDoc[] }> => {
    const meta = await deps.mongo.collection<StatsMetaDoc>(STATS_META).findOne({ _id: 'active' });
    if (meta === null) return { generation: null, rows: [] };
    const rows = await deps.mongo.collection<BucketDoc>(bucketsOf(meta.generation)).find(bucketFilter(q, withDistrict)).toArray();
    return { generation: meta.generation, rows: rows as BucketDoc[] };
  };

  router.get('/', async (req: Request, res: Response) => {
    const q = parseStatsQuery(req.query, { figure: true });
    const { generation, rows } = await load(q, true);
    const body = statsResultOf(q, generation, rows);
    if (q.format === 'json') {
      res.json(body);
      return;
    }
    res.type('text/csv; charset=utf-8')
      .attachment(`stats-${body.period.from}-${body.period.to}.csv`)
      .send(statsToCsv(body));
  });

  router.get('/ranking', async (req: Request, res: Response) => {
    const q = parseStatsQuery(req.query, { figure: true });
    const { generation, rows } = await load(q, false);
    res.json(districtRankingOf(q, generation, rows));
  });

  return router;
}
