/**
 * The statistics read model as its writer (`@cw/stats`) and its readers (the gateway's
 * `/api/v1/stats` routes, `queryStats`) share it: collection names, the bucket document, the
 * figure table of DOMAIN.md §7 and the pure functions that turn bucket documents into figures,
 * rankings and CSV (docs/decisions/0006-statistics.md). No I/O here: each caller reads the
 * buckets itself and hands them in.
 *
 * Rates are exact fractions rounded half-up in integer arithmetic (no float ever rounds a rate);
 * money is integer fen, summed as `bigint`.
 */
import { ValidationError, type ErrorDetail } from '@cw/errors';
import { fenToYuan } from './money.js';
import { CATEGORY_CODES, CHANNELS } from './common.js';

// ─── Counters ────────────────────────────────────────────────────────────────────────────────

/**
 * The counters kept per bucket (month × district × category × channel). The month each one is
 * counted by is documented with `COUNTERS` in services/stats/src/domain/counters.ts.
 */
export const STATS_COUNTER_NAMES = [
  'received',
  'receivedComplaints',
  'receivedReports',
  'receivedWorkOrders',
  'accepted',
  'notAccepted',
  'withdrawn',
  'mediationSucceeded',
  'mediationTerminated',
  'mediationFailed',
  'mediationClosed',
  'recoveredFen',
  'closed',
  'closedOfReceived',
  'acceptDue',
  'acceptOnTime',
  'verificationDue',
  'verificationOnTime',
  'orders12345',
  'ackDue',
  'ackOnTime',
  'replyDue',
  'replyOnTime',
  'ordersReturned',
  'ordersRedone',
  'callbacks',
  'callbacksSatisfied',
] as const;

export type StatsCounterName = (typeof STATS_COUNTER_NAMES)[number];

/** Counter values; absent means 0. Money is integer fen (exact in a double up to 2^53 fen). */
export type StatsCounters = Partial<Record<StatsCounterName, number>>;

/** Dimension value (district, category) of a case not (yet) routed. */
export const UNROUTED = '-';

// ─── Collections ─────────────────────────────────────────────────────────────────────────────

/**
 * Figures live in a *generation* of collections; the meta document names the active one, so a
 * rebuild fills a fresh generation and switches readers with one single-document write.
 * `{ _id: 'active', generation, previous?, switchedAt }`.
 */
export const STATS_META = 'stats_meta';

/** One document per bucket (month × district × category × channel) and `case.events` partition. */
export const bucketsOf = (generation: string): string => `stats_buckets_${generation}`;

/** One memo per case: facts, contribution, last change. */
export const casesOf = (generation: string): string => `stats_cases_${generation}`;

/** The generation a `stats_buckets_*` / `stats_cases_*` collection belongs to, or null. */
export function generationOfCollection(name: string): string | null {
  return /^stats_(?:buckets|cases)_(g[0-9a-z]+)$/.exec(name)?.[1] ?? null;
}

export interface StatsMetaDoc {
  _id: 'active';
  generation: string;
  previous?: string;
  switchedAt: Date;
}

/**
 * A bucket's share from one partition of `case.events` (`<bucket key>#p<partition>`). Only the
 * consumer that owns the partition writes it, one message at a time: FerretDB loses concurrent
 * updates of one document (docs/decisions/0007), so no document has two writers. Readers sum the
 * shards.
 */
export interface BucketDoc {
  _id: string;
  /** `YYYY-MM`, Asia/Shanghai. */
  month: string;
  district: string;
  category: string;
  channel: string;
  partition: number;
  /** Counter values (money in integer fen). */
  c: StatsCounters;
  /** Offset of the last `case.events` message applied: the exactly-once guard. */
  o: number;
}

// ─── Figure table ────────────────────────────────────────────────────────────────────────────

export interface CountFigure { id: string; zh: string; en: string; counter: StatsCounterName }
export interface RateFigure { id: string; zh: string; en: string; numerator: StatsCounterName; denominator: StatsCounterName }

