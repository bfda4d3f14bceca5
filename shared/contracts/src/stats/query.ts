/** The query of `/api/v1/stats`: period, filters, and the bucket filter it becomes. */
import { type ErrorDetail, ValidationError } from '@cw/errors';
import { CATEGORY_CODES, CHANNELS } from '../common.js';
import { UNROUTED } from './counters.js';
import { RATE_FIGURE_IDS } from './figures.js';

export interface StatsQuery {
  /** First day, `YYYY-MM-DD` (Asia/Shanghai); the whole month it falls in is counted. */
  from: string;
  /** Last day, `YYYY-MM-DD`; the whole month it falls in is counted. */
  to: string;
  district?: string;
  category?: string;
  channel?: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isRealDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The last day of a month `YYYY-MM`. */
export function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The months (`YYYY-MM`) a period covers, both ends included. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.slice(0, 7).split('-').map(Number) as [number, number];
  const end = to.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > end) return out;
    out.push(month);
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
}

/** Today's date in Asia/Shanghai (UTC+8, no daylight saving). */
export const shanghaiToday = (now = Date.now()): string => new Date(now + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * Validates query-string parameters; every bad one is reported at once. Defaults: `to` today
 * (Shanghai), `from` the first of January of `to`'s year. `figure` (a rate figure id, default
 * `mediationSuccessRate`) is read only with `opts.figure`.
 */
export function parseStatsQuery(raw: Record<string, unknown>, opts: { figure?: boolean } = {}): StatsQuery & { figure: string; format: 'json' | 'csv' } {
  const details: ErrorDetail[] = [];
  const str = (name: string): string | undefined => {
    const v = raw[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v === '' || v.length > 40) {
      details.push({ pointer: `/${name}`, rule: 'type', message: 'must be a single non-empty string' });
      return undefined;
    }
    return v;
  };
  const to = str('to') ?? shanghaiToday();
  const from = str('from') ?? `${to.slice(0, 4)}-01-01`;
  for (const [name, v] of [['from', from], ['to', to]] as const) {
    if (!isRealDate(v)) details.push({ pointer: `/${name}`, rule: 'format', message: 'must be a date YYYY-MM-DD' });
  }
  if (isRealDate(from) && isRealDate(to)) {
    if (from > to) details.push({ pointer: '/from', rule: 'order', message: 'must not be after to' });
    else if (monthsBetween(from, to).length > 120) details.push({ pointer: '/to', rule: 'range', message: 'the period may span at most 120 months' });
  }
  const district = str('district');
  if (district !== undefined && !/^[0-9A-Za-z-]{1,16}$/.test(district)) {
    details.push({ pointer: '/district', rule: 'pattern', message: `must be a district code or '${UNROUTED}' for unrouted cases` });
  }
  const category = str('category');
  if (category !== undefined && category !== UNROUTED && !(CATEGORY_CODES as readonly string[]).includes(category)) {
    details.push({ pointer: '/category', rule: 'enum', message: `must be one of ${CATEGORY_CODES.join(', ')} or '${UNROUTED}'` });
  }
  const channel = str('channel');
  if (channel !== undefined && !(CHANNELS as readonly string[]).includes(channel)) {
    details.push({ pointer: '/channel', rule: 'enum', message: `must be one of ${CHANNELS.join(', ')}` });
  }
  const figure = opts.figure ? (str('figure') ?? 'mediationSuccessRate') : 'mediationSuccessRate';
  if (!RATE_FIGURE_IDS.includes(figure)) details.push({ pointer: '/figure', rule: 'enum', message: `must be one of ${RATE_FIGURE_IDS.join(', ')}` });
  const format = str('format') ?? 'json';
  if (format !== 'json' && format !== 'csv') details.push({ pointer: '/format', rule: 'enum', message: 'must be json or csv' });
  if (details.length > 0) throw new ValidationError('Invalid statistics query', details);
  return {
    from, to, figure, format: format as 'json' | 'csv',
    ...(district === undefined ? {} : { district }),
    ...(category === undefined ? {} : { category }),
    ...(channel === undefined ? {} : { channel }),
  };
}

/** The filter on a generation's bucket collection for a query (the district only when `withDistrict`). */
export function bucketFilter(q: StatsQuery, withDistrict: boolean): Record<string, unknown> {
  const filter: Record<string, unknown> = { month: { $gte: q.from.slice(0, 7), $lte: q.to.slice(0, 7) } };
  if (withDistrict && q.district !== undefined) filter.district = q.district;
  if (q.category !== undefined) filter.category = q.category;
  if (q.channel !== undefined) filter.channel = q.channel;
  return filter;
}
