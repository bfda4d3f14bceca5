import { expect } from 'chai';
import { RULE_SETS, computeDeadline } from '@cw/calendar';
import { COMPLAINT, REPORT, SUPERVISOR, SYSTEM, aRegistration, command, history, routing, stateOf, step } from '../testing/case-kit.js';
import { caseDeadlines, clockDeadline, type ComputeDeadline } from './deadlines.js';
import { RULE_SET_RULES } from './rule-sets.js';
import { addDays } from './local-date.js';
import type { Clock } from './case-state.js';

/** Monday–Friday only, no holidays: enough to show deadlines.ts does not need the real calendar. */
const weekdays: ComputeDeadline = (start, period, pauses) => {
  const paused = (d: string) => pauses.some((p) => d >= p.from && (p.to === undefined || d < p.to));
  let d = start;
  for (let left = period.days; left > 0;) {
    d = addDays(d, 1);
    const day = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (paused(d)) continue;
    if (period.unit === 'calendar' || (day !== 0 && day !== 6)) left--;
  }
  return { due: d, provisional: false };
};

/** A complaint received under `ruleSet` (its receipt date chooses it) and routed, claimed and accepted at `acceptedAt`. */
const accepted = (ruleSet: 'SAMR-20' | 'SAMR-121', acceptedAt: string) => [
  command('RegisterCase', aRegistration({ ruleSet, receivedAt: ruleSet === 'SAMR-20' ? '2025-08-28T09:30:00+08:00' : '2026-05-04T09:30:00+08:00' })),
  step(command('RouteCase', routing()), { actor: SYSTEM, now: acceptedAt }),
  step(command('ClaimCase', {}), { now: acceptedAt }),
  step(command('AcceptComplaint', {}), { now: acceptedAt }),
];

const mediation = (events: ReturnType<typeof history>, today: string) =>
  caseDeadlines(stateOf(events), today, computeDeadline).find((d) => d.name === 'mediation');

