import { AppError } from '@cw/platform';
import { addCounters, type BucketDelta, type Counters } from '../domain/counters.js';
import type { CaseMemo, Position, StatsStore } from '../domain/projector.js';

/** The Mongo store's semantics in memory (unit tests); `failAfter` simulates a crash after n writes. */
export function createMemoryStore() {
  const memos = new Map<string, CaseMemo>();
  const buckets = new Map<string, { key: string; c: Counters; o: number }>();
  let writesLeft = Infinity;
  const write = () => {
    if (writesLeft <= 0) throw new AppError('simulated crash', { code: 'CRASH', httpStatus: 503, retriable: true });
    writesLeft -= 1;
  };
  const store: StatsStore = {
    async loadMemo(caseId) {
      const m = memos.get(caseId);
      return m === undefined ? null : structuredClone(m);
    },
    async saveMemo(memo, prevV) {
      const cur = memos.get(memo._id);
      if ((cur?.v ?? null) !== prevV) throw new AppError('memo changed concurrently', { code: 'CONFLICT', httpStatus: 503, retriable: true });
      write();
      memos.set(memo._id, structuredClone(memo));
    },
    async applyDelta(delta: BucketDelta, at: Position) {
      const id = `${delta.key}#p${at.partition}`;
      const b = buckets.get(id) ?? { key: delta.key, c: {}, o: -1 };
      if (b.o >= at.offset) return false;
      write();
      addCounters(b.c, delta.inc);
      b.o = at.offset;
      buckets.set(id, b);
      return true;
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
      for (const b of buckets.values()) addCounters((sums[b.key] ??= {}), b.c);
      return Object.fromEntries(Object.entries(sums).filter(([, c]) => Object.keys(c).length > 0).sort(([a], [c]) => (a < c ? -1 : 1)));
    },
    memos,
  };
}
