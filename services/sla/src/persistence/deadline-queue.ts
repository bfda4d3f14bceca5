import type { Queue } from 'bullmq';
import { UnavailableError } from '@cw/platform';
import { delayUntil, type DeadlineJob, type Slot } from '../domain/schedule.js';

/** What a job carries: the timer plus the id of the message that (re)scheduled it. */
export interface DeadlineJobData extends DeadlineJob {
  causationId: string;
}

export type SlotOutcome = 'kept' | 'added' | 'replaced' | 'removed' | 'empty';

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
 * Calls for one case must not overlap (the Kafka consumer keeps a case's events in order).
 */
export function createDeadlineQueue(queue: Queue<DeadlineJobData>, now: () => Date) {
  async function syncSlot(slot: Slot, causationId: string): Promise<SlotOutcome> {
    const existing = await queue.getJob(slot.jobId);
    if (existing) {
      if (slot.job !== undefined && existing.data.commandId === slot.job.commandId && existing.data.fireAt === slot.job.fireAt
        && (await existing.getState()) !== 'failed') {
        return 'kept';
      }
      if ((await queue.remove(slot.jobId)) !== 1 && (await queue.getJob(slot.jobId)) !== undefined) {
        // It is firing right now; once it finishes the slot can be replaced.
        throw new UnavailableError(`deadline job ${slot.jobId} is running; retrying`);
      }
    }
    if (slot.job === undefined) return existing ? 'removed' : 'empty';
    await queue.add(slot.kind, { ...slot.job, causationId }, { ...JOB_OPTIONS, jobId: slot.jobId, delay: delayUntil(slot.job.fireAt, now()) });
    return existing ? 'replaced' : 'added';
  }

  return {
    queue,
    /** Brings every slot of one case in line with its plan; returns how many slots changed. */
    async syncCase(slots: readonly Slot[], causationId: string): Promise<Record<SlotOutcome, number>> {
      const outcomes = await Promise.all(slots.map((s) => syncSlot(s, causationId)));
      const count: Record<SlotOutcome, number> = { kept: 0, added: 0, replaced: 0, removed: 0, empty: 0 };
      for (const o of outcomes) count[o] += 1;
      return count;
    },
    /** True when the queue holds no job at all: Redis was flushed or the queue obliterated. */
    async isEmpty(): Promise<boolean> {
      const counts = await queue.getJobCounts('active', 'waiting', 'delayed', 'prioritized', 'paused', 'waiting-children', 'completed', 'failed');
      return Object.values(counts).every((n) => n === 0);
    },
  };
}
export type DeadlineQueue = ReturnType<typeof createDeadlineQueue>;
