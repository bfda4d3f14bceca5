/**
 * Working-day calendar and deadline arithmetic (DOMAIN.md §3 counting rules, §5 calendar).
 */
import {
  assertLocalDate,
  fromDayNumber,
  toDayNumber,
  weekdayOfDayNumber,
  type LocalDate,
} from './local-date.js';
import { isYearCovered, nationalDay } from './national.js';

/** A time limit: `days` working days or calendar days. */
export interface Period {
  /** Length of the period; a positive integer. */
  readonly days: number;
  /** `'working'`: count working days only; `'calendar'`: count every day. */
  readonly unit: 'working' | 'calendar';
}

/**
 * A stopped clock (product testing/appraisal, suspension). The clock is stopped on every day `d`
 * with `from <= d < to`: `from` is the first day that does not count, `to` is the day the clock
 * resumes and counts again. `to === from` is an empty pause. An open pause (no `to`) is still
 * running; see {@link ComputeDeadlineOptions.asOf}.
 */
export interface Pause {
  /** First day on which the clock is stopped. */
  readonly from: LocalDate;
  /** Day on which the clock resumes (counts again); omitted while the pause is still running. */
  readonly to?: LocalDate;
}

/** Result of {@link WorkingCalendar.computeDeadline}. */
export interface DeadlineResult {
  /** The last day on which the act is still in time ("within N" includes day N). */
  readonly due: LocalDate;
  /**
   * `true` when a date examined (receipt date, any counted day, the due date) lies outside the
   * years covered by the national holiday data, so `due` may change once the State Council
   * publishes that year's schedule.
   */
  readonly provisional: boolean;
  /**
   * `true` when some pause is still open: `due` is then the earliest possible due date (the clock
   * is assumed to resume the day after `asOf`, or on the pause's `from` when `asOf` is not given).
   */
  readonly paused: boolean;
}

/** Options for {@link WorkingCalendar.computeDeadline}. */
export interface ComputeDeadlineOptions {
  /**
   * "Today" for open pauses: an open pause is treated as covering `from` up to and including
   * `asOf` (clock resumes on `asOf + 1`). Without `asOf` an open pause covers no days.
   */
  readonly asOf?: LocalDate;
}

/** Local configuration on top of the national schedule. */
export interface CalendarConfig {
  /** Extra non-working days (e.g. a local extension of a holiday), `YYYY-MM-DD`. */
  readonly extraClosures?: readonly LocalDate[];
  /** Extra working days (e.g. an office ordered to work on a holiday), `YYYY-MM-DD`. */
  readonly extraWorkdays?: readonly LocalDate[];
}

/** Why a day is (not) a working day. */
export type DayKind =
  | 'workday' // ordinary Monday–Friday
  | 'weekend' // ordinary Saturday/Sunday
  | 'holiday' // national statutory holiday (incl. bridged weekdays)
  | 'makeup-workday' // national make-up working day (调休上班) on a weekend
  | 'local-closure' // configured extra closure
  | 'local-workday'; // configured extra working day

/** Classification of one date. */
export interface DayInfo {
  readonly date: LocalDate;
  readonly working: boolean;
  readonly kind: DayKind;
  /** Holiday name from the national data (e.g. `'国庆节'`) for `holiday`/`makeup-workday`. */
  readonly name?: string;
  /** Whether the national data covers this date's year. */
  readonly covered: boolean;
}

/**
 * A working-day calendar: national schedule plus local closures/workdays. All dates are
 * Asia/Shanghai calendar dates (`YYYY-MM-DD`); all functions are pure and throw `RangeError` on
 * malformed input.
 */
