import { sendJson, type Logger, type Producer } from '@cw/platform';
import type { TopicNames } from '@cw/contracts';
import type { Job } from 'bullmq';
import { clockViews } from '../domain/case-view.js';
import { commandsForFiring } from '../domain/commands.js';
import { planCase, type PlanOptions } from '../domain/schedule.js';
import type { CaseReader } from '../persistence/case-reader.js';
import type { DeadlineJobData } from '../persistence/deadline-queue.js';

export type FiringOutcome = 'sent' | 'stale' | 'no-case';

/**
 * A timer fired. It checks the case document first: a job the current plan no longer wants (step
 * done, clock paused, due date moved) is stale and sends nothing. Otherwise it sends the deadline
 * command(s); a failure to send makes BullMQ retry the job, and the workflow dedupes by command id.
 */
export function createDeadlineJobHandler(deps: { cases: CaseReader; producer: Producer; topics: TopicNames; plan: PlanOptions; now: () => Date; logger: Logger }) {
  return async (job: Job<DeadlineJobData>): Promise<FiringOutcome> => {
    const { caseId, clock, kind, commandId } = job.data;
    const log = deps.logger.child({ caseId, clock, kind, jobId: job.id });
    const doc = await deps.cases.load(caseId);
    if (!doc) {
      log.warn('case not found; timer dropped');
      return 'no-case';
    }
    const views = clockViews(doc);
    const wanted = planCase(caseId, views, deps.plan).find((s) => s.clock === clock && s.kind === kind)?.job;
    if (wanted === undefined || wanted.commandId !== commandId) {
      log.info({ commandId, wanted: wanted?.commandId }, 'stale timer; nothing sent');
      return 'stale';
    }
    const warned = views.find((v) => v.clock === clock)?.warned ?? false;
    const commands = commandsForFiring(wanted, warned, deps.plan, deps.now(), job.data.causationId);
    await sendJson(deps.producer, deps.topics.caseCommands, commands.map((c) => ({ key: c.caseId, value: c })));
    log.info({ commands: commands.map((c) => c.type), due: wanted.due }, 'deadline command sent');
    return 'sent';
  };
}