export const COUNT_FIGURES: readonly CountFigure[] = [
  { id: 'received', zh: '登记总量', en: 'Cases received', counter: 'received' },
  { id: 'receivedComplaints', zh: '投诉登记量', en: 'Complaints received', counter: 'receivedComplaints' },
  { id: 'receivedReports', zh: '举报登记量', en: 'Reports received', counter: 'receivedReports' },
  { id: 'receivedWorkOrders', zh: '12345工单（非投诉举报）', en: '12345 work orders (neither complaint nor report)', counter: 'receivedWorkOrders' },
  { id: 'accepted', zh: '受理投诉', en: 'Complaints accepted', counter: 'accepted' },
  { id: 'notAccepted', zh: '不予受理', en: 'Complaints not accepted', counter: 'notAccepted' },
  { id: 'withdrawn', zh: '撤回投诉或自行和解', en: 'Withdrawn or settled privately (before or during mediation)', counter: 'withdrawn' },
  { id: 'mediationSucceeded', zh: '调解成功', en: 'Mediation succeeded', counter: 'mediationSucceeded' },
  { id: 'mediationTerminated', zh: '终止调解', en: 'Mediation terminated', counter: 'mediationTerminated' },
  { id: 'mediationFailed', zh: '调解不成', en: 'Mediation failed (terminated, reasons 2–5)', counter: 'mediationFailed' },
  { id: 'closed', zh: '办结', en: 'Cases closed', counter: 'closed' },
  { id: 'orders12345', zh: '12345工单量', en: 'Cases that came as 12345 work orders', counter: 'orders12345' },
  { id: 'callbacks', zh: '回访量', en: '12345 callbacks', counter: 'callbacks' },
];

/** The money figure (sum of `recoveredFen`). */
export const MONEY_RECOVERED_FIGURE = { id: 'moneyRecoveredYuan', zh: '挽回经济损失', en: 'Money recovered for consumers' } as const;

export const RATE_FIGURES: readonly RateFigure[] = [
  { id: 'mediationSuccessRate', zh: '成功调解率（÷受理）', en: 'Mediation success rate (÷ accepted)', numerator: 'mediationSucceeded', denominator: 'accepted' },
  { id: 'mediationSuccessRateOfClosed', zh: '成功调解率（÷调解办结）', en: 'Mediation success rate (÷ mediations closed)', numerator: 'mediationSucceeded', denominator: 'mediationClosed' },
  { id: 'onTimeAcceptanceRate', zh: '按时初查率', en: 'On-time acceptance decision rate (7 WD)', numerator: 'acceptOnTime', denominator: 'acceptDue' },
  { id: 'onTimeVerificationRate', zh: '举报按时核查率', en: 'On-time report verification rate (15 WD + approved extension)', numerator: 'verificationOnTime', denominator: 'verificationDue' },
  { id: 'onTimeAcknowledgmentRate', zh: '12345按时签收率', en: '12345 on-time acknowledgment rate', numerator: 'ackOnTime', denominator: 'ackDue' },
  { id: 'onTimeReplyRate', zh: '12345按时办结率', en: '12345 on-time reply rate', numerator: 'replyOnTime', denominator: 'replyDue' },
  { id: 'returnRate', zh: '12345退单率', en: '12345 return rate', numerator: 'ordersReturned', denominator: 'orders12345' },
  { id: 'redoRate', zh: '12345重办率', en: '12345 redo rate', numerator: 'ordersRedone', denominator: 'orders12345' },
  { id: 'satisfactionRate', zh: '满意率', en: 'Satisfaction rate (satisfied + very satisfied ÷ callbacks)', numerator: 'callbacksSatisfied', denominator: 'callbacks' },
  { id: 'closureRate', zh: '办结率', en: 'Closure rate (received in the period and closed ÷ received)', numerator: 'closedOfReceived', denominator: 'received' },
];

export const RATE_FIGURE_IDS: readonly string[] = RATE_FIGURES.map((f) => f.id);

/** The rate figure `id`; a ValidationError (`/figure`) when there is none. */
export function rateFigure(id: string): RateFigure {
  const figure = RATE_FIGURES.find((f) => f.id === id);
  if (figure === undefined) throw new ValidationError('Unknown figure', [{ pointer: '/figure', rule: 'enum', message: `must be one of ${RATE_FIGURE_IDS.join(', ')}` }]);
  return figure;
}