export interface WorkingCalendar {
  /** Whether `date` is a working day. */
  isWorkingDay(date: LocalDate): boolean;
  /** Classification of `date` (working or not, and why). */
  describeDay(date: LocalDate): DayInfo;
  /** Whether the national data covers the year of `date`. */
  isCovered(date: LocalDate): boolean;
  /** The first working day strictly after `date`. */
  nextWorkingDay(date: LocalDate): LocalDate;
  /**
   * The `n`-th working day after `start` (`start` itself never counts); for negative `n` the
   * `|n|`-th working day before `start`; `n === 0` returns `start` unchanged.
   * Inverse of {@link workingDaysBetween}: `workingDaysBetween(d, addWorkingDays(d, n)) === n`.
   */
  addWorkingDays(start: LocalDate, n: number): LocalDate;
  /** `start` plus `n` calendar days (`n` may be negative). */
  addCalendarDays(start: LocalDate, n: number): LocalDate;
  /**
   * Working days from `a` to `b`, for countdowns ("3 working days left").
   * For `b >= a`: the number of working days `d` with `a < d <= b` (0 when `b` is `a`).
   * For `b < a`: minus the number of working days `d` with `b <= d < a`, so a deadline that has
   * passed always gives a negative value (due Friday, asked on Saturday → -1).
   */
  workingDaysBetween(a: LocalDate, b: LocalDate): number;
  /** Due date of "within `n` working days of `start`": `addWorkingDays(start, n)`, `n >= 1`. */
  workingDayDeadline(start: LocalDate, n: number): LocalDate;
  /**
   * Due date of "within `n` calendar days of `start`": `start + n`; if that day is not a working
   * day (statutory holiday, weekend that is not a make-up day, local closure), the first working
   * day after it. `n >= 1`.
   */
  calendarDayDeadline(start: LocalDate, n: number): LocalDate;
  /**
   * Due date of a period starting on `start` (the day of receipt/acceptance/decision, which does
   * not count), with the clock stopped during `pauses` (union of all pauses; see {@link Pause}).
   * Working-day periods count working days that are not paused; calendar-day periods count
   * calendar days that are not paused and then roll forward to a working day.
   */
  computeDeadline(
    start: LocalDate,
    period: Period,
    pauses?: readonly Pause[],
    options?: ComputeDeadlineOptions,
  ): DeadlineResult;
}

/** Upper bound on day-by-day scans, so bad input cannot loop forever (~100 years). */
const MAX_SCAN_DAYS = 36_600;

function assertInteger(n: unknown, label: string, min: number): asserts n is number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min) {
    throw new RangeError(`${label} must be an integer >= ${min}, got ${String(n)}`);
  }
}

function toDateSet(dates: readonly LocalDate[] | undefined, label: string): ReadonlySet<LocalDate> {
  const set = new Set<LocalDate>();
  for (const [i, d] of (dates ?? []).entries()) {
    assertLocalDate(d, `${label}[${i}]`);
    set.add(d);
  }
  return set;
}

/**
 * Creates a working-day calendar: national schedule from `chinese-days`, then local configuration
 * on top (`extraClosures` and `extraWorkdays` win over the national data).
 *
 * @param config local closures/workdays; a date may not appear in both lists
 * @throws RangeError on a malformed date or a date listed as both closure and workday
 * @example
 * const cal = createCalendar({ extraClosures: ['2020-02-03', '2020-02-04'] });
 * cal.workingDayDeadline('2020-09-28', 7); // '2020-10-14'
 */
