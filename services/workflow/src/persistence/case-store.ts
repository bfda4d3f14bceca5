import type { Connection } from 'mongoose';
import { UnavailableError, isDuplicateKeyError } from '@cw/platform';
import { COLLECTIONS, type CaseDoc, type CommandResultDoc, type Envelope } from '@cw/contracts';

/**
 * The workflow's storage, built on single-document atomicity only (FerretDB has no multi-document
 * transactions): a case document carries its state, version, the ids of commands it applied and an
 * outbox of events not yet relayed, all written in one update guarded by the version.
 */
const PROJECTED = ['category', 'district', 'queue', 'assignee', 'deadlines', 'nextDueDate', 'routing'] as const;

export function createCaseStore(mongo: Connection) {
  const cases = mongo.collection<CaseDoc>(COLLECTIONS.cases);
  const events = mongo.collection<Envelope & { _id: string }>(COLLECTIONS.caseEvents);
  const results = mongo.collection<CommandResultDoc>(COLLECTIONS.commandResults);

  return {
    async ensureIndexes() {
      await cases.createIndex({ caseNo: 1 }, { unique: true });
      await cases.createIndex({ queue: 1, nextDueDate: 1 });
      await cases.createIndex({ status: 1 });
      await cases.createIndex({ district: 1, status: 1 });
      await cases.createIndex({ category: 1 });
      await cases.createIndex({ assignee: 1 });
      await cases.createIndex({ 'registration.sourceRef': 1 });
      await cases.createIndex({ receivedAtDate: -1 });
      await cases.createIndex({ hasOutbox: 1 });
      await events.createIndex({ caseId: 1, caseVersion: 1 }, { unique: true });
    },
    load: (caseId: string) => cases.findOne({ _id: caseId }),

    /** Creates the case; false if it already exists (a redelivered registration). */
    async insert(doc: CaseDoc): Promise<boolean> {
      try {
        await cases.insertOne(doc);
        return true;
      } catch (e) {
        if (isDuplicateKeyError(e)) return false;
        throw e;
      }
    },

    /**
     * Appends events to a case loaded at `expectedVersion`. Filters name `_id` alone: FerretDB 1.24
     * pushes only a bare `_id` filter down to SQLite (anything more scans the collection: 285 ms per
     * update at 300 cases), and it would not enforce a version guard atomically anyway
     * (decision 0007). The guarantee is the partition: one consumer writes a case, one command at a time.
     */
    async append(caseId: string, expectedVersion: number, set: Partial<CaseDoc>, newEvents: Envelope[], commandId: string): Promise<void> {
      // Projection fields that no longer apply (a released assignee, no running deadline) are removed.
      const unset = Object.fromEntries(PROJECTED.filter((k) => set[k] === undefined).map((k) => [k, '' as const]));
      const res = await cases.updateOne(
        { _id: caseId },
        {
          $set: { ...Object.fromEntries(Object.entries(set).filter(([, v]) => v !== undefined)), hasOutbox: true },
          ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}),
          $push: { outbox: { $each: newEvents }, processed: commandId },
        },
      );
      if (res.matchedCount !== 1) throw new UnavailableError(`case ${caseId} vanished while at version ${expectedVersion}; retrying`);
    },

    /**
     * Stores a verdict once; a repeat keeps the first (the same verdict, see the handler). Inserts,
     * not upserts: an upsert first looks for the document, which FerretDB/SQLite pays for with a scan.
     */
    async recordResult(result: CommandResultDoc): Promise<void> {
      try {
        await results.insertOne(result);
      } catch (e) {
        if (!isDuplicateKeyError(e)) throw e;
      }
    },

    /** Stores events in the audit trail; ids already there (a repeated relay) are skipped. */
    async storeEvents(list: Envelope[]): Promise<void> {
      if (list.length === 0) return;
      try {
        await events.insertMany(list.map((e) => ({ ...e, _id: e.id })), { ordered: false });
      } catch (e) {
        const writeErrors = (e as { writeErrors?: { code?: number }[] | { code?: number } }).writeErrors;
        const errs = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
        if (errs.length === 0 || errs.some((w) => w.code !== 11000)) throw e;
      }
    },

    /** Empties the outbox once its events are relayed (the single writer appends nothing meanwhile). */
    async clearOutbox(caseId: string): Promise<void> {
      await cases.updateOne({ _id: caseId }, { $set: { outbox: [], hasOutbox: false } });
    },

    pendingOutboxes: () => cases.find({ hasOutbox: true }).toArray(),
  };
}
export type CaseStore = ReturnType<typeof createCaseStore>;
