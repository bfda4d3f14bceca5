import type { Connection } from '@cw/platform';
import { CLOCK_NAMES, COLLECTIONS } from '@cw/contracts';
import { CASE_VIEW_PROJECTION, type CaseDocView } from '../domain/case-view.js';

/** Deadline states under which a clock may still need a timer (`missed` also covers "not done and past due"). */
const MAY_RUN = ['running', 'provisional', 'paused', 'missed'];

/** Read-only access to the case documents the workflow writes. */
export function createCaseReader(mongo: Connection) {
  const cases = mongo.collection<CaseDocView>(COLLECTIONS.cases);
  return {
    load: (caseId: string): Promise<CaseDocView | null> =>
      cases.findOne({ _id: caseId }, { projection: CASE_VIEW_PROJECTION }),

    /**
     * Cases with a clock that may still be running, in batches (a cursor, not an array): the input
     * of a rebuild. Filters on the projection only, so it needs no index on the workflow's state.
     */
    async *withOpenClocks(batchSize = 500): AsyncGenerator<CaseDocView> {
      const filter = { $or: CLOCK_NAMES.map((c) => ({ [`deadlines.${c}.state`]: { $in: MAY_RUN } })) };
      const cursor = cases.find(filter, { projection: CASE_VIEW_PROJECTION, batchSize });
      try {
        for await (const doc of cursor) yield doc;
      } finally {
        await cursor.close();
      }
    },
  };
}
export type CaseReader = ReturnType<typeof createCaseReader>;
