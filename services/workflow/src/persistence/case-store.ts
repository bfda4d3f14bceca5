import type { Connection } from 'mongoose';
import { duplicateIndexes, isFerretDB, replaceById } from '@cw/platform';
import { COLLECTIONS, caseEventsDoc, type CaseDoc, type CaseEventsDoc, type CommandResultDoc, type Envelope } from '@cw/contracts';

/** The ids of the documents a bulk insert found already there (E11000); any other failure is thrown. */
const duplicateIds = (error: unknown, ids: string[]): string[] => duplicateIndexes(error).map((i) => (i < 0 ? ids : [ids[i]!])).flat();

/**
 * The workflow's storage, built on single-document atomicity only (FerretDB has no multi-document
 * transactions): a case document carries its state, version, the ids of the commands it applied
 * and, as its outbox, the events of its last write. The handler writes a batch of decisions with
 * one bulk operation per collection; Kafka partition ownership makes it the only writer of a case.
 */
export function createCaseStore(mongo: Connection) {
  const cases = mongo.collection<CaseDoc>(COLLECTIONS.cases);
  const events = mongo.collection<CaseEventsDoc>(COLLECTIONS.caseEvents);
  const results = mongo.collection<CommandResultDoc>(COLLECTIONS.commandResults);

  return {
    async ensureIndexes() {
      await cases.createIndex({ caseNo: 1 }, { unique: true });
      // One audit document per write now (decision 0017): the unique (caseId, caseVersion) index of
      // one document per event would refuse a case's second write (no caseVersion: null twice).
      const eventIndexes = new Set((await events.indexes().catch(() => [])).map((i) => i.name));
      if (eventIndexes.has('caseId_1_caseVersion_1')) await events.dropIndex('caseId_1_caseVersion_1');
      // The consoles' lists. On FerretDB these B-trees would serve nothing and slow every insert;
      // GIN indexes on queue, district, assignee and the events' caseId do it (decision 0016).
      const lists = [{ queue: 1, nextDueDate: 1 }, { district: 1, status: 1 }, { assignee: 1 }, { receivedAtDate: -1 }] as const;
      if (!(await isFerretDB(mongo))) {
        for (const spec of lists) await cases.createIndex(spec);
        await events.createIndex({ caseId: 1 });
      } else {
        // Made by earlier versions: drop them (each cost every insert and served nothing).
        const names = new Set((await cases.indexes().catch(() => [])).map((i) => i.name));
        for (const spec of lists) {
          const name = Object.entries(spec).map(([k, v]) => `${k}_${v}`).join('_');
          if (names.has(name)) await cases.dropIndex(name);
        }
      }
    },
    load: (caseId: string) => cases.findOne({ _id: caseId }),

    /** Inserts new cases in one request; returns the ids that were already there (a redelivery). */
    async insertNew(docs: CaseDoc[]): Promise<string[]> {
      if (docs.length === 0) return [];
      try {
        await cases.insertMany(docs, { ordered: false });
        return [];
      } catch (e) {
        return [...new Set(duplicateIds(e, docs.map((d) => d._id)))];
      }
    },

    /**
     * Replaces changed cases in one request. Filters name `_id` alone: FerretDB pushes only a bare
     * `_id` filter down, and would not enforce a version guard atomically anyway (decision 0007).
     * The guarantee is the partition: one consumer writes a case.
     */
    replaceAll: (docs: CaseDoc[]): Promise<void> => replaceById(cases, docs, { what: 'cases' }),

    /** Stores verdicts; a repeat keeps the first (the same verdict, see applyCommand). */
    async recordResults(list: CommandResultDoc[]): Promise<void> {
      if (list.length === 0) return;
      try {
        await results.insertMany(list, { ordered: false });
      } catch (e) {
        duplicateIds(e, list.map((r) => r._id));
      }
    },

    /**
     * Stores the audit trail: one document per write, with the events of that write (each list is
     * one case's events of one write, in order). Writes already there (a repeated relay) are skipped.
     */
    async storeEvents(writes: Envelope[][]): Promise<void> {
      const docs = writes.filter((w) => w.length > 0).map(caseEventsDoc);
      if (docs.length === 0) return;
      try {
        await events.insertMany(docs, { ordered: false });
      } catch (e) {
        duplicateIds(e, docs.map((d) => d._id));
      }
    },
  };
}
export type CaseStore = ReturnType<typeof createCaseStore>;
