/**
 * `@cw/calendar`: Chinese working-day calendar (national schedule from `chinese-days` plus local
 * closures) and the statutory deadline rules of SAMR Orders No. 20 and No. 121.
 *
 * Dates are Asia/Shanghai calendar dates as `YYYY-MM-DD` strings ({@link LocalDate}).
 * See docs/decisions/0002-working-day-calendar.md for the counting choices.
 * @packageDocumentation
 */
import { createCalendar, type WorkingCalendar } from './calendar.js';

export {
  assertLocalDate,
  calendarDaysBetween,
  dayOfWeek,
  isLocalDate,
  toShanghaiDate,
  type LocalDate,
} from './local-date.js';
export {
  CALENDAR_DATA_COVERS_FROM,
  CALENDAR_DATA_COVERS_THROUGH,
  CALENDAR_DATA_SOURCE,
} from './national.js';
export {
  createCalendar,
  type CalendarConfig,
  type ComputeDeadlineOptions,
  type DayInfo,
  type DayKind,
  type DeadlineResult,
  type Pause,
  type Period,
  type WorkingCalendar,
} from './calendar.js';
export {
  RULE_SETS,
  SAMR_121_EFFECTIVE_FROM,
  ruleSetFor,
  type RuleSet,
  type RuleSetId,
} from './rules.js';

/** The national calendar with no local configuration. */
export const nationalCalendar: WorkingCalendar = createCalendar();

/** {@link WorkingCalendar.isWorkingDay} on the {@link nationalCalendar}. */
export const isWorkingDay: WorkingCalendar['isWorkingDay'] = nationalCalendar.isWorkingDay;
/** {@link WorkingCalendar.addWorkingDays} on the {@link nationalCalendar}. */
export const addWorkingDays: WorkingCalendar['addWorkingDays'] = nationalCalendar.addWorkingDays;
/** {@link WorkingCalendar.addCalendarDays} (no calendar needed; plain date arithmetic). */
export const addCalendarDays: WorkingCalendar['addCalendarDays'] = nationalCalendar.addCalendarDays;
/** {@link WorkingCalendar.workingDaysBetween} on the {@link nationalCalendar}. */
export const workingDaysBetween: WorkingCalendar['workingDaysBetween'] =
  nationalCalendar.workingDaysBetween;
/** {@link WorkingCalendar.workingDayDeadline} on the {@link nationalCalendar}. */
export const workingDayDeadline: WorkingCalendar['workingDayDeadline'] =
  nationalCalendar.workingDayDeadline;
/** {@link WorkingCalendar.calendarDayDeadline} on the {@link nationalCalendar}. */
export const calendarDayDeadline: WorkingCalendar['calendarDayDeadline'] =
  nationalCalendar.calendarDayDeadline;
/** {@link WorkingCalendar.computeDeadline} on the {@link nationalCalendar}. */
export const computeDeadline: WorkingCalendar['computeDeadline'] = nationalCalendar.computeDeadline;
