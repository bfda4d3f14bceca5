/**
 * Calendar-date primitives. A {@link LocalDate} is a calendar date in Asia/Shanghai written as
 * `YYYY-MM-DD`. All arithmetic is done on whole days (UTC-based day numbers), so results never
 * depend on the host time zone.
 */

/** A calendar date in Asia/Shanghai, formatted `YYYY-MM-DD` (e.g. `'2020-09-28'`). */
export type LocalDate = string;

const MS_PER_DAY = 86_400_000;
/** Asia/Shanghai is UTC+8 all year (no DST since 1991). */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** An ISO-8601 instant: date, time and an explicit offset (`Z` or `±hh:mm`). */
const ISO_INSTANT_RE =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Whether `value` is a valid `YYYY-MM-DD` calendar date (years 1000–9999, real month/day).
 * @param value anything
 */
export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const m = LOCAL_DATE_RE.exec(value);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1000 || mo < 1 || mo > 12 || d < 1) return false;
  const t = Date.UTC(y, mo - 1, d);
  return fromDayNumber(Math.round(t / MS_PER_DAY)) === value;
}

/**
 * Throws a `RangeError` unless `value` is a valid {@link LocalDate}.
 * @param value the value to check
 * @param label name used in the error message
 */
export function assertLocalDate(value: unknown, label = 'date'): asserts value is LocalDate {
  if (!isLocalDate(value)) {
    throw new RangeError(`${label} must be a YYYY-MM-DD calendar date, got ${JSON.stringify(value)}`);
  }
}

/** Days since 1970-01-01 for a valid LocalDate (internal; no validation). */
export function toDayNumber(date: LocalDate): number {
  const y = Number(date.slice(0, 4));
  const mo = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  return Math.round(Date.UTC(y, mo - 1, d) / MS_PER_DAY);
}

/** Inverse of {@link toDayNumber} (internal). */
export function fromDayNumber(dayNumber: number): LocalDate {
  const iso = new Date(dayNumber * MS_PER_DAY).toISOString();
  if (iso.length !== 24) throw new RangeError(`date out of supported range (years 1000-9999)`);
  return iso.slice(0, 10);
}

/** Day of week of a day number: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDayNumber(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/**
 * Day of week of a date: 0 = Sunday, 1 = Monday … 6 = Saturday.
 * @param date a valid LocalDate
 */
export function dayOfWeek(date: LocalDate): number {
  assertLocalDate(date);
  return weekdayOfDayNumber(toDayNumber(date));
}

/**
 * Converts an instant to its calendar date in Asia/Shanghai (UTC+8, no DST).
 *
 * @param instant a `Date`, or an ISO-8601 string with a time and an explicit offset
 *   (`2020-09-27T16:30:00Z`, `2020-09-28T00:30:00+08:00`). Strings without an offset are
 *   rejected because their meaning would depend on the host time zone.
 * @returns the Shanghai calendar date, e.g. `'2020-09-28'` for `'2020-09-27T16:30:00Z'`
 * @throws RangeError for an invalid date or a string that is not an ISO instant
 */
export function toShanghaiDate(instant: Date | string): LocalDate {
  let ms: number;
  if (instant instanceof Date) {
    ms = instant.getTime();
  } else {
    if (typeof instant !== 'string' || !ISO_INSTANT_RE.test(instant)) {
      throw new RangeError(
        `expected an ISO-8601 instant with an offset (e.g. 2020-09-28T08:00:00+08:00), got ${JSON.stringify(instant)}`,
      );
    }
    ms = Date.parse(instant);
  }
  if (!Number.isFinite(ms)) throw new RangeError(`invalid instant ${String(instant)}`);
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * Number of calendar days from `a` to `b` (`b - a`); negative when `b` is before `a`.
 * @param a a valid LocalDate
 * @param b a valid LocalDate
 */
export function calendarDaysBetween(a: LocalDate, b: LocalDate): number {
  assertLocalDate(a, 'a');
  assertLocalDate(b, 'b');
  return toDayNumber(b) - toDayNumber(a);
}