describe('deadlines', () => {
  it('the rule-set periods agree with @cw/calendar RULE_SETS', () => {
    for (const id of ['SAMR-20', 'SAMR-121'] as const) {
      const { accept, mediation: med, verification, verificationExtension } = RULE_SETS[id];
      expect(RULE_SET_RULES[id]).to.deep.include({ accept, mediation: med, verification, verificationExtension });
    }
  });

  describe('mediation cut-off (DOMAIN.md §3)', () => {
    it('SAMR-20: 45 working days from acceptance (2025-09-01 → 2025-11-07 across National Day)', () => {
      const d = mediation(history(accepted('SAMR-20', '2025-09-01T10:00:00+08:00')), '2025-09-02');
      expect(d).to.deep.include({ startedOn: '2025-09-01', due: '2025-11-07', state: 'running', provisional: false });
    });

    it('SAMR-121: 60 calendar days from acceptance, rolled off a weekend (2026-05-06 → Sun 07-05 → Mon 07-06)', () => {
      const d = mediation(history(accepted('SAMR-121', '2026-05-06T10:00:00+08:00')), '2026-05-07');
      expect(d).to.deep.include({ startedOn: '2026-05-06', due: '2026-07-06', state: 'running' });
    });

    it('the same acceptance date gives different cut-offs under the two rule sets', () => {
      const under20 = mediation(history(accepted('SAMR-20', '2026-05-06T10:00:00+08:00')), '2026-05-07');
      const under121 = mediation(history(accepted('SAMR-121', '2026-05-06T10:00:00+08:00')), '2026-05-07');
      expect(under20?.due).to.equal(computeDeadline('2026-05-06', { days: 45, unit: 'working' }).due);
      expect(under121?.due).to.equal('2026-07-06');
      expect(under20?.due).to.not.equal(under121?.due);
    });

    it('testing time does not count: a 10-day pause moves the 60-day cut-off by 10 days', () => {
      const events = history([
        ...accepted('SAMR-121', '2026-05-06T10:00:00+08:00'),
        step(command('PauseClock', { clock: 'mediation', reason: 'testing-appraisal' }), { now: '2026-05-10T09:00:00+08:00' }),
        step(command('ResumeClock', { clock: 'mediation' }), { now: '2026-05-20T09:00:00+08:00' }),
      ]);
      expect(mediation(events, '2026-05-21')).to.deep.include({ due: '2026-07-15', state: 'running' });
    });

    it('an open pause reports paused with the earliest possible due date', () => {
      const events = history([
        ...accepted('SAMR-121', '2026-05-06T10:00:00+08:00'),
        step(command('PauseClock', { clock: 'mediation', reason: 'suspension' }), { now: '2026-05-10T09:00:00+08:00' }),
      ]);
      // paused 05-10..05-19 inclusive when seen on 05-19: ten days, as above
      expect(mediation(events, '2026-05-19')).to.deep.include({ due: '2026-07-15', state: 'paused' });
    });

    it('met when closed in time, missed when past due', () => {
      const base = accepted('SAMR-121', '2026-05-06T10:00:00+08:00');
      const inTime = history([...base, step(command('TerminateMediation', { reasonCode: 'no-agreement-possible' }), { now: '2026-07-06T17:00:00+08:00' })]);
      expect(mediation(inTime, '2026-08-01')).to.deep.include({ state: 'met', completedOn: '2026-07-06' });
      const late = history([...base, step(command('TerminateMediation', { reasonCode: 'time-limit-reached' }), { now: '2026-07-07T09:00:00+08:00' })]);
      expect(mediation(late, '2026-08-01')?.state).to.equal('missed');
      expect(mediation(history(base), '2026-07-07')?.state).to.equal('missed');
      expect(mediation(history(base), '2026-07-06')?.state).to.equal('running');
    });
  });

  it('accept: 7 working days from receipt; verification 15 WD, +15 once extended', () => {
    const complaint = caseDeadlines(stateOf(history(COMPLAINT.registered())), '2026-05-04', computeDeadline);
    expect(complaint.map((d) => [d.name, d.due])).to.deep.equal([['accept', computeDeadline('2026-05-04', { days: 7, unit: 'working' }).due]]);

    const report = history(REPORT.verifying());
    expect(caseDeadlines(stateOf(report), '2026-05-06', computeDeadline)[0]).to.deep.include({ name: 'verification', due: '2026-05-25' });
    const extended = history([...REPORT.verifying(), step(command('ExtendVerification', { approvedBy: SUPERVISOR.id, reason: 'lab' }), { actor: SUPERVISOR })]);
    expect(caseDeadlines(stateOf(extended), '2026-05-06', computeDeadline)[0]).to.deep.include({ due: '2026-06-15' });
  });

  it('provisional beyond the published holiday data', () => {
    const clock: Clock = { name: 'verification', startedOn: '2030-12-20', period: { days: 15, unit: 'working' }, pauses: [], warned: false, missed: false };
    expect(clockDeadline(clock, '2030-12-21', computeDeadline)).to.deep.include({ provisional: true, state: 'provisional' });
    expect(clockDeadline(clock, '2031-06-01', computeDeadline).state).to.equal('missed');
  });

  it('a due date fixed by the hotline wins over the period', () => {
    const clock: Clock = { name: 'reply12345', startedOn: '2026-05-04', period: { days: 2, unit: 'working' }, fixedDueOn: '2026-05-20', pauses: [], warned: false, missed: false };
    expect(clockDeadline(clock, '2026-05-19', computeDeadline)).to.deep.include({ due: '2026-05-20', state: 'running' });
  });

  it('works with any calendar function (weekday stub)', () => {
    const clock: Clock = { name: 'accept', startedOn: '2026-05-01', period: { days: 7, unit: 'working' }, pauses: [], warned: false, missed: false };
    expect(clockDeadline(clock, '2026-05-02', weekdays).due).to.equal('2026-05-12');
    expect(clockDeadline(clock, '2026-05-02', computeDeadline).due).to.equal('2026-05-13'); // 05-04/05 holidays, Sat 05-09 make-up
  });
});

describe('projection', () => {
  it('gives the query fields and the nearest open due date', async () => {
    const { projectCase } = await import('./projection.js');
    const p = projectCase(stateOf(history(COMPLAINT.accepted())), '2026-05-07', computeDeadline);
    expect(p).to.deep.include({ status: 'accepted', queue: 'q-441502-product-quality', district: '441502', assignee: 'mediator-1', nextDueDate: '2026-07-06' });
    // Published with the clock facts sla plans from (decision 0018: nobody reads the workflow's state).
    const facts = { paused: false, warned: false, missRecorded: false };
    expect(p.deadlines).to.deep.equal({
      accept: { due: '2026-05-13', state: 'met', completed: true, ...facts },
      mediation: { due: '2026-07-06', state: 'running', completed: false, ...facts },
    });
    expect(p.routing?.configVersion).to.equal('v1');
  });
});
