import { performance } from 'node:perf_hooks';
import type { Redis } from 'ioredis';

/** Latency samples in milliseconds and the wall time they took. */
export interface Sample {
  n: number;
  wallMs: number;
  latencies: number[];
}

/** Runs `fn(i)` `n` times one after another, timing each call. */
export async function sequential(n: number, fn: (i: number) => Promise<unknown>): Promise<Sample> {
  const latencies: number[] = [];
  const start = performance.now();
  for (let i = 0; i < n; i += 1) {
    const t = performance.now();
    await fn(i);
    latencies.push(performance.now() - t);
  }
  return { n, wallMs: performance.now() - start, latencies };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

export const perSecond = (count: number, ms: number) => (count * 1000) / ms;

export const fmt = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');

/** `{ops/s, p50, p95}` of a sequential sample, for the tables. */
export function summary(s: Sample) {
  return { opsPerSec: perSecond(s.n, s.wallMs), p50: percentile(s.latencies, 50), p95: percentile(s.latencies, 95) };
}

/** A plain-text table with right-aligned numeric columns. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map((c) => String(c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Prints to stdout at once (the run is long; progress should show). */
export const say = (s = '') => process.stdout.write(`${s}\n`);

/** Redis `INFO commandstats`: command → calls. */
export async function redisCalls(redis: Redis): Promise<Record<string, number>> {
  const text = await redis.info('commandstats');
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) out[m[1]!] = Number(m[2]);
  return out;
}
