import type { BatchContext, BatchOutcome } from '@cw/platform';
import { assertCaseEvent, decodeEvent } from '@cw/contracts';
import type { BucketDims } from '../domain/counters.js';
import { dimsOfKey } from '../domain/counters.js';
import type { CaseEventEnvelope, Projector } from '../domain/projector.js';

/** Called after a change with the buckets it touched (the live figures of decision 0008). */
export type OnChanged = (scopes: BucketDims[]) => void;

function parseEvent(raw: Buffer | null): CaseEventEnvelope {
  const e = decodeEvent(raw, { require: ['caseId', 'occurredAt', 'type'], caseVersion: 'positive' });
  const event = assertCaseEvent({ type: e.type, data: e.data });
  return { ...event, caseId: e.caseId, caseVersion: e.caseVersion!, occurredAt: e.occurredAt } as CaseEventEnvelope;
}

/**
 * `case.events` → projector, a partition's batch at a time. Invalid events become the batch's dead
 * letters (non-retriable); the rest are applied together with one flush.
 */
export function createCaseEventHandler(deps: { projector: Projector; onChanged?: OnChanged }) {
  return async (batch: BatchContext): Promise<BatchOutcome> => {
    const deadLetters: BatchOutcome['deadLetters'] = [];
    const events: CaseEventEnvelope[] = [];
    for (const message of batch.messages) {
      try {
        events.push(parseEvent(message.value));
      } catch (error) {
        deadLetters.push({ message, error });
      }
    }
    const lastOffset = Number(batch.messages[batch.messages.length - 1]!.offset);
    const changed = await deps.projector.applyBatch(batch.partition, events, lastOffset);
    if (changed.length > 0) {
      batch.logger.debug({ partition: batch.partition, events: events.length, buckets: changed.length }, 'statistics changed');
      deps.onChanged?.(changed.map(dimsOfKey));
    }
    return { deadLetters };
  };
}
