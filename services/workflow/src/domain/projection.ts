/** The query fields of a case document (status, queue, deadlines…) derived from the state. */
import type { CaseDoc } from '@cw/contracts';
import { availableActions } from './actions.js';
import { isPaused, isRunning, type RegisteredCase } from './case-state.js';
import { caseDeadlines, type ComputeDeadline } from './deadlines.js';
import type { LocalDate } from './local-date.js';

export type CaseProjection = Pick<CaseDoc, 'status' | 'category' | 'district' | 'queue' | 'assignee' | 'deadlines' | 'nextDueDate' | 'routing' | 'actions'>;

/** Read-side fields at `today`; `nextDueDate` is the nearest due date of a clock still running. */
export function projectCase(state: RegisteredCase, today: LocalDate, compute: ComputeDeadline): CaseProjection {
  const deadlines = caseDeadlines(state, today, compute);
  const open = deadlines.filter((d) => d.completedOn === undefined).map((d) => d.due).sort();
  return {
    status: state.status,
    ...(state.category === null ? {} : { category: state.category }),
    ...(state.district === null ? {} : { district: state.district }),
    ...(state.queue === null ? {} : { queue: state.queue }),
    ...(state.assignee === null ? {} : { assignee: state.assignee }),
    ...(state.routing === null ? {} : { routing: { ...state.routing.reasons, configVersion: state.routing.configVersion } }),
    // Published for sla and the consoles: the clock facts, so nobody reads the workflow's state.
    deadlines: Object.fromEntries(deadlines.map((d) => {
      const clock = state.clocks[d.name]!;
      return [d.name, {
        due: d.due, state: d.state, completed: clock.completedOn !== undefined,
        paused: isRunning(clock) && isPaused(clock),
        warned: clock.warned, missRecorded: clock.missed,
      }];
    })),
    ...(open[0] === undefined ? {} : { nextDueDate: open[0] }),
    actions: availableActions(state, today, compute),
  };
}
