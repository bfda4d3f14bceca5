import { expect } from 'chai';
import {
  addWorkingDays,
  calendarDayDeadline,
  computeDeadline,
  createCalendar,
  isWorkingDay,
  nationalCalendar,
  workingDayDeadline,
  workingDaysBetween,
} from './index.js';
import type { Pause, Period } from './index.js';

const WD = (days: number): Period => ({ days, unit: 'working' });
const CD = (days: number): Period => ({ days, unit: 'calendar' });

describe('working-day deadlines (national calendar)', () => {
  const table: Array<[string, number, string, string]> = [
    ['2020-09-28', 7, '2020-10-14', 'DOMAIN §5 worked example: Oct 1-8 off, Sun 09-27/Sat 10-10 make-up'],
    ['2020-01-20', 7, '2020-02-06', '2020 Spring Festival extended nationally to 02-02; 02-01 make-up cancelled'],
    ['2025-12-31', 7, '2026-01-12', '2026 New Year, Sun 01-04 make-up counts'],
    ['2026-02-06', 7, '2026-02-24', 'Sat 02-14 make-up counts, Spring Festival 02-15..23 skipped'],
    ['2026-02-24', 4, '2026-02-28', 'Sat 02-28 make-up is a working day'],
    ['2026-04-29', 7, '2026-05-12', 'Labour Day 05-01..05 skipped, Sat 05-09 make-up counts'],
    ['2026-09-16', 7, '2026-09-24', 'Sun 09-20 make-up counts'],
    ['2026-09-28', 7, '2026-10-13', 'National Day 10-01..07 skipped, Sat 10-10 make-up counts'],
    ['2020-09-25', 1, '2020-09-27', 'receipt Friday, next working day is make-up Sunday'],
    ['2020-09-26', 1, '2020-09-27', 'receipt on a non-working day: counting starts next working day'],
  ];
  for (const [start, n, due, why] of table) {
    it(`${start} + ${n} WD → ${due} (${why})`, () => {
      expect(workingDayDeadline(start, n)).to.equal(due);
      expect(computeDeadline(start, WD(n))).to.deep.equal({ due, provisional: false, paused: false });
    });
  }
});

describe('calendar-day deadlines', () => {
  it('roll forward when the last day is a statutory holiday', () => {
    // 2026-08-03 + 60 = Fri 2026-10-02 (National Day, 10-01..07 off) → Thu 2026-10-08
    expect(calendarDayDeadline('2026-08-03', 60)).to.equal('2026-10-08');
    // 2020-09-03 + 30 = Sat 2020-10-03 → first working day after the holiday: Fri 2020-10-09
    expect(calendarDayDeadline('2020-09-03', 30)).to.equal('2020-10-09');
  });

  it('roll forward from an ordinary weekend (documented choice), but not from a make-up day', () => {
    expect(calendarDayDeadline('2026-03-02', 5)).to.equal('2026-03-09'); // Sat 03-07 → Mon 03-09
    expect(calendarDayDeadline('2026-08-11', 60)).to.equal('2026-10-10'); // make-up Sat stays
  });

  it('do not move when the last day is a working day', () => {
    expect(calendarDayDeadline('2026-03-02', 3)).to.equal('2026-03-05');
  });
});

describe('paused clocks', () => {
  it('a pause over three working days moves a working-day deadline by three working days', () => {
    const base = computeDeadline('2020-09-28', WD(7)).due;
    expect(base).to.equal('2020-10-14');
    // paused Mon 10-12 .. resumes Thu 10-15: 10-12, 10-13, 10-14 do not count
    const paused = computeDeadline('2020-09-28', WD(7), [{ from: '2020-10-12', to: '2020-10-15' }]);
    expect(paused.due).to.equal('2020-10-19');
    expect(paused.due).to.equal(addWorkingDays(base, 3));
  });

  it('a pause spanning a weekend counts only the working days inside it', () => {
    // Fri 10-16 .. resumes Wed 10-21: paused working days Fri, Mon, Tue = 3
    const pauses: Pause[] = [{ from: '2020-10-16', to: '2020-10-21' }];
    const r = computeDeadline('2020-10-12', WD(7), pauses);
    expect(computeDeadline('2020-10-12', WD(7)).due).to.equal('2020-10-21');
    expect(r.due).to.equal('2020-10-26');
    expect(workingDaysBetween('2020-10-21', r.due)).to.equal(3);
  });

  it('a calendar-day period moves by the calendar days paused', () => {
    // 2026-05-06 + 60 = 2026-07-05; 10 days paused → 2026-07-15 (Wed)
    const r = computeDeadline('2026-05-06', CD(60), [{ from: '2026-06-01', to: '2026-06-11' }]);
    expect(r.due).to.equal('2026-07-15');
  });

  it('pauses outside the counting window, empty pauses and overlaps', () => {
    expect(computeDeadline('2020-09-28', WD(7), [{ from: '2020-09-01', to: '2020-09-28' }]).due).to.equal('2020-10-14');
    expect(computeDeadline('2020-09-28', WD(7), [{ from: '2020-10-15', to: '2020-11-01' }]).due).to.equal('2020-10-14');
    expect(computeDeadline('2020-09-28', WD(7), [{ from: '2020-10-12', to: '2020-10-12' }]).due).to.equal('2020-10-14');
    const overlapping: Pause[] = [
      { from: '2020-10-12', to: '2020-10-14' },
      { from: '2020-10-13', to: '2020-10-15' },
    ];
    expect(computeDeadline('2020-09-28', WD(7), overlapping).due).to.equal('2020-10-19');
    expect(() => computeDeadline('2020-09-28', WD(7), [{ from: '2020-10-12', to: '2020-10-11' }])).to.throw(RangeError);
  });

  it('an open pause: earliest due date, extended up to asOf, flagged paused', () => {
    const open: Pause[] = [{ from: '2020-10-12' }];
    expect(computeDeadline('2020-09-28', WD(7), open)).to.deep.equal({ due: '2020-10-14', provisional: false, paused: true });
    // still paused on 10-14 (asOf): 10-12..10-14 do not count
    expect(computeDeadline('2020-09-28', WD(7), open, { asOf: '2020-10-14' }).due).to.equal('2020-10-19');
  });
});

