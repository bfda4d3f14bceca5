import type { Connection } from 'mongoose';
import { isDuplicateKeyError } from '@cw/platform';
import { COLLECTIONS, type IntakeReceiptDoc } from '@cw/contracts';

interface CaseNumberDoc { _id: string; caseId: string }
interface NumberHintDoc { _id: string; n: number }

/**
 * Receipts (source key → cases) and case numbers. FerretDB 1.x does not apply concurrent updates
 * of one document atomically (`$inc` loses increments: docs/decisions/0007), and it answers quickly
 * only to `_id` look-ups. So a number is taken by *inserting* `<year>:<n>`, which the unique `_id`
 * makes exclusive (a collision moves on to the next number), and the case's number is recorded
 * under the case id, so a retry finds the number it already took. A crash between the two inserts
 * leaves a gap in the sequence, never a duplicate. The per-year hint of the last number is only a
 * starting point for the search; a stale hint costs a few collisions, not correctness.
 */
export function createReceiptStore(mongo: Connection) {
  const receipts = mongo.collection<IntakeReceiptDoc>(COLLECTIONS.intakeReceipts);
  const numbers = mongo.collection<CaseNumberDoc>(COLLECTIONS.caseNumbers);
  const byCase = mongo.collection<{ _id: string; n: number }>(`${COLLECTIONS.caseNumbers}_by_case`);
  const hints = mongo.collection<NumberHintDoc>(`${COLLECTIONS.caseNumbers}_hints`);
  /** year → the highest number this process has tried. */
  const lastTaken = new Map<string, number>();
  return {
    async ensureIndexes() {
      await receipts.createIndex({ sourceRef: 1 });
    },
    find: (key: string) => receipts.findOne({ _id: key }),
    /** The case's number in `year`, taking the next free one the first time. */
    async numberFor(caseId: string, year: string): Promise<number> {
      const taken = await byCase.findOne({ _id: `${year}:${caseId}` });
      if (taken) return taken.n;
      // Concurrent partitions in this process start from the last number it took, not all from the
      // same hint (at 4 partitions that was ~4 collisions per case); the hint serves restarts and other instances.
      const local = lastTaken.get(year);
      const start = local ?? (await hints.findOne({ _id: year }))?.n ?? 0;
      for (let n = start + 1; ; n = Math.max(n, lastTaken.get(year) ?? 0) + 1) {
        lastTaken.set(year, Math.max(lastTaken.get(year) ?? 0, n));
        try {
          await numbers.insertOne({ _id: `${year}:${n}`, caseId });
        } catch (e) {
          if (isDuplicateKeyError(e)) continue;
          throw e;
        }
        try {
          await byCase.insertOne({ _id: `${year}:${caseId}`, n });
        } catch (e) {
          if (!isDuplicateKeyError(e)) throw e;
        }
        await hints.updateOne({ _id: year }, { $max: { n } }, { upsert: true });
        return n;
      }
    },
    /** Stores the receipt unless one exists; returns the stored one either way. */
    async insertOnce(receipt: IntakeReceiptDoc): Promise<IntakeReceiptDoc> {
      try {
        await receipts.insertOne(receipt);
        return receipt;
      } catch (e) {
        if (!isDuplicateKeyError(e)) throw e;
        const existing = await receipts.findOne({ _id: receipt._id });
        if (!existing) throw e;
        return existing;
      }
    },
  };
}
export type ReceiptStore = ReturnType<typeof createReceiptStore>;
