/** A Shanghai calendar date, `YYYY-MM-DD`. Same shape as `LocalDate` of @cw/calendar. */
export type LocalDate = string;

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000; // UTC+8 all year, no daylight saving since 1991
const DAY_MS = 24 * 3600 * 1000;

/** The Shanghai calendar date of an ISO instant. */
export function shanghaiDate(instant: string): LocalDate {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO instant: ${instant}`);
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** `date` plus `n` calendar days (plain date arithmetic, no holidays). */
export function addDays(date: LocalDate, n: number): LocalDate {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new RangeError(`not a date: ${date}`);
  return new Date(ms + n * DAY_MS).toISOString().slice(0, 10);
}
