/**
 * Reads the clocks of a case document (collection `cases`, written only by the workflow). The due
 * date comes from the projection (`deadlines.<clock>.due`), so the SLA service never recomputes the
 * calendar; the facts the projection does not carry (completed, warned, missed, an open pause) are
 * read from the workflow's state when present, with the projection's `state` as the fallback.
 */
import { isLocalDate } from '@cw/calendar';
import { CLOCK_NAMES, type ClockName } from '@cw/contracts';
import type { ClockView } from './schedule.js';

/** The fields of a case document this service reads. */
export interface CaseDocView {
  _id: string;
  version: number;
  deadlines?: Record<string, { due: string; state: string } | undefined>;
  state?: unknown;
  /** Imported, past steps not replayed yet: its clocks are history, not timers (decided at replay). */
  historyPending?: boolean;
}

/** The fields to ask the database for. */
export const CASE_VIEW_PROJECTION = { _id: 1, version: 1, deadlines: 1, 'state.clocks': 1, historyPending: 1 } as const;

interface ClockFacts {
  completed?: boolean;
  warned?: boolean;
  missed?: boolean;
  paused?: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function clockFacts(state: unknown, name: ClockName): ClockFacts {
  if (!isObject(state) || !isObject(state.clocks)) return {};
  const c = state.clocks[name];
  if (!isObject(c)) return {};
  return {
    completed: typeof c.completedOn === 'string',
    ...(typeof c.warned === 'boolean' ? { warned: c.warned } : {}),
    ...(typeof c.missed === 'boolean' ? { missed: c.missed } : {}),
    ...(Array.isArray(c.pauses) ? { paused: c.pauses.some((p) => isObject(p) && (p.to === undefined || p.to === null)) } : {}),
  };
}

/** The clocks of a case, in the fixed order of CLOCK_NAMES; clocks without a readable due date are left out. */
export function clockViews(doc: CaseDocView): ClockView[] {
  return CLOCK_NAMES.flatMap((clock) => {
    const d = doc.deadlines?.[clock];
    if (d === undefined || !isLocalDate(d.due)) return [];
    const f = clockFacts(doc.state, clock);
    const completed = f.completed === true || d.state === 'met';
    return [{
      clock,
      due: d.due,
      completed,
      paused: !completed && (f.paused ?? d.state === 'paused'),
      warned: f.warned ?? false,
      missed: f.missed ?? false,
    }];
  });
}
