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
import { districtRankingOf, parseStatsQuery, statsResultOf, statsToCsv } from '@cw/contracts';
import type { StatsReader } from '../live/stats-reader.js';
import { assertKnownQuery } from '../query.js';

const STATS_PARAMS = ['from', 'to', 'district', 'category', 'channel', 'figure', 'format'] as const;

/** The same bucket read serves this API and the live board, so both always show the same figures. */
export function statsRoutes(deps: { read: StatsReader }): Router {
  const router = Router();
  const load = deps.read;

  router.get('/', async (req: Request, res: Response) => {
    assertKnownQuery(req.query, STATS_PARAMS);
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
    assertKnownQuery(req.query, STATS_PARAMS);
    const q = parseStatsQuery(req.query, { figure: true });
    const { generation, rows } = await load(q, false);
    res.json(districtRankingOf(q, generation, rows));
  });

  return router;
}
