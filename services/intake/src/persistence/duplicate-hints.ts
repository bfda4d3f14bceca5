import type { Connection } from 'mongoose';
import { duplicateIndexes, isFerretDB } from '@cw/platform';
import { COLLECTIONS, type DuplicateHintDoc } from '@cw/contracts';

/**
 * The operators' "same caller, same business" hint (docs/decisions/0011-consoles.md): one document
 * per complaint under its hashed (phone, business) key, inserted in bulk; reports too, under keys of
 * their own (`dupr1:`), so that a later report of the same reporter is flagged (decision 0028). A redelivered record
 * inserts the same `_id` (key + case id), which is ignored, so the first entry stands. The gateway
 * finds entries by `k` (a GIN index on it, infra/postgres/ferretdb-id-index.sql, serves that).
 */
export function createDuplicateHintStore(mongo: Connection) {
  const hints = mongo.collection<DuplicateHintDoc>(COLLECTIONS.duplicateHints);
  return {
    async ensureIndexes() {
      // On FerretDB the GIN index on `k` serves the look-up; a B-tree would only slow inserts (decision 0016).
      if (!(await isFerretDB(mongo))) await hints.createIndex({ k: 1 });
    },
    /** The entries under these keys (one request for a batch). */
    async find(keys: readonly string[]): Promise<DuplicateHintDoc[]> {
      if (keys.length === 0) return [];
      return hints.find({ k: { $in: [...new Set(keys)] } }).toArray();
    },
    async record(list: (Omit<DuplicateHintDoc, '_id'> & { caseId: string })[]): Promise<void> {
      if (list.length === 0) return;
      try {
        await hints.insertMany(list.map((h) => ({ _id: `${h.k}|${h.caseId}`, ...h })), { ordered: false });
      } catch (e) {
        duplicateIndexes(e);
      }
    },
  };
}
export type DuplicateHintStore = ReturnType<typeof createDuplicateHintStore>;
