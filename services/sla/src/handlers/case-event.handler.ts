import { ValidationError, type MessageContext } from '@cw/platform';
import type { Envelope } from '@cw/contracts';
import { clockViews } from '../domain/case-view.js';
import { planCase, type PlanOptions } from '../domain/schedule.js';
import type { CaseReader } from '../persistence/case-reader.js';
import type { DeadlineQueue } from '../persistence/deadline-queue.js';

function parseEvent(raw: Buffer | null): Pick<Envelope, 'id' | 'type' | 'caseId' | 'caseVersion'> {
  let value: unknown;
  try {
    value = JSON.parse(raw?.toString('utf8') ?? '');
  } catch {
    throw new ValidationError('Event is not valid JSON', [{ pointer: '/', rule: 'json', message: 'not valid JSON' }]);
  }
  const e = value as Partial<Envelope> | null;
  const details = (['id', 'type', 'caseId'] as const)
    .filter((k) => typeof e?.[k] !== 'string' || e[k] === '')
    .map((k) => ({ pointer: `/${k}`, rule: 'required', message: `${k} must be a non-empty string` }));
  if (details.length > 0 || e === null) throw new ValidationError('Event envelope is invalid', details);
  return e as Envelope;
}

/**
 * After any event of a case, re-plans all its timers from the case document (the workflow's truth,
 * already updated when the event is relayed). Events older than the document are skipped: the
 * event that brought the document to its version follows on the same partition.
 */
export function createCaseEventHandler(deps: { cases: CaseReader; deadlines: DeadlineQueue; plan: PlanOptions }) {
  // Case → the version its timers were last planned from. A command that produced several events
  // is planned once, from the document, at its first event; the rest need no read (bounded map).
  const planned = new Map<string, number>();
  return async (ctx: MessageContext): Promise<void> => {
    const event = parseEvent(ctx.message.value);
    if (typeof event.caseVersion === 'number' && event.caseVersion <= (planned.get(event.caseId) ?? 0)) return;
    const log = ctx.logger.child({ caseId: event.caseId, eventId: event.id, type: event.type });
    const doc = await deps.cases.load(event.caseId);
    if (!doc) {
      log.warn('no case document for the event; nothing to schedule');
      return;
    }
    if (typeof event.caseVersion === 'number' && event.caseVersion < doc.version) return;
    // An imported case before its history is replayed: timers now would fire for long-past dates.
    if (doc.historyPending === true) return;
    const changes = await deps.deadlines.syncCase(planCase(doc._id, clockViews(doc), deps.plan), event.id);
    planned.delete(doc._id);
    planned.set(doc._id, doc.version);
    if (planned.size > 50_000) planned.delete(planned.keys().next().value as string);
    log.debug({ ...changes }, 'timers synchronised');
  };
}
