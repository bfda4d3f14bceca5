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
 * - `GET /export?…&format=xlsx|csv&lang=zh|en` → the workbook (cover, totals, month × district ×
 *   category × channel) or that detail table as CSV (stats-export.ts)
 */
import { readFileSync } from 'node:fs';
import { Router, type Request, type Response } from 'express';
import { AppError, ValidationError } from '@cw/platform';
import { districtRankingOf, parseStatsQuery, statsResultOf, statsToCsv } from '@cw/contracts';
import type { StatsReader } from '../live/stats-reader.js';
import { assertKnownQuery } from '../query.js';
import { detailRowsOf, statsDetailCsv, writeStatsWorkbook, type CodeNames, type Lang } from './stats-export.js';

export const STATS_PARAMS = ['from', 'to', 'district', 'category', 'channel', 'figure', 'format'] as const;

/** Provincial comparison figures (shared/routing/config/<region>.comparison.json): per year, per rate, a percent. */
export interface Comparison {
  version: 1;
  province: { zh: string; en: string };
  note?: string;
  years: Record<string, Record<string, { percent: string; approximate?: boolean; rank?: number; source: { zh: string; en: string } }>>;
}

/** Reads and checks the comparison file; a bad file fails the start, naming what is wrong. */
export function loadComparison(file: string | undefined): Comparison | null {
  if (!file) return null;
  const c = JSON.parse(readFileSync(file, 'utf8')) as Comparison;
  const bad = (what: string) => new AppError(`comparison file ${file}: ${what}`, { code: 'CONFIG_INVALID', httpStatus: 500 });
  if (c.version !== 1 || typeof c.province?.zh !== 'string' || typeof c.years !== 'object') throw bad('needs version 1, province {zh, en} and years');
  for (const [year, rates] of Object.entries(c.years)) {
    if (!/^\d{4}$/.test(year)) throw bad(`year "${year}" is not a year`);
    for (const [id, r] of Object.entries(rates)) {
      if (!/^\d{1,3}\.\d{2}$/.test(r.percent)) throw bad(`${year}.${id}.percent must look like "92.56"`);
    }
  }
  return c;
}

/** The same bucket read serves this API and the live board, so both always show the same figures. */
export function statsRoutes(deps: { read: StatsReader; comparison?: Comparison | null; names?: () => CodeNames }): Router {
  const router = Router();
  const load = deps.read;

  /** `GET /comparison`: the configured provincial figures (404 when none is configured). */
  router.get('/comparison', (req: Request, res: Response) => {
    assertKnownQuery(req.query, []);
    if (!deps.comparison) throw new AppError('No provincial comparison is configured', { code: 'NOT_CONFIGURED', httpStatus: 404 });
    res.json(deps.comparison);
  });

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

  router.get('/export', async (req: Request, res: Response) => {
    assertKnownQuery(req.query, [...STATS_PARAMS.filter((p) => p !== 'figure'), 'lang']);
    const { format = 'xlsx', lang = 'zh', ...rest } = req.query as Record<string, unknown>;
    const errors = [];
    if (format !== 'xlsx' && format !== 'csv') errors.push({ pointer: '/format', rule: 'enum', message: 'must be xlsx or csv' });
    if (lang !== 'zh' && lang !== 'en') errors.push({ pointer: '/lang', rule: 'enum', message: 'must be zh or en' });
    if (errors.length > 0) throw new ValidationError('Invalid export parameters', errors);
    const q = parseStatsQuery(rest);
    const { generation, rows } = await load(q, true);
    const total = statsResultOf(q, generation, rows);
    const detail = detailRowsOf(rows, total.asOf);
    const names = deps.names?.() ?? { district: () => undefined, category: () => undefined };
    const file = `stats-${total.period.from}-${total.period.to}`;
    if (format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment(`${file}.csv`).send(statsDetailCsv(detail, lang as Lang, names));
      return;
    }
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(`${file}.xlsx`);
    await writeStatsWorkbook(res, total, detail, lang as Lang, names);
  });

  router.get('/ranking', async (req: Request, res: Response) => {
    assertKnownQuery(req.query, STATS_PARAMS);
    const q = parseStatsQuery(req.query, { figure: true });
    const { generation, rows } = await load(q, false);
    res.json(districtRankingOf(q, generation, rows));
  });

  return router;
}
