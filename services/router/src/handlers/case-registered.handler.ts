import { sendJsonBatch, type BatchContext, type BatchOutcome, type Producer } from '@cw/platform';
import { SYSTEM_ACTOR, commandEnvelope, commandIds, decodeEvent, type TopicNames, type CaseRegistration, type CaseRouting, type Envelope } from '@cw/contracts';
import { decideRouting, type ActiveRules } from '@cw/routing';

/** Decides category, jurisdiction and queue for a newly registered case and sends `RouteCase`. */
export function routeCaseCommand(event: Envelope<'CaseRegistered', CaseRegistration>, rules: ActiveRules, now: Date): Envelope<'RouteCase', CaseRouting> {
  return commandEnvelope({
    // One routing per registration event: a redelivered event yields the same command id, which the workflow dedupes.
    id: commandIds.route(event.id),
    type: 'RouteCase',
    caseId: event.caseId,
    occurredAt: now.toISOString(),
    recordedAt: now.toISOString(),
    correlationId: event.correlationId,
    causationId: event.id,
    actor: SYSTEM_ACTOR('router'),
    source: 'router',
    data: decideRouting(rules, event.data),
  });
}

/**
 * `case.events` → `RouteCase` for registrations that came without a routing (intake routes at
 * registration; this covers producers that do not). One produce per batch; an event that is not
 * JSON is dead-lettered, not retried.
 */
export function createCaseEventHandler(deps: { producer: Producer; topics: TopicNames; rules: () => ActiveRules; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  return async (batch: BatchContext): Promise<BatchOutcome> => {
    const deadLetters: BatchOutcome['deadLetters'] = [];
    const commands: Envelope<'RouteCase', CaseRouting>[] = [];
    const at = now();
    for (const message of batch.messages) {
      try {
        const event = decodeEvent(message.value, { what: 'Case event', require: ['id', 'type', 'caseId'] });
        if (event.type !== 'CaseRegistered') continue;
        const registration = event.data as CaseRegistration;
        if (registration.routing) continue;
        commands.push(routeCaseCommand(event as Envelope<'CaseRegistered', CaseRegistration>, deps.rules(), at));
      } catch (error) {
        deadLetters.push({ message, error });
      }
    }
    await sendJsonBatch(deps.producer, [{ topic: deps.topics.caseCommands, messages: commands.map((c) => ({ key: c.caseId, value: c })) }]);
    return { deadLetters };
  };
}
