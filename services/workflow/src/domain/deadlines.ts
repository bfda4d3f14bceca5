/**
 * Due dates and deadline states of a case's clocks at a given day. Pure: the working-day calendar
 * comes in as a function (in production `computeDeadline` of @cw/calendar), so the state machine
 * never depends on holiday data.
 */
import { CLOCK_NAMES, extendedPeriod, type ClockName, type ClockPeriod } from '@cw/contracts';
import { isPaused, isRunning, type CaseState, type Clock } from './case-state.js';
import { addDays, type LocalDate } from './local-date.js';

/** A pause as the calendar expects it: days `from <= d < to` do not count. */
export interface CalendarPause {
  from: LocalDate;
  to?: LocalDate;
}

/** `computeDeadline` of @cw/calendar, or any function with its meaning. */
export type ComputeDeadline = (
  start: LocalDate,
  period: ClockPeriod,
  pauses: readonly CalendarPause[],
) => { due: LocalDate; provisional: boolean };

/**
 * - `running`: not done, due date ahead, calendar data covers it
 * - `provisional`: as running, but the due date relies on a year without published holidays
 * - `paused`: not done and currently stopped (due is the earliest possible: as if it restarted tomorrow)
 * - `met` / `missed`: done on or before / after the due date, or (missed) not done and past due
 */
export type DeadlineState = 'running' | 'paused' | 'met' | 'missed' | 'provisional';

export interface ClockDeadline {
  name: ClockName;
  startedOn: LocalDate;
  due: LocalDate;
  provisional: boolean;
  state: DeadlineState;
  completedOn?: LocalDate;
}

/** The period plus its approved extension (both must use the same unit). */
export function totalPeriod(clock: Clock): ClockPeriod {
  return extendedPeriod(clock.period, clock.extension?.period, clock.name);
}

/** The due date and state of one clock on `today`. */
export function clockDeadline(clock: Clock, today: LocalDate, compute: ComputeDeadline): ClockDeadline {
  const open = isRunning(clock) && isPaused(clock);
  // An open pause counts through today; the clock is assumed to restart tomorrow.
  const tomorrow = addDays(today, 1);
  const pauses = clock.pauses.map((p) => ({ from: p.from, to: p.to ?? (tomorrow > p.from ? tomorrow : p.from) }));
  const { due, provisional } = clock.fixedDueOn !== undefined
    ? { due: clock.fixedDueOn, provisional: false }
    : compute(clock.startedOn, totalPeriod(clock), pauses);

  let state: DeadlineState;
  if (clock.completedOn !== undefined) state = clock.completedOn <= due ? 'met' : 'missed';
  else if (today > due) state = 'missed';
  else if (open) state = 'paused';
  else if (provisional) state = 'provisional';
  else state = 'running';

  return {
    name: clock.name,
    startedOn: clock.startedOn,
    due,
    provisional,
    state,
    ...(clock.completedOn === undefined ? {} : { completedOn: clock.completedOn }),
  };
}

/** Every clock of a case on `today`, in a fixed order. */
export function caseDeadlines(state: CaseState, today: LocalDate, compute: ComputeDeadline): ClockDeadline[] {
  if (state.status === 'unregistered') return [];
  return CLOCK_NAMES.flatMap((name) => {
    const clock = state.clocks[name];
    return clock === undefined ? [] : [clockDeadline(clock, today, compute)];
  });
}