/** Denominators below this are flagged (and ranked last): a rate over a tiny sample says little. */
export const SMALL_SAMPLE = 30;

// ─── Rates and sums ──────────────────────────────────────────────────────────────────────────

/** `round(n / d × 10^scale)` half-up, exact for non-negative integers. */
function roundedScaled(n: bigint, d: bigint, scale: bigint): bigint {
  return (2n * n * scale + d) / (2n * d);
}

function withDecimals(v: bigint, decimals: number): string {
  const s = v.toString().padStart(decimals + 1, '0');
  return decimals === 0 ? s : `${s.slice(0, -decimals)}.${s.slice(-decimals)}`;
}

export interface Rate {
  numerator: number;
  denominator: number;
  /** The exact fraction as counted, unreduced: `9681/9994`. */
  fraction: string;
  /** Percentage rounded half-up to two decimals (`96.87`), null when nothing is due. */
  percent: string | null;
  /** For display, one decimal rounded from the exact value, not from `percent` (`96.9%`). */
  display: string | null;
  smallSample: boolean;
}

/** A ratio of two counts, rounded half-up. 9681/9994 → 96.87, display "96.9%". */
export function rateOf(numerator: number, denominator: number): Rate {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || numerator < 0 || denominator < 0) {
    throw new RangeError(`a rate needs non-negative integer counts, got ${numerator}/${denominator}`);
  }
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  return {
    numerator,
    denominator,
    fraction: `${numerator}/${denominator}`,
    percent: d === 0n ? null : withDecimals(roundedScaled(n, d, 10000n), 2),
    display: d === 0n ? null : `${withDecimals(roundedScaled(n, d, 1000n), 1)}%`,
    smallSample: denominator < SMALL_SAMPLE,
  };
}

/** Sums counters; money stays exact (bigint) however many buckets are added. */
export function sumCounters(rows: Iterable<StatsCounters>): { counts: Record<StatsCounterName, number>; recoveredFen: bigint } {
  const counts = Object.fromEntries(STATS_COUNTER_NAMES.map((n) => [n, 0])) as Record<StatsCounterName, number>;
  let recoveredFen = 0n;
  for (const row of rows) {
    for (const name of STATS_COUNTER_NAMES) {
      const v = row[name];
      if (v === undefined) continue;
      if (name === 'recoveredFen') recoveredFen += BigInt(v);
      else counts[name] += v;
    }
  }
  counts.recoveredFen = 0;
  return { counts, recoveredFen };
}

export interface FigureSet {
  counts: Record<string, { zh: string; en: string; value: number }>;
  moneyRecovered: { zh: string; en: string; fen: string; yuan: string };
  rates: Record<string, { zh: string; en: string } & Rate>;
}

/** Every figure of a sum of buckets. */
export function figuresOf(rows: Iterable<StatsCounters>): FigureSet {
  const { counts, recoveredFen } = sumCounters(rows);
  return {
    counts: Object.fromEntries(COUNT_FIGURES.map((f) => [f.id, { zh: f.zh, en: f.en, value: counts[f.counter] }])),
    moneyRecovered: { zh: MONEY_RECOVERED_FIGURE.zh, en: MONEY_RECOVERED_FIGURE.en, fen: recoveredFen.toString(), yuan: fenToYuan(recoveredFen) },
    rates: Object.fromEntries(RATE_FIGURES.map((f) => [f.id, { zh: f.zh, en: f.en, ...rateOf(counts[f.numerator], counts[f.denominator]) }])),
  };
}

/** Ranking order: small samples after the others; then higher rate (exact, cross-multiplied); then larger sample. */
export function compareRates(a: Rate, b: Rate): number {
  if (a.smallSample !== b.smallSample) return a.smallSample ? 1 : -1;
  if (a.denominator === 0 || b.denominator === 0) return b.denominator - a.denominator;
  const lhs = BigInt(b.numerator) * BigInt(a.denominator);
  const rhs = BigInt(a.numerator) * BigInt(b.denominator);
  if (lhs !== rhs) return lhs > rhs ? 1 : -1;
  return b.denominator - a.denominator;
}

// ─── Queries ─────────────────────────────────────────────────────────────────────────────────

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

