/** Shanghai calendar dates, from the one calendar package (no second implementation here). */
export { type LocalDate, toShanghaiDate as shanghaiDate, addCalendarDays as addDays } from '@cw/calendar';
