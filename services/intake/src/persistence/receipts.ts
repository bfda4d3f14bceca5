import type { Connection } from 'mongoose';
import { isDuplicateKeyError } from '@cw/platform';
import { COLLECTIONS, type IntakeReceiptDoc } from '@cw/contracts';

interface CaseNumberDoc { _id: string; year: string; n: number; caseId: string }

/**
 * Receipts (source key → cases) and case numbers. FerretDB 1.x does not apply concurrent updates
 * of one document atomically (`$inc` loses increments: docs/decisions/0007), so a number is taken
 * by *inserting* `<year>:<n>`, which the unique `_id` makes exclusive; a collision moves on to the
 * next number. The number is kept with its case id, so a retry after a crash finds the number it
 * already took: no duplicates, and no gaps from crashes.
 */
export function createReceiptStore(mongo: Connection) {
  const receipts = mongo.collection<IntakeReceiptDoc>(COLLECTIONS.intakeReceipts);
  const numbers = mongo.collection<CaseNumberDoc>(COLLECTIONS.caseNumbers);
  return {
    async ensureIndexes() {
      await receipts.createIndex({ sourceRef: 1 });
      await numbers.createIndex({ caseId: 1 });
      await numbers.createIndex({ year: 1, n: -1 });
    },
    find: (key: string) => receipts.findOne({ _id: key }),
    /** The case's number in `year`, taking the next free one the first time. */
    async numberFor(caseId: string, year: string): Promise<number> {
      const taken = await numbers.findOne({ caseId, year });
      if (taken) return taken.n;
      const last = await numbers.find({ year }).sort({ n: -1 }).limit(1).next();
      for (let n = (last?.n ?? 0) + 1; ; n += 1) {
        try {
          await numbers.insertOne({ _id: `${year}:${n}`, year, n, caseId });
          return n;
        } catch (e) {
          if (!isDuplicateKeyError(e)) throw e;
        }
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
