import type { Logger } from '@cw/platform';
import { clockViews } from '../domain/case-view.js';
import { planCase, type PlanOptions } from '../domain/schedule.js';
import type { CaseReader } from '../persistence/case-reader.js';
import type { DeadlineQueue, SlotOutcome } from '../persistence/deadline-queue.js';

export interface RebuildSummary extends Record<SlotOutcome, number> {
  cases: number;
  ms: number;
}

/**
 * Re-creates the schedule from the `cases` collection (after Redis lost it, or on demand). Each case
 * goes through the same slot synchronisation as a live event, so running it twice, or while the
 * service runs, changes nothing that is already right.
 */
export async function rebuildSchedule(deps: { cases: CaseReader; deadlines: DeadlineQueue; plan: PlanOptions; logger: Logger; concurrency?: number }): Promise<RebuildSummary> {
  const started = Date.now();
  const summary: RebuildSummary = { cases: 0, kept: 0, added: 0, replaced: 0, removed: 0, empty: 0, ms: 0 };
  const inFlight = new Set<Promise<void>>();
  const limit = deps.concurrency ?? 16;
  let failure: unknown;
  for await (const doc of deps.cases.withOpenClocks()) {
    if (failure !== undefined) break;
    if (doc.historyPending === true) continue;
    const p: Promise<void> = deps.deadlines.syncCase(planCase(doc._id, clockViews(doc), deps.plan), 'rebuild')
      .then((c) => {
        summary.cases += 1;
        for (const k of Object.keys(c) as SlotOutcome[]) summary[k] += c[k];
      })
      .catch((error: unknown) => { failure ??= error; })
      .finally(() => { inFlight.delete(p); });
    inFlight.add(p);
    if (inFlight.size >= limit) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure !== undefined) throw failure;
  summary.ms = Date.now() - started;
  deps.logger.info({ ...summary }, 'schedule rebuilt from the cases collection');
  return summary;
}
