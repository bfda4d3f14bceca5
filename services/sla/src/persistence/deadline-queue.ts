import type { Queue } from 'bullmq';
import pMap from 'p-map';
import { UnavailableError } from '@cw/platform';
import { delayUntil, type DeadlineJob, type Slot } from '../domain/schedule.js';

/** What a job carries: the timer plus the id of the message that (re)scheduled it. */
export interface DeadlineJobData extends DeadlineJob {
  causationId: string;
}

export type SlotOutcome = 'kept' | 'added' | 'replaced' | 'removed' | 'empty';

/** The slots of one case; `fresh`: planned for the first time (its registration is in the batch). */
export interface CasePlan {
  slots: readonly Slot[];
  causationId: string;
  fresh?: boolean;
}

const DAY_S = 24 * 3600;
/** Finished jobs stay a while so that an unchanged timer is recognised and not fired twice. */
const JOB_OPTIONS = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 30 * DAY_S },
  removeOnFail: { age: 30 * DAY_S },
} as const;

/**
 * The schedule in BullMQ: one delayed job per slot (case × clock × warn/miss). BullMQ ignores an add
 * whose id exists, so a slot is synchronised by looking at what it holds: the same timer stays
 * (even finished: it must not fire twice), anything else is removed before the new job is added.
 * New jobs of a whole batch go in one `addBulk`. Calls for one case must not overlap (the Kafka
 * consumer keeps a case's events in order).
 */
export function createDeadlineQueue(queue: Queue<DeadlineJobData>, now: () => Date) {
  /** Clears what the slot holds if it must change; returns the job to add, if any. */
  async function prepareSlot(slot: Slot): Promise<{ outcome: SlotOutcome; add?: Slot & { job: DeadlineJob } }> {
    const existing = await queue.getJob(slot.jobId);
    if (existing) {
      if (slot.job !== undefined && existing.data.commandId === slot.job.commandId && existing.data.fireAt === slot.job.fireAt
        && (await existing.getState()) !== 'failed') {
        return { outcome: 'kept' };
      }
      if ((await queue.remove(slot.jobId)) !== 1 && (await queue.getJob(slot.jobId)) !== undefined) {
        // It is firing right now; once it finishes the slot can be replaced.
        throw new UnavailableError(`deadline job ${slot.jobId} is running; retrying`);
      }
    }
    if (slot.job === undefined) return { outcome: existing ? 'removed' : 'empty' };
    return { outcome: existing ? 'replaced' : 'added', add: slot as Slot & { job: DeadlineJob } };
  }

  /**
   * A slot of a case planned for the first time holds nothing, or (a redelivery) the very job this
   * plan adds, which BullMQ then ignores: no look-up needed.
   */
  const freshSlot = (slot: Slot): { outcome: SlotOutcome; add?: Slot & { job: DeadlineJob } } =>
    (slot.job === undefined ? { outcome: 'empty' } : { outcome: 'added', add: slot as Slot & { job: DeadlineJob } });

  /** Brings every slot of these cases in line with their plans; returns how many slots changed how. */
  async function syncCases(plans: readonly CasePlan[]): Promise<Record<SlotOutcome, number>> {
    const work = plans.flatMap((p) => p.slots.map((slot) => ({ slot, causationId: p.causationId, fresh: p.fresh === true })));
    const prepared = await pMap(work, async (w) => ({ ...w, ...(w.fresh ? freshSlot(w.slot) : await prepareSlot(w.slot)) }), { concurrency: 32 });
    const adds = prepared.filter((p) => p.add !== undefined);
    if (adds.length > 0) {
      const at = now();
      await queue.addBulk(adds.map(({ add, causationId }) => ({
        name: add!.kind, data: { ...add!.job, causationId }, opts: { ...JOB_OPTIONS, jobId: add!.jobId, delay: delayUntil(add!.job.fireAt, at) },
      })));
    }
    const count: Record<SlotOutcome, number> = { kept: 0, added: 0, replaced: 0, removed: 0, empty: 0 };
    for (const p of prepared) count[p.outcome] += 1;
    return count;
  }

  return {
    queue,
    syncCases,
    /** {@link syncCases} for one case. */
    syncCase: (slots: readonly Slot[], causationId: string) => syncCases([{ slots, causationId }]),
    /** True when the queue holds no job at all: Redis was flushed or the queue obliterated. */
    async isEmpty(): Promise<boolean> {
      const counts = await queue.getJobCounts('active', 'waiting', 'delayed', 'prioritized', 'paused', 'waiting-children', 'completed', 'failed');
      return Object.values(counts).every((n) => n === 0);
    },
  };
}
export type DeadlineQueue = ReturnType<typeof createDeadlineQueue>;
