import { expect } from 'chai';
import { clockViews, type CaseDocView } from './case-view.js';

const aCaseDoc = (overrides: Partial<CaseDocView> = {}): CaseDocView => ({
  _id: 'c-1',
  version: 3,
  deadlines: {
    accept: { due: '2026-05-20', state: 'met' },
    mediation: { due: '2026-07-19', state: 'running' },
    reply12345: { due: '2026-05-26', state: 'missed' },
  },
  state: {
    clocks: {
      accept: { name: 'accept', completedOn: '2026-05-12', pauses: [], warned: false, missed: false },
      mediation: { name: 'mediation', pauses: [{ from: '2026-05-15', reason: 'testing-appraisal' }], warned: false, missed: false },
      reply12345: { name: 'reply12345', completedOn: '2026-05-28', pauses: [], warned: true, missed: false },
    },
  },
  ...overrides,
});

describe('sla case view: the clocks of a case document', () => {
  it('takes due dates from the projection and facts from the workflow state', () => {
    expect(clockViews(aCaseDoc())).to.deep.equal([
      { clock: 'accept', due: '2026-05-20', completed: true, paused: false, warned: false, missed: false },
      { clock: 'mediation', due: '2026-07-19', completed: false, paused: true, warned: false, missed: false },
      { clock: 'reply12345', due: '2026-05-26', completed: true, paused: false, warned: true, missed: false },
    ]);
  });

  it('tells "done late" from "not done and past due", which the projection both calls missed', () => {
    const doc = aCaseDoc({ deadlines: { verification: { due: '2026-06-01', state: 'missed' } }, state: { clocks: { verification: { pauses: [], warned: true, missed: false } } } });
    expect(clockViews(doc)).to.deep.equal([{ clock: 'verification', due: '2026-06-01', completed: false, paused: false, warned: true, missed: false }]);
  });

  it('falls back to the projection when the state is not readable', () => {
    const doc = aCaseDoc({ state: undefined, deadlines: { accept: { due: '2026-05-20', state: 'met' }, verification: { due: '2026-06-01', state: 'paused' }, reply12345: { due: '2026-06-02', state: 'provisional' } } });
    expect(clockViews(doc).map((v) => [v.clock, v.completed, v.paused])).to.deep.equal([
      ['accept', true, false], ['verification', false, true], ['reply12345', false, false],
    ]);
  });

  it('treats a resumed pause (with its end date) as running again', () => {
    const doc = aCaseDoc({ state: { clocks: { mediation: { pauses: [{ from: '2026-05-15', to: '2026-05-20' }], warned: false, missed: false } } } });
    expect(clockViews(doc).find((v) => v.clock === 'mediation')!.paused).to.equal(false);
  });

  it('ignores unknown clock names and unreadable due dates', () => {
    const doc = aCaseDoc({ deadlines: { accept: { due: 'soon', state: 'running' }, other: { due: '2026-01-01', state: 'running' } }, state: {} });
    expect(clockViews(doc)).to.deep.equal([]);
  });
});
