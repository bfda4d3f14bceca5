import type { Connection } from 'mongoose';
import { isDuplicateKeyError } from '@cw/platform';
import { COLLECTIONS, type IntakeReceiptDoc } from '@cw/contracts';

/**
 * Receipts (source key → cases) and per-year case-number counters. A receipt is written once; a
 * crash after numbers were drawn but before the receipt was stored leaves a gap in the sequence,
 * never a duplicate.
 */
export function createReceiptStore(mongo: Connection) {
  const receipts = mongo.collection<IntakeReceiptDoc>(COLLECTIONS.intakeReceipts);
  const counters = mongo.collection<{ _id: string; seq: number }>(COLLECTIONS.counters);
  return {
    async ensureIndexes() {
      await receipts.createIndex({ sourceRef: 1 });
    },
    find: (key: string) => receipts.findOne({ _id: key }),
    async nextNumber(year: string): Promise<number> {
      const doc = await counters.findOneAndUpdate({ _id: `caseNo:${year}` }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' });
      if (!doc) throw new Error('counter upsert returned nothing');
      return doc.seq;
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
