import type { Connection } from 'mongoose';
import { COLLECTIONS, type DuplicateHintDoc } from '@cw/contracts';

/**
 * The operators' "same caller, same business" hint (docs/decisions/0011-consoles.md): one document
 * per hashed (phone, business) key, listing complaint case numbers with their receipt dates.
 * `$addToSet` of a deterministic entry makes a redelivered record a no-op. Two complaints from the
 * same phone about the same business landing in the same instant could lose one entry (FerretDB does
 * not apply concurrent updates of one document atomically); a hint may then miss a case, which is
 * acceptable for a hint and never affects the cases themselves.
 */
export function createDuplicateHintStore(mongo: Connection) {
  const hints = mongo.collection<DuplicateHintDoc>(COLLECTIONS.duplicateHints);
  return {
    /** Adds entries under their keys, one request for the lot. */
    async record(list: { key: string; entries: DuplicateHintDoc['entries'] }[]): Promise<void> {
      const ops = list.filter((h) => h.entries.length > 0)
        .map((h) => ({ updateOne: { filter: { _id: h.key }, update: { $addToSet: { entries: { $each: h.entries } } }, upsert: true } }));
      if (ops.length > 0) await hints.bulkWrite(ops, { ordered: false });
    },
  };
}
export type DuplicateHintStore = ReturnType<typeof createDuplicateHintStore>;
