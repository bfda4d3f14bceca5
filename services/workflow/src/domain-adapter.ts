import { computeDeadline, toShanghaiDate } from '@cw/calendar';
import { assertCaseCommand, type CaseCommand, type CaseEvent } from '@cw/contracts';
import {
  DEFAULT_WORKFLOW_CONFIG, decide, evolve, initialState, isRegistered, projectCase, type CaseState, type WorkflowConfig,
} from './domain/index.js';
import type { WorkflowDomain } from './handlers/case-command.handler.js';

/** Binds the pure domain to the national working-day calendar and the configured 12345 deadlines. */
export function createWorkflowDomain(config: WorkflowConfig = DEFAULT_WORKFLOW_CONFIG): WorkflowDomain<CaseState> {
  return {
    initial: initialState,
    validateCommand: (type, data) => { assertCaseCommand({ type, data }); },
    decide: (command, state, ctx) => decide(command as CaseCommand, state, { now: ctx.now, actor: ctx.actor, config }),
    evolve: (state, event) => evolve(state, { type: event.type, data: event.data } as CaseEvent),
    project: (state, nowIso) => {
      if (!isRegistered(state)) throw new Error(`case ${state.caseId} has no registration`);
      return projectCase(state, toShanghaiDate(nowIso), (start, period, pauses) => computeDeadline(start, period, pauses));
    },
  };
}
