import { expect } from 'chai';
import { calendarDaysBetween, dayOfWeek, isLocalDate, toShanghaiDate } from './index.js';

describe('local dates', () => {
  it('validates YYYY-MM-DD', () => {
    expect(isLocalDate('2020-02-29')).to.equal(true);
    expect(isLocalDate('2021-02-29')).to.equal(false);
    expect(isLocalDate('2020-13-01')).to.equal(false);
    expect(isLocalDate('2020-1-01')).to.equal(false);
    expect(isLocalDate('2020-01-01T00:00:00Z')).to.equal(false);
    expect(isLocalDate(20200101)).to.equal(false);
  });

  it('computes weekdays and day differences independent of host time zone', () => {
    expect(dayOfWeek('2020-09-28')).to.equal(1);
    expect(dayOfWeek('2020-09-27')).to.equal(0);
    expect(dayOfWeek('1969-12-31')).to.equal(3);
    expect(calendarDaysBetween('2020-02-28', '2020-03-01')).to.equal(2);
    expect(calendarDaysBetween('2020-03-01', '2020-02-28')).to.equal(-2);
  });

  const cases: Array<[Date | string, string]> = [
    ['2020-09-27T15:59:59Z', '2020-09-27'],
    ['2020-09-27T16:00:00Z', '2020-09-28'],
    ['2020-09-28T00:30:00+08:00', '2020-09-28'],
    ['2020-09-27T23:59:59.999+08:00', '2020-09-27'],
    ['2020-09-27T12:00:00-05:00', '2020-09-28'],
    [new Date(Date.UTC(2025, 11, 31, 16, 0, 0)), '2026-01-01'],
  ];
  for (const [input, expected] of cases) {
    it(`toShanghaiDate(${input instanceof Date ? input.toISOString() + ' as Date' : input}) = ${expected}`, () => {
      expect(toShanghaiDate(input)).to.equal(expected);
    });
  }

  it('toShanghaiDate rejects strings without an offset and invalid dates', () => {
    expect(() => toShanghaiDate('2020-09-28')).to.throw(RangeError);
    expect(() => toShanghaiDate('2020-09-28T08:00:00')).to.throw(RangeError);
    expect(() => toShanghaiDate('yesterday')).to.throw(RangeError);
    expect(() => toShanghaiDate(new Date(Number.NaN))).to.throw(RangeError);
  });
});
