import { computeDeadline, createCalendar, toShanghaiDate } from '@cw/calendar';
import { assertCaseCommand, type CaseCommand, type CaseEvent } from '@cw/contracts';
import { regionDays, type RoutingConfig } from '@cw/routing';
import {
  DEFAULT_WORKFLOW_CONFIG, decide, evolve, initialState, isRegistered, projectCase, type CaseState, type ComputeDeadline, type WorkflowConfig,
} from './domain/index.js';
import type { WorkflowDomain } from './handlers/case-command.handler.js';

/** What the decider takes from the region: its working-day calendar and its 12345 limits. */
export interface RegionDeadlineRules {
  config: WorkflowConfig;
  computeDeadline: ComputeDeadline;
}

/** The national calendar and Guangdong's 12345 limits. */
export const NATIONAL_DEADLINES: RegionDeadlineRules = {
  config: DEFAULT_WORKFLOW_CONFIG,
  computeDeadline: (start, period, pauses) => computeDeadline(start, period, pauses),
};

/**
 * The region file's deadlines section: local closures and working days on the national calendar,
 * the province's 12345 limits (Guangdong's where the file gives none).
 */
export function regionDeadlineRules(region: Pick<RoutingConfig, 'deadlines'>): RegionDeadlineRules {
  const calendar = createCalendar(regionDays(region));
  const h = region.deadlines?.hotline12345;
  return {
    config: h === undefined ? DEFAULT_WORKFLOW_CONFIG : { workOrder: { acknowledge: h.acknowledge, reply: h.reply as WorkflowConfig['workOrder']['reply'] } },
    computeDeadline: (start, period, pauses) => calendar.computeDeadline(start, period, pauses),
  };
}

/** Binds the pure domain to the region's working-day calendar and 12345 deadlines (read on each decision: a reloaded file applies at once). */
export function createWorkflowDomain(region: () => RegionDeadlineRules = () => NATIONAL_DEADLINES): WorkflowDomain<CaseState> {
  return {
    initial: initialState,
    validateCommand: (type, data) => { assertCaseCommand({ type, data }); },
    decide: (command, state, ctx) => {
      const r = region();
      return decide(command as CaseCommand, state, { now: ctx.now, actor: ctx.actor, config: r.config, computeDeadline: r.computeDeadline });
    },
    evolve: (state, event) => evolve(state, { type: event.type, data: event.data } as CaseEvent),
    project: (state, nowIso) => {
      if (!isRegistered(state)) throw new Error(`case ${state.caseId} has no registration`);
      return projectCase(state, toShanghaiDate(nowIso), region().computeDeadline);
    },
  };
}
