import { AppError } from '@cw/platform';
import { addCounters, type Counters } from '../domain/counters.js';
import type { CaseMemo, Shards, StatsStore } from '../domain/projector.js';

/**
 * The Mongo store's semantics in memory (unit tests). Bulk writes land one document at a time, so
 * `crashAfter(n)` can cut a flush anywhere: after n document writes every write throws.
 */
export function createMemoryStore() {
  const memos = new Map<string, CaseMemo>();
  /** `<key>#p<partition>` → shard. */
  const shards = new Map<string, { key: string; p: number; c: Counters }>();
  const flushing = new Set<number>();
  let writesLeft = Infinity;
  const write = () => {
    if (writesLeft <= 0) throw new AppError('simulated crash', { code: 'CRASH', httpStatus: 503, retriable: true });
    writesLeft -= 1;
  };
  const store: StatsStore = {
    async loadMemos(ids) {
      return ids.flatMap((id) => (memos.has(id) ? [structuredClone(memos.get(id)!)] : []));
    },
    async memosOf(p) {
      return [...memos.values()].filter((m) => m.p === p).map((m) => structuredClone(m));
    },
    async loadShards(p) {
      return new Map([...shards.values()].filter((s) => s.p === p).map((s) => [s.key, structuredClone(s.c)]));
    },
    async isFlushing(p) { return flushing.has(p); },
    async markFlushing(p, on) {
      write();
      if (on) flushing.add(p); else flushing.delete(p);
    },
    async writeMemos(created, changed) {
      for (const m of created) {
        if (memos.has(m._id)) throw new AppError('duplicate memo', { code: 'DUP', httpStatus: 503, retriable: true });
        write();
        memos.set(m._id, structuredClone(m));
      }
      for (const m of changed) {
        write();
        memos.set(m._id, structuredClone(m));
      }
    },
    async writeShards(p, list: Shards, _offset, created) {
      for (const [key, c] of list) {
        if (created?.has(key) && shards.has(`${key}#p${p}`)) throw new AppError('duplicate shard', { code: 'DUP', httpStatus: 503, retriable: true });
        write();
        shards.set(`${key}#p${p}`, { key, p, c: structuredClone(c) });
      }
    },
  };
  return {
    store,
    /** The next `n` writes succeed, then every write throws until `heal()`. */
    crashAfter(n: number) { writesLeft = n; },
    heal() { writesLeft = Infinity; },
    /** Bucket key → counters, zero counters and empty buckets left out. */
    figures(): Record<string, Counters> {
      const sums: Record<string, Counters> = {};
      for (const s of shards.values()) addCounters((sums[s.key] ??= {}), s.c);
      return Object.fromEntries(Object.entries(sums).filter(([, c]) => Object.keys(c).length > 0).sort(([a], [c]) => (a < c ? -1 : 1)));
    },
    memos,
  };
}
