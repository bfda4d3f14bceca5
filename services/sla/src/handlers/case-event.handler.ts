import { LRUCache } from 'lru-cache';
import pMap from 'p-map';
import type { BatchContext, BatchOutcome } from '@cw/platform';
import { decodeEvent, type Envelope } from '@cw/contracts';
import { clockViews, type CaseDocView } from '../domain/case-view.js';
import { planCase, type PlanOptions } from '../domain/schedule.js';
import type { CaseReader } from '../persistence/case-reader.js';
import type { DeadlineQueue } from '../persistence/deadline-queue.js';

type CaseEvent = Pick<Envelope, 'id' | 'type' | 'caseId' | 'caseVersion' | 'after'>;

const parseEvent = (raw: Buffer | null): CaseEvent => decodeEvent(raw, { require: ['id', 'type', 'caseId'] });

/** The case as the SLA service reads it, from the snapshot an event carries. */
const viewOf = (caseId: string, after: NonNullable<Envelope['after']>): CaseDocView => ({
  _id: caseId, version: after.version, deadlines: after.deadlines, historyPending: after.historyPending,
});

/**
 * After the events of a case, re-plans all its timers from the case as the workflow's write left
 * it: the snapshot on the write's last event (`after`), so the store is not read. A case whose
 * events in the batch carry no snapshot (a write's events split across batches, or events from
 * before snapshots) is read from the store. The timers of a whole batch are set in one go; a case
 * whose only write in the batch is its registration needs no look-up of its slots either.
 */
export function createCaseEventHandler(deps: { cases: CaseReader; deadlines: DeadlineQueue; plan: PlanOptions }) {
  /** Case → the version its timers were last planned from (a redelivery plans nothing twice). */
  const planned = new LRUCache<string, number>({ max: 50_000 });

  return async (batch: BatchContext): Promise<BatchOutcome> => {
    const deadLetters: BatchOutcome['deadLetters'] = [];
    /** caseId → its last event in the batch and its newest snapshot. */
    const byCase = new Map<string, { last: CaseEvent; view?: CaseDocView; registered?: boolean; writes: number }>();
    for (const message of batch.messages) {
      let event: CaseEvent;
      try {
        event = parseEvent(message.value);
      } catch (error) {
        deadLetters.push({ message, error });
        continue;
      }
      const entry = byCase.get(event.caseId) ?? { last: event, writes: 0 };
      entry.last = event;
      if (event.type === 'CaseRegistered') entry.registered = true;
      if (event.after && typeof event.after.version === 'number') { entry.view = viewOf(event.caseId, event.after); entry.writes += 1; }
      byCase.set(event.caseId, entry);
    }

    const views = await pMap([...byCase], async ([caseId, { last, view, registered, writes }]) => {
      if (typeof last.caseVersion === 'number' && last.caseVersion <= (planned.get(caseId) ?? 0)) return null;
      // Planned from its registration write alone: its slots hold nothing, or (a redelivery) these same
      // jobs. Not when the snapshot already records a fact (a warning, a miss, a completion): then the
      // registration in this batch is a relay of an old write, and the slots may hold fired jobs.
      const untouched = view !== undefined && clockViews(view).every((c) => !c.warned && !c.missed && !c.completed);
      if (view !== undefined) return { view, causationId: last.id, fresh: registered === true && writes === 1 && untouched };
      const doc = await deps.cases.load(caseId);
      if (!doc) {
        batch.logger.warn({ caseId, eventId: last.id }, 'no case document for the event; nothing to schedule');
        return null;
      }
      return { view: doc, causationId: last.id, fresh: false };
    }, { concurrency: 8 });

    // An imported case before its history is replayed: timers now would fire for long-past dates.
    const plans = views.filter((v): v is NonNullable<typeof v> => v !== null && v.view.historyPending !== true);
    const changes = await deps.deadlines.syncCases(plans.map(({ view, causationId, fresh }) => ({ slots: planCase(view._id, clockViews(view), deps.plan), causationId, fresh })));
    for (const v of views) if (v !== null) planned.set(v.view._id, v.view.version);
    if (plans.length > 0) batch.logger.debug({ partition: batch.partition, cases: plans.length, ...changes }, 'timers synchronised');
    return { deadLetters };
  };
}
