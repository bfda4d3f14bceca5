import { sendJson, type MessageContext, type Producer } from '@cw/platform';
import { SYSTEM_ACTOR, type TopicNames, type CaseRegistration, type CaseRouting, type Envelope } from '@cw/contracts';
import type { ActiveRules } from '../domain/rules-source.js';

/** Decides category, jurisdiction and queue for a newly registered case and sends `RouteCase`. */
export function routeCaseCommand(event: Envelope<'CaseRegistered', CaseRegistration>, rules: ActiveRules, now: Date): Envelope<'RouteCase', CaseRouting> {
  const r = event.data;
  const result = rules.router.route({
    category: r.category,
    summary: r.summary,
    narrative: r.narrative,
    business: r.business.name,
    districtCode: r.business.districtCode,
    address: r.business.address,
    platform: r.business.platform,
  });
  return {
    // One routing per registration event: a redelivered event yields the same command id, which the workflow dedupes.
    id: `route:${event.id}`,
    type: 'RouteCase',
    version: 1,
    caseId: event.caseId,
    occurredAt: now.toISOString(),
    recordedAt: now.toISOString(),
    correlationId: event.correlationId,
    causationId: event.id,
    actor: SYSTEM_ACTOR('router'),
    source: 'router',
    data: {
      category: result.category,
      district: result.district,
      queue: result.queue,
      reasons: {
        category: { ruleId: result.reasons.category.ruleId, matched: result.reasons.category.matched },
        jurisdiction: { ruleId: result.reasons.jurisdiction.ruleId, matched: result.reasons.jurisdiction.matched },
      },
      configVersion: rules.version,
    },
  };
}

export function createCaseEventHandler(deps: { producer: Producer; topics: TopicNames; rules: () => ActiveRules; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  return async (ctx: MessageContext): Promise<void> => {
    const event = JSON.parse(ctx.message.value?.toString('utf8') ?? 'null') as Envelope | null;
    if (!event || event.type !== 'CaseRegistered') return;
    const command = routeCaseCommand(event as Envelope<'CaseRegistered', CaseRegistration>, deps.rules(), now());
    await sendJson(deps.producer, deps.topics.caseCommands, [{ key: command.caseId, value: command }]);
    ctx.logger.debug({ caseId: command.caseId, queue: command.data.queue }, 'routed');
  };
}
