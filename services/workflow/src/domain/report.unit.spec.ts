import { expect } from 'chai';
import { computeDeadline } from '@cw/calendar';
import { REPORT, OTHER_MEDIATOR, SUPERVISOR, SYSTEM, NOW, aRegistration, command, given, history, stateOf, step } from '../testing/case-kit.js';
import { projectCase } from './projection.js';

describe('report state machine', () => {
  it('registration starts the 15-working-day verification clock from receipt', () => {
    const s = stateOf(history(REPORT.registered()));
    expect(s).to.include({ status: 'registered', kind: 'report' });
    expect(s.clocks.verification).to.include({ startedOn: '2026-05-04' });
    expect(s.clocks.verification?.period).to.deep.equal({ days: 15, unit: 'working' });
    expect(s.clocks.accept).to.equal(undefined);
  });

  it('registered → pending-verification → verifying → closed(case-opened)', () => {
    const events = history([...REPORT.verifying(), command('OpenEnforcementCase', { enforcementCaseNo: '汕市监立〔2026〕12号' })]);
    expect(events.map((e) => e.type)).to.deep.equal(['CaseRegistered', 'CaseRouted', 'CaseClaimed', 'VerificationStarted', 'EnforcementCaseOpened']);
    const s = stateOf(events);
    expect(s).to.include({ status: 'closed', outcome: 'case-opened', version: 5 });
    expect(s.clocks.verification).to.include({ completedOn: '2026-05-06', outcome: 'EnforcementCaseOpened' });
  });

  it('declines: the reason decides the outcome', () => {
    const cases = [
      ['minor-and-corrected', 'not-opened'],
      ['first-minor-offence', 'not-opened'],
      ['no-fault-proven', 'not-opened'],
      ['other', 'not-opened'],
      ['no-authority', 'no-authority'],
      ['duplicate-not-handled', 'duplicate-not-handled'],
    ] as const;
    for (const [reason, outcome] of cases) {
      given(REPORT.verifying()).when(command('DeclineEnforcementCase', { reason, explanation: 'x' })).thenState((s) => {
        expect(s).to.include({ status: 'closed', outcome });
        expect(s.decline).to.deep.equal({ reason, explanation: 'x' });
      });
    }
  });

  it('opening a case needs verification first; declining does not', () => {
    given(REPORT.claimed()).when(command('OpenEnforcementCase', {})).thenThrows('NOT_ALLOWED_IN_STATUS');
    given(REPORT.claimed()).when(command('DeclineEnforcementCase', { reason: 'no-authority', explanation: 'reporter told' })).thenTypes('EnforcementCaseDeclined');
  });

  it('complaint commands do not apply to reports', () => {
    given(REPORT.claimed()).when(command('AcceptComplaint', {})).thenThrows('WRONG_TRACK');
    given(REPORT.claimed()).when(command('WithdrawComplaint', {})).thenThrows('WRONG_TRACK');
  });

  describe('extension', () => {
    it('extends once by 15 working days, recording the approver', () => {
      given(REPORT.verifying()).when(command('ExtendVerification', { approvedBy: SUPERVISOR.id, reason: 'needs lab results' }), { actor: SUPERVISOR }).thenState((s) => {
        expect(s.clocks.verification?.extension).to.deep.equal({ period: { days: 15, unit: 'working' }, approvedBy: SUPERVISOR.id, on: '2026-05-06' });
      });
    });

    it('refuses a second extension', () => {
      const past = [...REPORT.verifying(), step(command('ExtendVerification', { approvedBy: SUPERVISOR.id, reason: 'a' }), { actor: SUPERVISOR })];
      given(past).when(command('ExtendVerification', { approvedBy: SUPERVISOR.id, reason: 'b' }), { actor: SUPERVISOR }).thenThrows('EXTENSION_ALREADY_USED');
    });

    it('judges an extension by dates and by who approves it (received 2026-05-06, due 2026-05-26)', () => {
      const received = REPORT.verifying({ receivedAt: '2026-05-06T09:00:00+08:00' });
      const extend = command('ExtendVerification', { approvedBy: SUPERVISOR.id, reason: 'lab results' });
      const on = (d: string) => `${d}T10:00:00+08:00`;
      // By a supervisor before the due date: 15 more working days, due 2026-06-16.
      given(received).when(extend, { actor: SUPERVISOR, now: on('2026-05-20') }).thenState((s) => {
        expect(s.clocks.verification?.extension).to.include({ approvedBy: SUPERVISOR.id, on: '2026-05-20' });
      });
      const extended = [...received, step(extend, { actor: SUPERVISOR, now: on('2026-05-20') })];
      expect(projectCase(stateOf(history(extended)), '2026-05-21', computeDeadline).deadlines?.verification?.due).to.equal('2026-06-16');
      // After the due date, even with no miss recorded by sla yet: refused, the clock keeps its date.
      given(received).when(extend, { actor: SUPERVISOR, now: on('2026-06-10') }).thenThrows('EXTENSION_TOO_LATE');
      // By the officer on the case, or with someone else named as approver: refused.
      given(received).when(command('ExtendVerification', { approvedBy: 'mediator-1', reason: 'x' }), { now: on('2026-05-20') }).thenThrows('EXTENSION_NEEDS_APPROVAL');
      given(received).when(command('ExtendVerification', { approvedBy: 'boss', reason: 'x' }), { actor: SUPERVISOR, now: on('2026-05-20') }).thenThrows('EXTENSION_APPROVER_MISMATCH');
    });

    it('refuses an extension approved by the supervisor who is the case\'s own assignee', () => {
      const claimedBySupervisor = [...REPORT.verifying().slice(0, 2), step(command('ClaimCase', {}), { actor: SUPERVISOR }), step(command('StartVerification', {}), { actor: SUPERVISOR })];
      given(claimedBySupervisor).when(command('ExtendVerification', { approvedBy: SUPERVISOR.id, reason: 'x' }), { actor: SUPERVISOR }).thenThrows('EXTENSION_SELF_APPROVED');
    });

    it('refuses an extension after the deadline was recorded as missed', () => {
      const past = [...REPORT.verifying(), step(command('RecordDeadlineMiss', { clock: 'verification' }), { actor: SYSTEM })];
      given(past).when(command('ExtendVerification', { approvedBy: SUPERVISOR.id, reason: 'late' }), { actor: SUPERVISOR }).thenThrows('EXTENSION_TOO_LATE');
    });
  });

  describe('duplicates and merging', () => {
    it('a report with new facts is merged into the earlier case and closes', () => {
      given(REPORT.verifying()).when(command('MergeDuplicateReport', { intoCaseId: 'case-0' })).thenState((s) => {
        expect(s).to.include({ status: 'closed', outcome: 'merged', mergedInto: 'case-0' });
      });
      given(REPORT.verifying()).when(command('MergeDuplicateReport', { intoCaseId: 'case-1' })).thenThrows('SELF_MERGE');
    });

    it('the surviving case restarts its verification clock from the latest report (once per merged case)', () => {
      const absorb = command('AbsorbMergedReport', { mergedCaseId: 'case-2', latestReceivedAt: '2026-05-20T15:00:00+08:00' });
      const past = [...REPORT.verifying(), step(command('ExtendVerification', { approvedBy: SUPERVISOR.id, reason: 'x' }), { actor: SUPERVISOR })];
      given(past).when(absorb, { actor: SYSTEM }).thenState((s) => {
        expect(s.status).to.equal('verifying');
        expect(s.mergedReports).to.deep.equal(['case-2']);
        expect(s.clocks.verification).to.deep.include({ startedOn: '2026-05-20', pauses: [], period: { days: 15, unit: 'working' } });
        expect(s.clocks.verification?.extension).to.equal(undefined);
      });
      given([...past, step(absorb, { actor: SYSTEM })]).when(absorb, { actor: SYSTEM }).then([]);
    });

    it('an older merged report does not move the clock back', () => {
      given(REPORT.verifying())
        .when(command('AbsorbMergedReport', { mergedCaseId: 'case-0', latestReceivedAt: '2026-04-20T15:00:00+08:00' }))
        .then([{ type: 'MergedReportAbsorbed', data: { mergedCaseId: 'case-0', latestReceivedAt: '2026-04-20T15:00:00+08:00', at: NOW, clocks: [] } }]);
    });
  });

  it('pauses verification for testing, and transfer closes the report', () => {
    given(REPORT.verifying()).when(command('PauseClock', { clock: 'verification', reason: 'testing-appraisal' })).thenTypes('ClockPaused');
    given(REPORT.verifying())
      .when(command('TransferCase', { target: { kind: 'judicial', name: '汕尾市公安局' }, reason: 'suspected crime' }))
      .thenState((s) => expect(s).to.include({ status: 'closed', outcome: 'transferred' }));
  });

  it('only the assignee verifies', () => {
    given(REPORT.claimed()).when(command('StartVerification', {}), { actor: OTHER_MEDIATOR }).thenThrows('NOT_ASSIGNEE');
  });

  it('a 12345 report order also runs the 12345 clocks', () => {
    const reg = aRegistration({ kind: 'report', channel: '12345-hotline', sourceSystem: '12345', workOrder: { orderNo: 'W-1', requestType: 'report' } });
    const s = stateOf(history([command('RegisterCase', reg)]));
    expect(Object.keys(s.clocks).sort()).to.deep.equal(['acknowledge12345', 'reply12345', 'verification']);
  });
});
