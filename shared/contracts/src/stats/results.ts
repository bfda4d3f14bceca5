/** Bucket documents → the answer of `/api/v1/stats` and the district ranking. */
import type { BucketDoc, StatsCounters } from './counters.js';
import { SMALL_SAMPLE, rateFigure } from './figures.js';
import { type StatsQuery, lastDayOf, monthsBetween, shanghaiToday } from './query.js';
import { type FigureSet, type Rate, compareRates, figuresOf, rateOf, settleOpenItems, sumCounters } from './rates.js';

export interface StatsResult extends FigureSet {
  period: { from: string; to: string; requested: { from: string; to: string }; granularity: 'month'; months: string[] };
  filters: { district: string | null; category: string | null; channel: string | null };
  generation: string | null;
  buckets: number;
  /** The Shanghai date the figures were settled on: open items of months ended before it count as late. */
  asOf: string;
}

/** Every figure for the months covering `from`..`to`, from the bucket documents matching {@link bucketFilter}, settled on `asOf`. */
export function statsResultOf(q: StatsQuery, generation: string | null, rows: readonly BucketDoc[], asOf = shanghaiToday()): StatsResult {
  return {
    period: {
      from: `${q.from.slice(0, 7)}-01`, to: lastDayOf(q.to.slice(0, 7)), requested: { from: q.from, to: q.to }, granularity: 'month', months: monthsBetween(q.from, q.to),
    },
    filters: { district: q.district ?? null, category: q.category ?? null, channel: q.channel ?? null },
    generation,
    buckets: rows.length,
    asOf,
    ...figuresOf(settleOpenItems(rows, asOf)),
  };
}

export interface RankingItem extends Rate {
  rank: number | null;
  district: string;
  sampleSize: number;
}

export interface StatsRanking {
  figure: { id: string; zh: string; en: string; definition: { zh: string; en: string } };
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
export function districtRankingOf(q: Omit<StatsQuery, 'district'> & { figure: string }, generation: string | null, rows: readonly BucketDoc[], asOf = shanghaiToday()): StatsRanking {
  const figure = rateFigure(q.figure);
  const byDistrict = new Map<string, StatsCounters[]>();
  const settled = settleOpenItems(rows, asOf);
  rows.forEach((r, i) => {
    const list = byDistrict.get(r.district) ?? [];
    list.push(settled[i]!);
    byDistrict.set(r.district, list);
  });
  const items = [...byDistrict.entries()]
    .map(([district, cs]) => {
      const { counts } = sumCounters(cs);
      return { district, rate: rateOf(counts[figure.numerator], counts[figure.denominator]) };
    })
    .filter((x) => x.rate.denominator > 0)
    .sort((a, b) => compareRates(a.rate, b.rate) || (a.district < b.district ? -1 : 1));
  let rank = 0;
  return {
    figure: { id: figure.id, zh: figure.zh, en: figure.en, definition: figure.definition },
    period: { from: `${q.from.slice(0, 7)}-01`, to: lastDayOf(q.to.slice(0, 7)) },
    filters: { category: q.category ?? null, channel: q.channel ?? null },
    generation,
    smallSampleBelow: SMALL_SAMPLE,
    items: items.map(({ district, rate }) => ({ rank: rate.smallSample ? null : (rank += 1), district, sampleSize: rate.denominator, ...rate })),
  };
}