function lastDayOf(month: string): string {
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

const shanghaiToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

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

// ─── Responses ───────────────────────────────────────────────────────────────────────────────

export interface StatsResult extends FigureSet {
  period: { from: string; to: string; requested: { from: string; to: string }; granularity: 'month'; months: string[] };
  filters: { district: string | null; category: string | null; channel: string | null };
  generation: string | null;
  buckets: number;
}

/** Every figure for the months covering `from`..`to`, from the bucket documents matching {@link bucketFilter}. */
export function statsResultOf(q: StatsQuery, generation: string | null, rows: readonly BucketDoc[]): StatsResult {
  return {
    period: {
      from: `${q.from.slice(0, 7)}-01`, to: lastDayOf(q.to.slice(0, 7)), requested: { from: q.from, to: q.to }, granularity: 'month', months: monthsBetween(q.from, q.to),
    },
    filters: { district: q.district ?? null, category: q.category ?? null, channel: q.channel ?? null },
    generation,
    buckets: rows.length,
    ...figuresOf(rows.map((r) => r.c)),
  };
}

export interface RankingItem extends Rate {
  rank: number | null;
  district: string;
  sampleSize: number;
}

export interface StatsRanking {
  figure: { id: string; zh: string; en: string };
  period: { from: string; to: string };
  filters: { category: string | null; channel: string | null };
  generation: string | null;
  smallSampleBelow: number;
  items: RankingItem[];
}

/**
 * Districts ranked by one rate, from the bucket documents matching {@link bucketFilter} (without
 * the district). Every row states its sample size (the denominator); a sample under
 * {@link SMALL_SAMPLE} is flagged `smallSample`, gets no rank and is listed after the ranked ones;
 * districts with nothing due are left out.
 */
export function districtRankingOf(q: Omit<StatsQuery, 'district'> & { figure: string }, generation: string | null, rows: readonly BucketDoc[]): StatsRanking {
  const figure = rateFigure(q.figure);
  const byDistrict = new Map<string, StatsCounters[]>();
  for (const r of rows) {
    const list = byDistrict.get(r.district) ?? [];
    list.push(r.c);
    byDistrict.set(r.district, list);
  }
  const items = [...byDistrict.entries()]
    .map(([district, cs]) => {
      const { counts } = sumCounters(cs);
      return { district, rate: rateOf(counts[figure.numerator], counts[figure.denominator]) };
    })
    .filter((x) => x.rate.denominator > 0)
    .sort((a, b) => compareRates(a.rate, b.rate) || (a.district < b.district ? -1 : 1));
  let rank = 0;
  return {
    figure: { id: figure.id, zh: figure.zh, en: figure.en },
    period: { from: `${q.from.slice(0, 7)}-01`, to: lastDayOf(q.to.slice(0, 7)) },
    filters: { category: q.category ?? null, channel: q.channel ?? null },
    generation,
    smallSampleBelow: SMALL_SAMPLE,
    items: items.map(({ district, rate }) => ({ rank: rate.smallSample ? null : (rank += 1), district, sampleSize: rate.denominator, ...rate })),
  };
}

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The figures as CSV (UTF-8 with BOM so spreadsheet programs read the Chinese labels). */
export function statsToCsv(r: StatsResult): string {
  const head = ['figure', 'zh', 'en', 'value', 'numerator', 'denominator', 'fraction', 'percent', 'display', 'smallSample', 'from', 'to', 'district', 'category', 'channel'];
  const scope = [r.period.from, r.period.to, r.filters.district, r.filters.category, r.filters.channel];
  const lines: unknown[][] = [head];
  for (const [id, f] of Object.entries(r.counts)) lines.push([id, f.zh, f.en, String(f.value), '', '', '', '', '', '', ...scope]);
  lines.push([MONEY_RECOVERED_FIGURE.id, r.moneyRecovered.zh, r.moneyRecovered.en, r.moneyRecovered.yuan, '', '', '', '', '', '', ...scope]);
  for (const [id, f] of Object.entries(r.rates)) {
    lines.push([id, f.zh, f.en, '', String(f.numerator), String(f.denominator), f.fraction, f.percent ?? '', f.display ?? '', String(f.smallSample), ...scope]);
  }
  return `\ufeff${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