describe('coverage', () => {
  it('a deadline beyond the data coverage is provisional, and still skips the holidays fixed by date', () => {
    // 1 January 2027 is 元旦 by law even before the State Council publishes 2027's schedule.
    expect(computeDeadline('2026-12-20', WD(15))).to.deep.equal({ due: '2027-01-11', provisional: true, paused: false });
    expect(computeDeadline('2026-12-24', WD(7))).to.deep.equal({ due: '2027-01-05', provisional: true, paused: false });
    // 国庆节 Friday 1 October 2027; 劳动节 Monday 1 and Tuesday 2 May 2028.
    expect(computeDeadline('2027-09-29', WD(2)).due).to.equal('2027-10-04');
    expect(computeDeadline('2028-04-28', WD(2)).due).to.equal('2028-05-04');
    expect(computeDeadline('2026-12-01', WD(7)).provisional).to.equal(false);
    expect(computeDeadline('2026-11-20', CD(60)).provisional).to.equal(true);
    expect(computeDeadline('2003-12-31', WD(1)).provisional).to.equal(true);
  });
});

describe('local closures', () => {
  it('extra closures move a deadline (2020 local Spring Festival extension example)', () => {
    const local = createCalendar({
      extraClosures: ['2020-02-03', '2020-02-04', '2020-02-05', '2020-02-06', '2020-02-07'],
    });
    expect(workingDayDeadline('2020-01-20', 7)).to.equal('2020-02-06');
    expect(local.workingDayDeadline('2020-01-20', 7)).to.equal('2020-02-13');
    expect(local.describeDay('2020-02-03')).to.deep.include({ working: false, kind: 'local-closure' });
    // the national calendar is unaffected
    expect(isWorkingDay('2020-02-03')).to.equal(true);
  });

  it('extra workdays and closures override national data', () => {
    const local = createCalendar({ extraWorkdays: ['2020-10-08'], extraClosures: ['2020-10-10'] });
    expect(local.describeDay('2020-10-08').kind).to.equal('local-workday');
    expect(local.isWorkingDay('2020-10-10')).to.equal(false);
    // Sep 29, 30, Oct 8, 9, 12, 13, 14
    expect(local.workingDayDeadline('2020-09-28', 7)).to.equal('2020-10-14');
    expect(local.workingDayDeadline('2020-09-28', 4)).to.equal('2020-10-09');
  });

  it('a local closure on the last day of a calendar-day period rolls it forward', () => {
    const local = createCalendar({ extraClosures: ['2026-03-05'] });
    expect(local.calendarDayDeadline('2026-03-02', 3)).to.equal('2026-03-06');
  });

  it('rejects malformed or contradictory configuration', () => {
    expect(() => createCalendar({ extraClosures: ['2020-2-3'] })).to.throw(RangeError, /extraClosures\[0\]/);
    expect(() => createCalendar({ extraClosures: ['2020-02-03'], extraWorkdays: ['2020-02-03'] })).to.throw(RangeError);
  });
});

describe('workingDaysBetween and addWorkingDays', () => {
  it('counts working days after a up to and including b (countdowns)', () => {
    expect(workingDaysBetween('2020-09-28', '2020-10-14')).to.equal(7);
    expect(workingDaysBetween('2020-10-12', '2020-10-14')).to.equal(2);
    expect(workingDaysBetween('2020-10-14', '2020-10-14')).to.equal(0);
    expect(workingDaysBetween('2020-10-01', '2020-10-08')).to.equal(0);
  });

  it('is negative once the due date has passed', () => {
    expect(workingDaysBetween('2020-10-14', '2020-09-28')).to.equal(-7);
    // due Fri 10-16, asked Sat 10-17 → overdue by one working day
    expect(workingDaysBetween('2020-10-17', '2020-10-16')).to.equal(-1);
    expect(workingDaysBetween('2020-10-16', '2020-10-17')).to.equal(0);
  });

  it('addWorkingDays handles zero and negative n', () => {
    expect(addWorkingDays('2020-10-03', 0)).to.equal('2020-10-03');
    expect(addWorkingDays('2020-10-14', -7)).to.equal('2020-09-28');
    expect(addWorkingDays('2020-10-09', -1)).to.equal('2020-09-30');
    expect(nationalCalendar.nextWorkingDay('2020-09-30')).to.equal('2020-10-09');
    expect(nationalCalendar.addCalendarDays('2020-02-28', 2)).to.equal('2020-03-01');
  });

  it('rejects bad input', () => {
    expect(() => addWorkingDays('2020-09-31', 1)).to.throw(RangeError);
    expect(() => addWorkingDays('2020-09-28', 1.5)).to.throw(RangeError);
    expect(() => computeDeadline('2020-09-28', WD(0))).to.throw(RangeError);
    expect(() => computeDeadline('2020-09-28', { days: 3, unit: 'hours' as 'working' })).to.throw(RangeError);
  });
});
