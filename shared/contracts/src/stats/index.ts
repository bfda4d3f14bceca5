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
export * from './counters.js';
export * from './figures.js';
export * from './rates.js';
export * from './query.js';
export * from './results.js';
export * from './csv.js';
