import { expect } from 'chai';
import { clockViews, type CaseDocView } from './case-view.js';

const aCaseDoc = (overrides: Partial<CaseDocView> = {}): CaseDocView => ({
  _id: 'c-1',
  version: 3,
  deadlines: {
    accept: { due: '2026-05-20', state: 'met', completed: true, paused: false, warned: false, missRecorded: false },
    mediation: { due: '2026-07-19', state: 'paused', completed: false, paused: true, warned: false, missRecorded: false },
    reply12345: { due: '2026-05-26', state: 'missed', completed: true, paused: false, warned: true, missRecorded: false },
  },
  ...overrides,
});

describe('sla case view: the clocks a case document publishes', () => {
  it('takes due dates and clock facts from the published deadlines', () => {
    expect(clockViews(aCaseDoc())).to.deep.equal([
      { clock: 'accept', due: '2026-05-20', completed: true, paused: false, warned: false, missed: false },
      { clock: 'mediation', due: '2026-07-19', completed: false, paused: true, warned: false, missed: false },
      { clock: 'reply12345', due: '2026-05-26', completed: true, paused: false, warned: true, missed: false },
    ]);
  });

  it('tells "done late" from "not done and past due", which the state both calls missed', () => {
    const doc = aCaseDoc({ deadlines: {
      verification: { due: '2026-06-01', state: 'missed', completed: false, paused: false, warned: true, missRecorded: true },
      reply12345: { due: '2026-06-01', state: 'missed', completed: true, paused: false, warned: false, missRecorded: false },
    } });
    expect(clockViews(doc)).to.deep.equal([
      { clock: 'verification', due: '2026-06-01', completed: false, paused: false, warned: true, missed: true },
      { clock: 'reply12345', due: '2026-06-01', completed: true, paused: false, warned: false, missed: false },
    ]);
  });

  it('reads documents written before the facts were published from their state alone', () => {
    const doc = aCaseDoc({ deadlines: { accept: { due: '2026-05-20', state: 'met' }, verification: { due: '2026-06-01', state: 'paused' }, reply12345: { due: '2026-06-02', state: 'provisional' } } });
    expect(clockViews(doc)).to.deep.equal([
      { clock: 'accept', due: '2026-05-20', completed: true, paused: false, warned: false, missed: false },
      { clock: 'verification', due: '2026-06-01', completed: false, paused: true, warned: false, missed: false },
      { clock: 'reply12345', due: '2026-06-02', completed: false, paused: false, warned: false, missed: false },
    ]);
  });

  it('ignores unknown clock names and unreadable due dates', () => {
    const doc = aCaseDoc({ deadlines: { accept: { due: 'soon', state: 'running' }, other: { due: '2026-01-01', state: 'running' } } });
    expect(clockViews(doc)).to.deep.equal([]);
  });
});