export function createCalendar(config: CalendarConfig = {}): WorkingCalendar {
  const closures = toDateSet(config.extraClosures, 'extraClosures');
  const workdays = toDateSet(config.extraWorkdays, 'extraWorkdays');
  for (const d of closures) {
    if (workdays.has(d)) {
      throw new RangeError(`${d} is listed in both extraClosures and extraWorkdays`);
    }
  }

  const describe = (dn: number, date: LocalDate): DayInfo => {
    const covered = isYearCovered(date);
    if (closures.has(date)) return { date, working: false, kind: 'local-closure', covered };
    if (workdays.has(date)) return { date, working: true, kind: 'local-workday', covered };
    const national = nationalDay(date);
    if (national) {
      return national.working
        ? { date, working: true, kind: 'makeup-workday', name: national.name, covered }
        : { date, working: false, kind: 'holiday', name: national.name, covered };
    }
    const wd = weekdayOfDayNumber(dn);
    return wd === 0 || wd === 6
      ? { date, working: false, kind: 'weekend', covered }
      : { date, working: true, kind: 'workday', covered };
  };

  const workingDn = (dn: number): boolean => {
    const date = fromDayNumber(dn);
    if (closures.has(date)) return false;
    if (workdays.has(date)) return true;
    const national = nationalDay(date);
    if (national) return national.working;
    const wd = weekdayOfDayNumber(dn);
    return wd !== 0 && wd !== 6;
  };

  /** Next working day strictly after (step 1) or before (step -1) `dn`. */
  const stepWorking = (dn: number, step: 1 | -1): number => {
    for (let i = 0; i < MAX_SCAN_DAYS; i++) {
      dn += step;
      if (workingDn(dn)) return dn;
    }
    throw new RangeError('no working day found within 100 years');
  };

  const firstWorkingOnOrAfter = (dn: number): number => (workingDn(dn) ? dn : stepWorking(dn, 1));

  const addWorkingDn = (dn: number, n: number): number => {
    const step = n < 0 ? -1 : 1;
    for (let left = Math.abs(n); left > 0; left--) dn = stepWorking(dn, step);
    return dn;
  };

  const cal: WorkingCalendar = {
    isWorkingDay(date) {
      assertLocalDate(date);
      return workingDn(toDayNumber(date));
    },

    describeDay(date) {
      assertLocalDate(date);
      return describe(toDayNumber(date), date);
    },

    isCovered(date) {
      assertLocalDate(date);
      return isYearCovered(date);
    },

    nextWorkingDay(date) {
      assertLocalDate(date);
      return fromDayNumber(stepWorking(toDayNumber(date), 1));
    },

    addWorkingDays(start, n) {
      assertLocalDate(start, 'start');
      assertInteger(n, 'n', Number.MIN_SAFE_INTEGER);
      return fromDayNumber(addWorkingDn(toDayNumber(start), n));
    },

    addCalendarDays(start, n) {
      assertLocalDate(start, 'start');
      assertInteger(n, 'n', Number.MIN_SAFE_INTEGER);
      return fromDayNumber(toDayNumber(start) + n);
    },

    workingDaysBetween(a, b) {
      assertLocalDate(a, 'a');
      assertLocalDate(b, 'b');
      const da = toDayNumber(a);
      const db = toDayNumber(b);
      let count = 0;
      if (db >= da) {
        for (let d = da + 1; d <= db; d++) if (workingDn(d)) count++;
        return count;
      }
      for (let d = db; d < da; d++) if (workingDn(d)) count++;
      return -count;
    },

    workingDayDeadline(start, n) {
      return cal.computeDeadline(start, { days: n, unit: 'working' }).due;
    },

    calendarDayDeadline(start, n) {
      return cal.computeDeadline(start, { days: n, unit: 'calendar' }).due;
    },

    computeDeadline(start, period, pauses = [], options = {}) {
      assertLocalDate(start, 'start');
      if (period.unit !== 'working' && period.unit !== 'calendar') {
        throw new RangeError(`period.unit must be 'working' or 'calendar', got ${String(period.unit)}`);
      }
      assertInteger(period.days, 'period.days', 1);
      if (options.asOf !== undefined) assertLocalDate(options.asOf, 'options.asOf');

      // Pauses as half-open day-number intervals [from, to).
      let open = false;
      const intervals: Array<readonly [number, number]> = [];
      for (const [i, p] of pauses.entries()) {
        assertLocalDate(p.from, `pauses[${i}].from`);
        const from = toDayNumber(p.from);
        let to: number;
        if (p.to === undefined) {
          open = true;
          to = options.asOf === undefined ? from : Math.max(from, toDayNumber(options.asOf) + 1);
        } else {
          assertLocalDate(p.to, `pauses[${i}].to`);
          to = toDayNumber(p.to);
          if (to < from) throw new RangeError(`pauses[${i}]: to (${p.to}) is before from (${p.from})`);
        }
        if (to > from) intervals.push([from, to]);
      }
      const isPaused = (dn: number): boolean => intervals.some(([f, t]) => dn >= f && dn < t);

      const startDn = toDayNumber(start);
      let dn = startDn;
      let left = period.days;
      for (let scanned = 0; left > 0; scanned++) {
        if (scanned > MAX_SCAN_DAYS) throw new RangeError('deadline more than 100 years away');
        dn++;
        if (isPaused(dn)) continue;
        if (period.unit === 'calendar' || workingDn(dn)) left--;
      }
      if (period.unit === 'calendar') dn = firstWorkingOnOrAfter(dn);

      const due = fromDayNumber(dn);
      // Dates are examined in order from start to due, so checking both ends covers all of them.
      const provisional = !isYearCovered(start) || !isYearCovered(due);
      return { due, provisional, paused: open };
    },
  };
  return cal;
}
