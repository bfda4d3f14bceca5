import { SYSTEM_ACTOR, commandEnvelope, type Envelope } from '@cw/contracts';
import type { ClockName } from '@cw/contracts';
import { deadlineCommandId, warningAt, type DeadlineJob, type PlanOptions } from './schedule.js';

export const SERVICE = 'sla';

export type DeadlineCommand = Envelope<'RecordDeadlineWarning' | 'RecordDeadlineMiss', { clock: ClockName }>;

/**
 * The command a fired job sends. Everything in it derives from the job, so a repeated firing sends
 * the identical command and the workflow dedupes it by id. `occurredAt` is when the deadline was
 * reached, not when the job ran (a case imported late gets its warnings dated when they were due).
 */
export function deadlineCommand(job: DeadlineJob, now: Date, causationId: string): DeadlineCommand {
  return commandEnvelope({
    id: job.commandId,
    type: job.kind === 'warn' ? 'RecordDeadlineWarning' : 'RecordDeadlineMiss',
    caseId: job.caseId,
    occurredAt: job.fireAt,
    recordedAt: now.toISOString(),
    correlationId: job.commandId,
    causationId,
    actor: SYSTEM_ACTOR(SERVICE),
    source: SERVICE,
    data: { clock: job.clock },
  });
}

/**
 * Commands for a job that fires. A miss whose warning was never recorded (both were already past
 * when the case arrived, or the warning job was lost) sends the warning first, in the same batch
 * and partition, so the history always reads warned → missed.
 */
export function commandsForFiring(job: DeadlineJob, warned: boolean, plan: PlanOptions, now: Date, causationId: string): DeadlineCommand[] {
  if (job.kind === 'warn' || warned) return [deadlineCommand(job, now, causationId)];
  const warning: DeadlineJob = {
    ...job,
    kind: 'warn',
    fireAt: warningAt(job.due, plan.warnWorkingDays, plan.addWorkingDays),
    commandId: deadlineCommandId(job.caseId, job.clock, 'warn', job.due),
  };
  return [deadlineCommand(warning, now, causationId), deadlineCommand(job, now, causationId)];
}
