/**
 * Deadline countdowns for the consoles: how many working days are left until each due date, and
 * whether to colour it. Pure: the calendar comes in as a function (`workingDaysBetween` of
 * @cw/calendar in production).
 */
import { createCalendar, toShanghaiDate, workingDaysBetween } from '@cw/calendar';
import { perRulesVersion, regionDays, type ActiveRules } from '@cw/routing';

/** A case document's deadline as the workflow projects it. */
export interface StoredDeadline {
  due: string;
  state: string;
}

export interface DeadlineView extends StoredDeadline {
  /**
   * Working days from today to the due date: 0 on the due day, negative once it has passed
   * (see `workingDaysBetween`); null for a clock already met (nothing left to count).
   */
  workingDaysLeft: number | null;
  /** Close to the due date: at most `warnWorkingDays` working days left on a clock still open. */
  warned: boolean;
  /** Past due, or done late. */
  missed: boolean;
}

const OPEN_STATES = new Set(['running', 'provisional', 'paused']);

export function deadlineView(
  d: StoredDeadline,
  today: string,
  opts: { warnWorkingDays: number; workingDaysBetween: (a: string, b: string) => number },
): DeadlineView {
  const open = OPEN_STATES.has(d.state);
  const workingDaysLeft = d.state === 'met' ? null : opts.workingDaysBetween(today, d.due);
  const missed = d.state === 'missed' || (open && workingDaysLeft !== null && workingDaysLeft < 0);
  const warned = !missed && open && workingDaysLeft !== null && workingDaysLeft <= opts.warnWorkingDays;
  return { due: d.due, state: d.state, workingDaysLeft, warned, missed };
}

/** Every clock of a case; keys are clock names (accept, mediation, verification, …). */
export function deadlineViews(
  deadlines: Record<string, StoredDeadline> | undefined,
  today: string,
  opts: { warnWorkingDays: number; workingDaysBetween: (a: string, b: string) => number },
): Record<string, DeadlineView> {
  return Object.fromEntries(Object.entries(deadlines ?? {}).map(([name, d]) => [name, deadlineView(d, today, opts)]));
}

/** How countdowns count: the warning distance and the working-day calendar. */
export interface Countdowns {
  warnWorkingDays: number;
  workingDaysBetween: (a: string, b: string) => number;
}

/** The national calendar, warned 2 working days ahead (SLA_WARN_WORKING_DAYS' default). */
export const NATIONAL_COUNTDOWNS: Countdowns = { warnWorkingDays: 2, workingDaysBetween };

/** The region file's calendar (local closures, working days), rebuilt when the file changes. */
export function regionCountdowns(rules: () => ActiveRules, warnWorkingDays = 2): () => Countdowns {
  return perRulesVersion(rules, (region) => {
    const calendar = createCalendar(regionDays(region));
    return { warnWorkingDays, workingDaysBetween: (a: string, b: string) => calendar.workingDaysBetween(a, b) };
  });
}

/** Countdowns as of today in Shanghai. */
export function countdownsToday(deadlines: Record<string, StoredDeadline> | undefined, countdowns: Countdowns = NATIONAL_COUNTDOWNS): Record<string, DeadlineView> {
  return deadlineViews(deadlines, toShanghaiDate(new Date()), countdowns);
}
