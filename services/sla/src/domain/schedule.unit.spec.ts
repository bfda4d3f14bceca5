import { expect } from 'chai';
import fc from 'fast-check';
import { isWorkingDay, workingDaysBetween } from '@cw/calendar';
import { CLOCK_NAMES } from '@cw/contracts';
import { createCalendar } from '@cw/calendar';
import {
  breachAt, deadlineCommandId, delayUntil, planCase, shanghaiMidnight, slotJobId, warningAt, warningOn, type ClockView,
} from './schedule.js';

const aClock = (overrides: Partial<ClockView> = {}): ClockView => ({
  clock: 'accept', due: '2026-12-07', paused: false, completed: false, warned: false, missed: false, ...overrides,
});
const CASE = '0b6f1c1e-1f2a-5b3c-8d4e-123456789abc';

describe('sla schedule: when to warn and when to flag a miss', () => {
  describe('Shanghai midnight', () => {
    it('is 16:00 UTC of the day before', () => {
      expect(shanghaiMidnight('2026-05-21')).to.equal('2026-05-21T00:00:00+08:00');
      expect(new Date(shanghaiMidnight('2026-05-21')).toISOString()).to.equal('2026-05-20T16:00:00.000Z');
    });
  });

  describe('the miss', () => {
    const table: Array<[string, string, string]> = [
      ['2026-05-20', '2026-05-21T00:00:00+08:00', 'the day after the due date, in Shanghai'],
      ['2026-12-31', '2027-01-01T00:00:00+08:00', 'across the year end'],
      ['2028-02-28', '2028-02-29T00:00:00+08:00', 'leap day'],
      ['2026-10-01', '2026-10-02T00:00:00+08:00', 'a holiday due date (a fixed 12345 date) still ends at its own midnight'],
    ];
    for (const [due, at, why] of table) {
      it(`due ${due} → missed at ${at} (${why})`, () => expect(breachAt(due)).to.equal(at));
    }
    it('fires at the first instant after the whole due day', () => {
      expect(Date.parse(breachAt('2026-05-20')) - Date.parse('2026-05-20T23:59:59.999+08:00')).to.equal(1);
    });
  });

  describe('the warning: N working days before the due date, at Shanghai midnight', () => {
    const table: Array<[string, number, string, string]> = [
      ['2026-12-09', 2, '2026-12-07', 'Wednesday → Monday'],
      ['2026-12-07', 2, '2026-12-03', 'Monday → the Thursday before (weekend skipped)'],
      ['2020-10-14', 2, '2020-10-12', 'DOMAIN §5 example: Sat 10-10 make-up day is not reached'],
      ['2020-10-09', 2, '2020-09-29', 'National Day holidays Oct 1–8 skipped'],
      ['2020-10-12', 2, '2020-10-09', 'make-up Saturday 10-10 counts as a working day'],
      ['2026-12-07', 0, '2026-12-07', 'N = 0 warns when the due day begins'],
      ['2026-12-07', 1, '2026-12-04', 'N = 1 → the working day before'],
    ];
    for (const [due, n, on, why] of table) {
      it(`due ${due}, N=${n} → ${on} (${why})`, () => {
        expect(warningOn(due, n)).to.equal(on);
        expect(warningAt(due, n)).to.equal(`${on}T00:00:00+08:00`);
      });
    }

    it('always comes before the miss, on a working day exactly N working days before the due date (property)', () => {
      const dates = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2026-12-20T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
      fc.assert(fc.property(dates, fc.integer({ min: 0, max: 20 }), (due, n) => {
        const on = warningOn(due, n);
        expect(Date.parse(warningAt(due, n))).to.be.lessThan(Date.parse(breachAt(due)));
        if (n > 0) {
          expect(isWorkingDay(on)).to.equal(true);
          // [on, due) holds exactly n working days: `on` itself and the n - 1 between
          expect(workingDaysBetween(due, on)).to.equal(-n);
        }
      }));
    });
  });

  describe('job and command ids', () => {
    it('gives one job id per case, clock and kind, without ":" (BullMQ forbids it)', () => {
      const ids = CLOCK_NAMES.flatMap((c) => (['warn', 'miss'] as const).map((k) => slotJobId(CASE, c, k)));
      expect(new Set(ids).size).to.equal(CLOCK_NAMES.length * 2);
      for (const id of ids) expect(id).not.to.contain(':');
      expect(slotJobId(CASE, 'accept', 'warn')).to.equal(`${CASE}.accept.warn`);
    });
    it('puts the due date in the command id, so a new due date is a new command and a repeat is the same one', () => {
      expect(deadlineCommandId(CASE, 'accept', 'miss', '2026-12-07')).to.equal(`sla:${CASE}:accept:miss:2026-12-07`);
      expect(deadlineCommandId(CASE, 'accept', 'miss', '2026-12-07').length).to.be.at.most(120);
    });
  });

  describe('planCase', () => {
    const opts = { warnWorkingDays: 2 };
    const jobsOf = (views: ClockView[]) => planCase(CASE, views, opts).filter((s) => s.job).map((s) => `${s.clock}/${s.kind}@${s.job!.fireAt}`);

    it('schedules a warning and a miss for a running clock', () => {
      expect(jobsOf([aClock({ due: '2026-12-09' })])).to.deep.equal([
        'accept/warn@2026-12-07T00:00:00+08:00',
        'accept/miss@2026-12-10T00:00:00+08:00',
      ]);
    });

    it('returns both slots of every clock the case has, empty ones included, so stale jobs get cleared; none of clocks it never had', () => {
      expect(planCase(CASE, [], opts)).to.deep.equal([]);
      const slots = planCase(CASE, [aClock({ completed: true }), aClock({ clock: 'terminationNotice', due: '2026-12-09' })], opts);
      expect(slots.map((s) => `${s.clock}/${s.kind}:${s.job === undefined ? 'empty' : 'job'}`)).to.deep.equal([
        'accept/warn:empty', 'accept/miss:empty', 'terminationNotice/warn:job', 'terminationNotice/miss:job',
      ]);
    });

    it('counts the warning\'s working days on the region\'s calendar (Mon 12-07 closed locally: warned Fri 12-04)', () => {
      const local = createCalendar({ extraClosures: ['2026-12-07'] });
      const slots = planCase(CASE, [aClock({ due: '2026-12-09' })], { warnWorkingDays: 2, addWorkingDays: (d, n) => local.addWorkingDays(d, n) });
      expect(slots.find((x) => x.kind === 'warn')?.job?.fireAt).to.equal('2026-12-04T00:00:00+08:00');
    });

    const cases: Array<[string, Partial<ClockView>, string[]]> = [
      ['a completed step cancels both', { completed: true }, []],
      ['a paused clock has no timers until it resumes', { paused: true }, []],
      ['a recorded warning leaves only the miss', { warned: true }, ['accept/miss']],
      ['a recorded miss leaves nothing', { missed: true }, []],
      ['a miss without a warning needs no warning any more', { missed: true, warned: false }, []],
    ];
    for (const [why, patch, expected] of cases) {
      it(why, () => {
        expect(planCase(CASE, [aClock(patch)], opts).filter((s) => s.job).map((s) => `${s.clock}/${s.kind}`)).to.deep.equal(expected);
      });
    }

    it('moves both timers when the due date moves (resume, extension) and keeps the job ids', () => {
      const before = planCase(CASE, [aClock({ clock: 'verification', due: '2026-12-09' })], opts).filter((s) => s.job);
      const after = planCase(CASE, [aClock({ clock: 'verification', due: '2026-12-30' })], opts).filter((s) => s.job);
      expect(after.map((s) => s.jobId)).to.deep.equal(before.map((s) => s.jobId));
      expect(after.map((s) => s.job!.commandId)).not.to.deep.equal(before.map((s) => s.job!.commandId));
      expect(after[1]!.job!.fireAt).to.equal('2026-12-31T00:00:00+08:00');
    });

    it('plans each clock of a 12345 complaint on its own', () => {
      const views = [aClock({ due: '2026-12-07' }), aClock({ clock: 'acknowledge12345', due: '2026-11-27', completed: true }), aClock({ clock: 'reply12345', due: '2026-12-16' })];
      expect(jobsOf(views).map((j) => j.split('@')[0])).to.deep.equal(['accept/warn', 'accept/miss', 'reply12345/warn', 'reply12345/miss']);
    });
  });

  describe('delayUntil', () => {
    const now = new Date('2026-11-26T12:00:00Z');
    it('is 0 for a moment already past: a late-registered case fires at once', () => {
      expect(delayUntil('2026-05-21T00:00:00+08:00', now)).to.equal(0);
    });
    it('counts milliseconds to a future moment', () => {
      expect(delayUntil('2026-11-27T00:00:00+08:00', now)).to.equal(4 * 3600 * 1000);
    });
  });
});
