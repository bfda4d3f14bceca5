/**
 * Reads the clocks of a case document (collection `cases`, written only by the workflow) as the
 * workflow publishes them (`deadlines.<clock>`: due date, state and the facts completed, paused,
 * warned, missRecorded), so the SLA service never recomputes the calendar and never reads the
 * workflow's private state. Documents written before the facts were published carry only
 * `state`: completed and paused are read from it, warned and missed taken as not recorded (a
 * repeated warning or miss has the same command id, and the workflow dedupes it).
 */
import { isLocalDate } from '@cw/calendar';
import { CLOCK_NAMES, type DeadlineView } from '@cw/contracts';
import type { ClockView } from './schedule.js';

/** The fields of a case document this service reads. */
export interface CaseDocView {
  _id: string;
  version: number;
  deadlines?: Record<string, DeadlineView | undefined>;
  /** Imported, past steps not replayed yet: its clocks are history, not timers (decided at replay). */
  historyPending?: boolean;
}

/** The fields to ask the database for. */
export const CASE_VIEW_PROJECTION = { _id: 1, version: 1, deadlines: 1, historyPending: 1 } as const;

/** The clocks of a case, in the fixed order of CLOCK_NAMES; clocks without a readable due date are left out. */
export function clockViews(doc: CaseDocView): ClockView[] {
  return CLOCK_NAMES.flatMap((clock) => {
    const d = doc.deadlines?.[clock];
    if (d === undefined || !isLocalDate(d.due)) return [];
    const completed = d.completed ?? d.state === 'met';
    return [{
      clock,
      due: d.due,
      completed,
      paused: !completed && (d.paused ?? d.state === 'paused'),
      warned: d.warned ?? false,
      missed: d.missRecorded ?? false,
    }];
  });
}
