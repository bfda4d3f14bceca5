import { expect } from 'chai';
import fc from 'fast-check';
import { addCalendarDays, addWorkingDays, computeDeadline, isWorkingDay, workingDaysBetween } from './index.js';

/** Any date from 2004-01-01 (start of data) to 2027-12-31 (a year beyond coverage). */
const localDate = fc
  .integer({ min: 0, max: 8765 })
  .map((offset) => addCalendarDays('2004-01-01', offset));

describe('calendar properties (fast-check)', () => {
  it('addWorkingDays(d, n) is a working day and workingDaysBetween(d, it) === n', () => {
    fc.assert(
      fc.property(localDate, fc.integer({ min: -80, max: 80 }).filter((n) => n !== 0), (d, n) => {
        const r = addWorkingDays(d, n);
        expect(isWorkingDay(r)).to.equal(true);
        expect(workingDaysBetween(d, r)).to.equal(n);
        expect(r > d).to.equal(n > 0);
      }),
      { numRuns: 500 },
    );
  });

  it('with a closed pause, due = the n-th working day after start that is not paused', () => {
    fc.assert(
      fc.property(localDate, fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 20 }),
        (start, n, offset, len) => {
          const from = addCalendarDays(start, 1 + offset);
          const to = addCalendarDays(from, len);
          const due = computeDeadline(start, { days: n, unit: 'working' }, [{ from, to }]).due;
          const inPause = (d: string): boolean => d >= from && d < to;
          expect(isWorkingDay(due)).to.equal(true);
          expect(inPause(due)).to.equal(false);
          // k = paused working days in (start, due]; the pause moved the deadline by exactly k
          let k = 0;
          for (let d = addCalendarDays(start, 1); d <= due; d = addCalendarDays(d, 1)) {
            if (inPause(d) && isWorkingDay(d)) k++;
          }
          expect(workingDaysBetween(start, due)).to.equal(n + k);
          expect(due).to.equal(addWorkingDays(computeDeadline(start, { days: n, unit: 'working' }).due, k));
        }),
      { numRuns: 300 },
    );
  });
});
