/**
 * When to warn and when to flag a miss, as pure functions of due dates (DOMAIN.md §3–5). A due date
 * is a Shanghai calendar date and the act is in time on that whole day, so the miss happens at the
 * first instant of the next day in Asia/Shanghai; the warning at the first instant of the day that
 * is `warnWorkingDays` working days before the due date.
 */
import { addCalendarDays, addWorkingDays, type LocalDate } from '@cw/calendar';
import { CLOCK_NAMES, commandIds, type ClockName } from '@cw/contracts';

export const DEADLINE_KINDS = ['warn', 'miss'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** What the SLA service needs to know of one clock of a case. */
export interface ClockView {
  clock: ClockName;
  /** Due date as the workflow computed it (working-day calendar, pauses, extension). */
  due: LocalDate;
  /** Stopped for testing/appraisal or a suspension: nothing fires while paused. */
  paused: boolean;
  /** The act the clock waits for happened (or the case closed). */
  completed: boolean;
  /** The workflow already recorded a warning / a miss for this clock. */
  warned: boolean;
  missed: boolean;
}

/** One timer: the command it sends, when. */
export interface DeadlineJob {
  caseId: string;
  clock: ClockName;
  kind: DeadlineKind;
  due: LocalDate;
  /** ISO instant (Shanghai offset) at which the job fires; also the command's `occurredAt`. */
  fireAt: string;
  commandId: string;
}

/** One timer slot of a case (clock × warn/miss); `job` absent means "nothing should be scheduled". */
export interface Slot {
  jobId: string;
  caseId: string;
  clock: ClockName;
  kind: DeadlineKind;
  job?: DeadlineJob;
}

export interface PlanOptions {
  warnWorkingDays: number;
  /** The region's working-day calendar (local closures of the region file); the national one when absent. */
  addWorkingDays?: (date: LocalDate, n: number) => LocalDate;
}

/** `YYYY-MM-DDT00:00:00+08:00`: the first instant of a Shanghai date (China has no daylight saving). */
export function shanghaiMidnight(date: LocalDate): string {
  return `${date}T00:00:00+08:00`;
}

/** The day the warning fires: `n` working days before the due date (the due date itself when `n` is 0). */
export function warningOn(due: LocalDate, warnWorkingDays: number, add: (date: LocalDate, n: number) => LocalDate = addWorkingDays): LocalDate {
  return warnWorkingDays === 0 ? due : add(due, -warnWorkingDays);
}

export const warningAt = (due: LocalDate, warnWorkingDays: number, add?: (date: LocalDate, n: number) => LocalDate): string =>
  shanghaiMidnight(warningOn(due, warnWorkingDays, add));

/** The deadline is missed once its due date is over: midnight starting the next day in Shanghai. */
export const breachAt = (due: LocalDate): string => shanghaiMidnight(addCalendarDays(due, 1));

/**
 * The BullMQ job id of a slot. One id per case, clock and kind (BullMQ forbids `:` in custom ids),
 * so a changed due date replaces the job in the slot instead of adding a second one.
 */
export const slotJobId = (caseId: string, clock: ClockName, kind: DeadlineKind): string => `${caseId}.${clock}.${kind}`;

/**
 * The id of the command a job sends. It includes the due date, so a repeated firing for the same
 * due date is deduped by the workflow, while a new due date (after an extension) is a new command.
 */
export const deadlineCommandId = (caseId: string, clock: ClockName, kind: DeadlineKind, due: LocalDate): string =>
  commandIds.deadline(caseId, clock, kind, due);

function jobFor(caseId: string, view: ClockView, kind: DeadlineKind, opts: PlanOptions): DeadlineJob | undefined {
  if (view.completed || view.paused || view.missed) return undefined;
  if (kind === 'warn' && view.warned) return undefined;
  return {
    caseId,
    clock: view.clock,
    kind,
    due: view.due,
    fireAt: kind === 'warn' ? warningAt(view.due, opts.warnWorkingDays, opts.addWorkingDays) : breachAt(view.due),
    commandId: deadlineCommandId(caseId, view.clock, kind, view.due),
  };
}

/**
 * The slots of the clocks a case has, each with the job it should hold now (none for a stopped,
 * paused or missed clock, so the scheduler clears what an earlier state left there). A case's
 * clocks are only ever added, never taken away, so the slots of a clock it does not have have never
 * held a job: they are not looked at (2–6 slots per case instead of all 14).
 */
export function planCase(caseId: string, views: readonly ClockView[], opts: PlanOptions): Slot[] {
  return CLOCK_NAMES.flatMap((clock) => {
    const view = views.find((v) => v.clock === clock);
    if (view === undefined) return [];
    return DEADLINE_KINDS.map((kind) => {
      const job = jobFor(caseId, view, kind, opts);
      return { jobId: slotJobId(caseId, clock, kind), caseId, clock, kind, ...(job === undefined ? {} : { job }) };
    });
  });
}

/** Milliseconds from `now` until `fireAt`; 0 when it is already due (a past warning fires at once). */
export function delayUntil(fireAt: string, now: Date): number {
  return Math.max(0, Date.parse(fireAt) - now.getTime());
}

