import { expect } from 'chai';
import { workingDaysBetween } from '@cw/calendar';
import { deadlineView, deadlineViews } from './deadline-view.js';

const opts = { warnWorkingDays: 2, workingDaysBetween };

describe('deadline countdowns in working days', () => {
  // DOMAIN.md §5: 2020-09-28 + 7 WD = 2020-10-14 (Oct 1–8 holidays; Sat Oct 10 a make-up working day).
  const table: [today: string, due: string, state: string, left: number | null, warned: boolean, missed: boolean][] = [
    ['2020-09-28', '2020-10-14', 'running', 7, false, false],
    ['2020-09-30', '2020-10-14', 'running', 5, false, false],
    ['2020-10-01', '2020-10-14', 'running', 5, false, false], // in the holiday: Oct 9, 10, 12, 13, 14 remain
    ['2020-10-10', '2020-10-14', 'running', 3, false, false],
    ['2020-10-12', '2020-10-14', 'running', 2, true, false],
    ['2020-10-14', '2020-10-14', 'running', 0, true, false],
    ['2020-10-15', '2020-10-14', 'running', -1, false, true],
    ['2020-10-15', '2020-10-14', 'missed', -1, false, true],
    ['2020-10-12', '2020-10-14', 'paused', 2, true, false],
    ['2020-10-12', '2020-10-14', 'provisional', 2, true, false],
    ['2020-10-20', '2020-10-14', 'met', null, false, false],
  ];
  for (const [today, due, state, left, warned, missed] of table) {
    it(`${state} due ${due}, seen on ${today}: ${left} left${warned ? ', warned' : ''}${missed ? ', missed' : ''}`, () => {
      const v = deadlineView({ due, state }, today, opts);
      expect(v).to.deep.equal({ due, state, workingDaysLeft: left, warned, missed });
    });
  }

  it('keeps every clock of a case', () => {
    const v = deadlineViews({ accept: { due: '2020-10-14', state: 'met' }, mediation: { due: '2020-12-18', state: 'running' } }, '2020-10-15', opts);
    expect(Object.keys(v)).to.deep.equal(['accept', 'mediation']);
    expect(v.mediation!.workingDaysLeft).to.be.greaterThan(40);
    expect(deadlineViews(undefined, '2020-10-15', opts)).to.deep.equal({});
  });
});
