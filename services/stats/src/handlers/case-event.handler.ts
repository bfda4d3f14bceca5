import { ValidationError, type MessageContext } from '@cw/platform';
import { assertCaseEvent, type Envelope } from '@cw/contracts';
import type { BucketDims } from '../domain/counters.js';
import { dimsOfKey } from '../domain/counters.js';
import type { CaseEventEnvelope, Projector } from '../domain/projector.js';

/** Called after a change with the buckets it touched (hook for live deltas, issue 5 item 3). */
export type OnChanged = (scopes: BucketDims[], ctx: { caseId: string; caseVersion: number }) => void;

function parseEvent(raw: Buffer | null): CaseEventEnvelope {
  let value: unknown;
  try {
    value = JSON.parse(raw?.toString('utf8') ?? '');
  } catch {
    throw new ValidationError('Event is not valid JSON', [{ pointer: '/', rule: 'json', message: 'not valid JSON' }]);
  }
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

/** `case.events` → projector. Invalid events are dead-lettered by the consumer (non-retriable). */
export function createCaseEventHandler(deps: { projector: Projector; onChanged?: OnChanged }) {
  return async (ctx: MessageContext): Promise<void> => {
    const event = parseEvent(ctx.message.value);
    const deltas = await deps.projector.apply(event, { partition: ctx.partition, offset: Number(ctx.offset) });
    if (deltas.length > 0) {
      ctx.logger.debug({ caseId: event.caseId, caseVersion: event.caseVersion, type: event.type, buckets: deltas.length }, 'statistics changed');
      deps.onChanged?.(deltas.map((d) => dimsOfKey(d.key)), { caseId: event.caseId, caseVersion: event.caseVersion });
    }
  };
}
