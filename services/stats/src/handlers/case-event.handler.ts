import { ValidationError, parseJsonValue, type BatchContext, type BatchOutcome } from '@cw/platform';
import { assertCaseEvent, type Envelope } from '@cw/contracts';
import type { BucketDims } from '../domain/counters.js';
import { dimsOfKey } from '../domain/counters.js';
import type { CaseEventEnvelope, Projector } from '../domain/projector.js';

/** Called after a change with the buckets it touched (hook for live deltas, issue 5 item 3). */
export type OnChanged = (scopes: BucketDims[]) => void;

function parseEvent(raw: Buffer | null): CaseEventEnvelope {
  const value = parseJsonValue(raw, 'Event');
  const e = value as Partial<Envelope>;
  const details = (['caseId', 'occurredAt', 'type'] as const)
    .filter((k) => typeof e?.[k] !== 'string' || e[k] === '')
    .map((k) => ({ pointer: `/${k}`, rule: 'required', message: `${k} must be a non-empty string` }));
  if (!Number.isInteger(e?.caseVersion) || (e.caseVersion ?? 0) < 1) {
    details.push({ pointer: '/caseVersion', rule: 'required', message: 'caseVersion must be a positive integer' });
  }
  if (details.length > 0) throw new ValidationError('Event envelope is invalid', details);
  const event = assertCaseEvent({ type: e.type, data: e.data });
  return { ...event, caseId: e.caseId!, caseVersion: e.caseVersion!, occurredAt: e.occurredAt! } as CaseEventEnvelope;
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
