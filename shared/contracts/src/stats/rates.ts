/** Rates as exact fractions rounded half-up in integer arithmetic, and sums of counters (money as bigint fen). */
import { fenToYuan } from '../money.js';
import { STATS_COUNTER_NAMES, type StatsCounterName, type StatsCounters } from './counters.js';
import { COUNT_FIGURES, MONEY_RECOVERED_FIGURE, MONEY_SETTLED_FIGURE, RATE_FIGURES, SMALL_SAMPLE } from './figures.js';

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
export function sumCounters(rows: Iterable<StatsCounters>): { counts: Record<StatsCounterName, number>; recoveredFen: bigint; settledFen: bigint } {
  const counts = Object.fromEntries(STATS_COUNTER_NAMES.map((n) => [n, 0])) as Record<StatsCounterName, number>;
  let recoveredFen = 0n;
  let settledFen = 0n;
  for (const row of rows) {
    for (const name of STATS_COUNTER_NAMES) {
      const v = row[name];
      if (v === undefined) continue;
      if (name === 'recoveredFen') recoveredFen += BigInt(v);
      else if (name === 'settledFen') settledFen += BigInt(v);
      else counts[name] += v;
    }
  }
  counts.recoveredFen = 0;
  counts.settledFen = 0;
  return { counts, recoveredFen, settledFen };
}

export interface FigureSet {
  counts: Record<string, { zh: string; en: string; value: number }>;
  moneyRecovered: { zh: string; en: string; fen: string; yuan: string };
  /** Private settlements' amounts (termination item 1), not part of `moneyRecovered`. */
  moneySettled: { zh: string; en: string; fen: string; yuan: string };
  /** `notYetDue`: items of an on-time rate falling due in a month not yet ended, still unanswered (not in the denominator). */
  rates: Record<string, { zh: string; en: string; definition: { zh: string; en: string }; notYetDue?: number } & Rate>;
}

/**
 * Bucket counters with the open items of every month that has ended by `asOf` (a Shanghai date)
 * counted as due and late: an item that fell due unanswered is late whether or not the sla
 * service flagged it. In the running month they stay open (sla flags a miss the day after the due
 * date, which counts it at once).
 */
export function settleOpenItems(rows: Iterable<{ month: string; c: StatsCounters }>, asOf: string): StatsCounters[] {
  const month = asOf.slice(0, 7);
  const out: StatsCounters[] = [];
  for (const r of rows) {
    if (r.month >= month) { out.push(r.c); continue; }
    const c = { ...r.c };
    for (const f of RATE_FIGURES) {
      if (f.open === undefined || !c[f.open]) continue;
      c[f.denominator] = (c[f.denominator] ?? 0) + c[f.open]!;
      delete c[f.open];
    }
    out.push(c);
  }
  return out;
}

/** Every figure of a sum of buckets (settle them first: {@link settleOpenItems}). */
export function figuresOf(rows: Iterable<StatsCounters>): FigureSet {
  const { counts, recoveredFen, settledFen } = sumCounters(rows);
  return {
    counts: Object.fromEntries(COUNT_FIGURES.map((f) => [f.id, { zh: f.zh, en: f.en, value: counts[f.counter] }])),
    moneyRecovered: { zh: MONEY_RECOVERED_FIGURE.zh, en: MONEY_RECOVERED_FIGURE.en, fen: recoveredFen.toString(), yuan: fenToYuan(recoveredFen) },
    moneySettled: { zh: MONEY_SETTLED_FIGURE.zh, en: MONEY_SETTLED_FIGURE.en, fen: settledFen.toString(), yuan: fenToYuan(settledFen) },
    rates: Object.fromEntries(RATE_FIGURES.map((f) => [f.id, {
      zh: f.zh, en: f.en, definition: f.definition,
      ...rateOf(counts[f.numerator], counts[f.denominator]),
      ...(f.open === undefined ? {} : { notYetDue: counts[f.open] }),
    }])),
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
