/**
 * Checks the national data loaded from chinese-days against the State Council notices for 2020
 * (incl. the Spring Festival extension, 国办发明电〔2020〕1号) and 2026 (published 2025-11-04).
 * These also guard package upgrades: a data change for these years fails here.
 */
import { expect } from 'chai';
import {
  CALENDAR_DATA_COVERS_FROM,
  CALENDAR_DATA_COVERS_THROUGH,
  CALENDAR_DATA_SOURCE,
  nationalCalendar,
} from './index.js';

const cal = nationalCalendar;

function range(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = cal.addCalendarDays(d, 1)) out.push(d);
  return out;
}

describe('national data (chinese-days)', () => {
  it('covers 2004 through 2026 (pinned 1.5.7)', () => {
    expect(CALENDAR_DATA_SOURCE).to.equal('chinese-days@1.5.7');
    expect(CALENDAR_DATA_COVERS_FROM).to.equal(2004);
    expect(CALENDAR_DATA_COVERS_THROUGH).to.equal(2026);
  });

  it('2020 Spring Festival: 01-24..02-02 off (incl. the national extension), 01-19 make-up, 02-01 make-up cancelled', () => {
    for (const d of range('2020-01-24', '2020-02-02')) {
      expect(cal.describeDay(d).kind, d).to.equal('holiday');
    }
    expect(cal.describeDay('2020-01-19').kind).to.equal('makeup-workday');
    // 02-01 (Sat) was a make-up day in the original notice; the extension cancelled it.
    expect(cal.isWorkingDay('2020-02-01')).to.equal(false);
    expect(cal.isWorkingDay('2020-01-23')).to.equal(true);
    expect(cal.isWorkingDay('2020-02-03')).to.equal(true);
  });

  it('2020 National Day: 10-01..10-08 off, 09-27 (Sun) and 10-10 (Sat) make-up', () => {
    for (const d of range('2020-10-01', '2020-10-08')) {
      expect(cal.isWorkingDay(d), d).to.equal(false);
    }
    expect(cal.describeDay('2020-09-27')).to.deep.include({ working: true, kind: 'makeup-workday', name: '国庆节' });
    expect(cal.describeDay('2020-10-10')).to.deep.include({ working: true, kind: 'makeup-workday' });
    expect(cal.isWorkingDay('2020-10-09')).to.equal(true);
    expect(cal.isWorkingDay('2020-10-11')).to.equal(false);
  });

  it('2026 make-up working days: 01-04, 02-14, 02-28, 05-09, 09-20, 10-10', () => {
    for (const d of ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']) {
      expect(cal.describeDay(d).kind, d).to.equal('makeup-workday');
    }
  });

  it('2026 holidays match the 2025-11-04 notice', () => {
    const off = [
      ...range('2026-01-01', '2026-01-03'),
      ...range('2026-02-15', '2026-02-23'),
      ...range('2026-04-04', '2026-04-06'),
      ...range('2026-05-01', '2026-05-05'),
      ...range('2026-06-19', '2026-06-21'),
      ...range('2026-09-25', '2026-09-27'),
      ...range('2026-10-01', '2026-10-07'),
    ];
    for (const d of off) expect(cal.describeDay(d).kind, d).to.equal('holiday');
    const all = range('2026-01-01', '2026-12-31').filter((d) => cal.describeDay(d).kind === 'holiday');
    expect(all).to.deep.equal(off);
  });

  it('ordinary days and years beyond coverage follow Mon–Fri, except the holidays fixed by date', () => {
    expect(cal.describeDay('2026-03-02')).to.deep.equal({ date: '2026-03-02', working: true, kind: 'workday', covered: true });
    expect(cal.describeDay('2026-03-01').kind).to.equal('weekend');
    // 2027 is not in the data yet: Monday 4 January is an ordinary working day, but Friday 1 January is 元旦 by law.
    expect(cal.describeDay('2027-01-04')).to.deep.include({ working: true, kind: 'workday', covered: false });
    expect(cal.describeDay('2027-01-01')).to.deep.include({ working: false, kind: 'holiday', name: '元旦', covered: false });
    expect(cal.describeDay('2027-10-01')).to.deep.include({ working: false, kind: 'holiday', name: '国庆节' });
    expect(cal.isCovered('2026-12-31')).to.equal(true);
    expect(cal.isCovered('2027-01-01')).to.equal(false);
  });
});
