/**
 * Issue 12's rules as given/when/then tables: rule sets chosen by the date of receipt, the grounds
 * each rule set has, mediation limits enforced both ways, and steps in the order they happened.
 */
import { expect } from 'chai';
import { computeDeadline } from '@cw/calendar';
import { MEDIATION_TERMINATED_REASONS, caseIdFor, leadSourceKey, type CaseCommand, type CaseRegistration, type MediationTerminatedReason } from '@cw/contracts';
import { COMPLAINT, REPORT, SUPERVISOR, SYSTEM, aRegistration, command, given, history, routing, stateOf, step, type Step } from '../testing/case-kit.js';
import { CLOCK_SKEW_MS } from './decide.js';
import { caseDeadlines } from './deadlines.js';

const at = (date: string, time = '10:00:00') => `${date}T${time}+08:00`;

/** A complaint received on `receivedOn`, routed, claimed, accepted and in mediation from `acceptedOn`. */
function mediating(receivedOn: string, acceptedOn: string, reg: Partial<CaseRegistration> = {}): Step[] {
  const now = at(acceptedOn);
  return [
    command('RegisterCase', aRegistration({ receivedAt: at(receivedOn, '09:00:00'), ruleSet: receivedOn >= '2026-04-15' ? 'SAMR-121' : 'SAMR-20', ...reg })),
    step(command('RouteCase', routing()), { actor: SYSTEM, now }),
    step(command('ClaimCase', {}), { now }),
    step(command('AcceptComplaint', {}), { now }),
    step(command('StartMediation', {}), { now }),
  ];
}

const terminate = (reasonCode: MediationTerminatedReason) => command('TerminateMediation', { reasonCode });

describe('rules of issue 12', () => {
  describe('the rule set is the one the date of receipt chooses', () => {
    const table: [string, string, 'SAMR-20' | 'SAMR-121', string | null][] = [
      ['received 2026-05-04 under SAMR-20', '2026-05-04T09:00:00+08:00', 'SAMR-20', 'RULE_SET_MISMATCH'],
      ['received 2026-04-14 under SAMR-121', '2026-04-14T23:30:00+08:00', 'SAMR-121', 'RULE_SET_MISMATCH'],
      // 2026-04-14 16:30 UTC is 2026-04-15 00:30 in Shanghai: Order 121 applies.
      ['received 2026-04-15 00:30 Shanghai under SAMR-121', '2026-04-14T16:30:00Z', 'SAMR-121', null],
      ['received 2020-03-02 under SAMR-20', '2020-03-02T09:00:00+08:00', 'SAMR-20', null],
    ];
    for (const [name, receivedAt, ruleSet, code] of table) {
      it(`${code === null ? 'registers' : 'refuses'}: ${name}`, () => {
        const when = given([]).when(command('RegisterCase', aRegistration({ receivedAt, ruleSet })));
        if (code === null) when.thenTypes('CaseRegistered');
        else when.thenThrows(code);
      });
    }
  });

  describe('termination grounds per rule set (Order No. 20 has seven, Order 121 eight)', () => {
    const under20 = (reason: MediationTerminatedReason) => given(mediating('2020-03-02', '2020-03-04')).when(terminate(reason), { now: at('2020-03-10') });
    const under121 = (reason: MediationTerminatedReason) => given(mediating('2026-05-04', '2026-05-06')).when(terminate(reason), { now: at('2026-05-12') });

    it('a 2020 complaint terminated with party-ceased is refused; under SAMR-121 it is accepted', () => {
      const e = under20('party-ceased').thenThrows('REASON_NOT_IN_RULE_SET');
      expect(e.message).to.contain('SAMR-20');
      under121('party-ceased').thenTypes('MediationTerminated');
    });

    for (const row of MEDIATION_TERMINATED_REASONS.filter((r) => r.code !== 'time-limit-reached')) {
      const in20 = row.items['SAMR-20'] !== undefined;
      it(`${row.code}: SAMR-20 ${in20 ? `item ${row.items['SAMR-20']}` : 'refuses it'}, SAMR-121 item ${row.items['SAMR-121']}`, () => {
        if (in20) under20(row.code).thenTypes('MediationTerminated');
        else under20(row.code).thenThrows('REASON_NOT_IN_RULE_SET');
        under121(row.code).thenTypes('MediationTerminated');
      });
    }
  });

  describe('a fraud termination records its referral; a private settlement may record its amount', () => {
    const referral = { authority: '汕尾市公安局城区分局', referredOn: '2026-05-12', referenceNo: '汕市监移〔2026〕3号' };
    it('SAMR-121: the referral is recorded with the termination', () => {
      given(mediating('2026-05-04', '2026-05-06')).when(command('TerminateMediation', { reasonCode: 'refusal-ground-or-fraud', policeReferral: referral }), { now: at('2026-05-12') })
        .thenState((s) => expect(s.termination).to.deep.equal({ reasonCode: 'refusal-ground-or-fraud', policeReferral: referral }));
    });
    const table: [string, Step[], CaseCommand, string][] = [
      ['a referral under SAMR-20 (Order No. 20 has none)', mediating('2020-03-02', '2020-03-04'), command('TerminateMediation', { reasonCode: 'refusal-ground-or-fraud', policeReferral: { ...referral, referredOn: '2020-03-10' } }), 'REFERRAL_NOT_ALLOWED'],
      ['a referral with another ground', mediating('2026-05-04', '2026-05-06'), command('TerminateMediation', { reasonCode: 'party-refuses', policeReferral: referral }), 'REFERRAL_NOT_ALLOWED'],
      ['a referral dated after the termination', mediating('2026-05-04', '2026-05-06'), command('TerminateMediation', { reasonCode: 'refusal-ground-or-fraud', policeReferral: { ...referral, referredOn: '2026-05-20' } }), 'OUT_OF_ORDER'],
      ['a settled amount with a ground other than item 1', mediating('2026-05-04', '2026-05-06'), command('TerminateMediation', { reasonCode: 'party-refuses', settledAmount: { amountYuan: '10' } }), 'SETTLEMENT_NOT_ALLOWED'],
    ];
    for (const [name, past, cmd, code] of table) {
      it(`refuses ${name} (${code})`, () => {
        const on = name.includes('SAMR-20') ? '2020-03-10' : '2026-05-12';
        given(past).when(cmd, { now: at(on) }).thenThrows(code);
      });
    }
    it('a private settlement (item 1) records its amount exactly, apart from mediated recoveries', () => {
      given(mediating('2020-03-02', '2020-03-04')).when(command('TerminateMediation', { reasonCode: 'withdrawn-or-settled', settledAmount: { amountYuan: '1200.5' } }), { now: at('2020-03-10') })
        .thenState((s) => {
          expect(s.termination?.settled).to.deep.equal({ amountYuan: '1200.50', amountFen: '120050' });
          expect(s.recovered).to.equal(null);
        });
    });
  });

  describe('duplicate reports exist only under SAMR-121', () => {
    const report20 = () => [...REPORT.claimed({ ruleSet: 'SAMR-20', receivedAt: at('2025-03-03') }), command('StartVerification', {})];
    const report121 = () => [...REPORT.verifying()];
    const table: [string, () => Step[], CaseCommand, string | null][] = [
      ['SAMR-20: decline as duplicate-not-handled', report20, command('DeclineEnforcementCase', { reason: 'duplicate-not-handled', explanation: 'x' }), 'REASON_NOT_IN_RULE_SET'],
      ['SAMR-20: merge into an earlier report', report20, command('MergeDuplicateReport', { intoCaseId: 'case-0' }), 'MERGE_NOT_IN_RULE_SET'],
      ['SAMR-20: decline as minor and corrected', report20, command('DeclineEnforcementCase', { reason: 'minor-and-corrected', explanation: 'x' }), null],
      ['SAMR-121: decline as duplicate-not-handled', report121, command('DeclineEnforcementCase', { reason: 'duplicate-not-handled', explanation: 'x' }), null],
      ['SAMR-121: merge into an earlier report', report121, command('MergeDuplicateReport', { intoCaseId: 'case-0' }), null],
    ];
    for (const [name, past, cmd, code] of table) {
      it(`${code === null ? 'accepts' : 'refuses'}: ${name}`, () => {
        const when = given(past()).when(cmd);
        if (code === null) expect(when.thenTypes(...(cmd.type === 'MergeDuplicateReport' ? ['ReportMerged' as const] : ['EnforcementCaseDeclined' as const]))).to.have.length(1);
        else when.thenThrows(code);
      });
    }
  });

  describe('mediation limits, both ways', () => {
    // SAMR-121: 60 calendar days from acceptance on 2026-08-03 → 2026-10-02, a National Day
    // holiday → the first working day after it, 2026-10-08.
    const past = () => mediating('2026-07-28', '2026-08-03');

    it('the cut-off of a SAMR-121 complaint accepted 2026-08-03 is 2026-10-08', () => {
      const d = caseDeadlines(stateOf(history(past())), '2026-08-04', computeDeadline).find((c) => c.name === 'mediation');
      expect(d).to.deep.include({ startedOn: '2026-08-03', due: '2026-10-08' });
    });

    const table: [string, CaseCommand, string, string | null][] = [
      ['"time limit reached" the day after acceptance', terminate('time-limit-reached'), '2026-08-04', 'TIME_LIMIT_NOT_REACHED'],
      ['"time limit reached" on the last day of the period', terminate('time-limit-reached'), '2026-10-08', 'TIME_LIMIT_NOT_REACHED'],
      ['"time limit reached" the day after the last day', terminate('time-limit-reached'), '2026-10-09', null],
      ['a success on the last day', command('RecordMediationSuccess', {}), '2026-10-08', null],
      ['a success after the cut-off', command('RecordMediationSuccess', {}), '2026-10-09', 'MEDIATION_PERIOD_ENDED'],
      ['a success months after the cut-off', command('RecordMediationSuccess', {}), '2027-02-01', 'MEDIATION_PERIOD_ENDED'],
      ['another ground after the cut-off', terminate('party-refuses'), '2026-10-20', null],
    ];
    for (const [name, cmd, on, code] of table) {
      it(`${code === null ? 'accepts' : 'refuses'}: ${name} (${on})`, () => {
        const when = given(past()).when(cmd, { now: at(on) });
        if (code === null) expect(when.thenTypes(cmd.type === 'RecordMediationSuccess' ? 'MediationSucceeded' : 'MediationTerminated')).to.have.length(1);
        else expect(when.thenThrows(code).message).to.contain('2026-10-08');
      });
    }

    it('paused days do not count: after a 10-day pause a success on 10-09 stands, and the limit is not reached', () => {
      const paused = [
        ...past(),
        step(command('PauseClock', { clock: 'mediation', reason: 'testing-appraisal' }), { now: at('2026-08-10') }),
        step(command('ResumeClock', { clock: 'mediation' }), { now: at('2026-08-20') }),
      ];
      given(paused).when(command('RecordMediationSuccess', {}), { now: at('2026-10-09') }).thenTypes('MediationSucceeded');
      given(paused).when(terminate('time-limit-reached'), { now: at('2026-10-09') }).thenThrows('TIME_LIMIT_NOT_REACHED');
    });

    it('SAMR-20: 45 working days; "time limit reached" before them is refused', () => {
      given(mediating('2020-03-02', '2020-03-04')).when(terminate('time-limit-reached'), { now: at('2020-04-01') }).thenThrows('TIME_LIMIT_NOT_REACHED');
      given(mediating('2020-03-02', '2020-03-04')).when(terminate('time-limit-reached'), { now: at('2020-05-20') }).thenTypes('MediationTerminated');
    });
  });

  describe('steps in the order they happened', () => {
    it('an acceptance dated the day before receipt is refused, naming the receipt', () => {
      const received = at('2026-05-04', '09:00:00');
      const past = [
        command('RegisterCase', aRegistration({ receivedAt: received })),
        step(command('RouteCase', routing()), { actor: SYSTEM, now: received }),
        step(command('ClaimCase', {}), { now: received }),
      ];
      const e = given(past).when(command('AcceptComplaint', {}), { now: at('2026-05-03') }).thenThrows('OUT_OF_ORDER');
      expect(e.message).to.contain('before the case was received');
      given(past).when(command('AcceptComplaint', {}), { now: at('2026-05-06') }).thenTypes('ComplaintAccepted');
    });

    it('a step dated before the one it follows is refused; within the hosts\' clock skew it stands', () => {
      const past = COMPLAINT.mediating(); // accepted and mediating at 2026-05-06 10:00
      given(past).when(command('RecordMediationSuccess', {}), { now: at('2026-05-05') }).thenThrows('OUT_OF_ORDER');
      const justBefore = new Date(Date.parse(at('2026-05-06')) - CLOCK_SKEW_MS + 1000).toISOString();
      given(past).when(command('RecordMediationSuccess', {}), { now: justBefore }).thenTypes('MediationSucceeded');
    });

    it('sla\'s observations do not move the case\'s time: a miss flagged late does not refuse the step it waited for', () => {
      const past = [...REPORT.verifying(), step(command('RecordDeadlineMiss', { clock: 'verification' }), { actor: SYSTEM, now: at('2026-06-01') })];
      given(past).when(command('OpenEnforcementCase', {}), { now: at('2026-05-25') }).thenTypes('EnforcementCaseOpened');
    });

    it('the supervisor approving an extension is checked like any step', () => {
      given(REPORT.verifying()).when(command('ExtendVerification', { approvedBy: SUPERVISOR.id, reason: 'x' }), { actor: SUPERVISOR, now: at('2026-05-01') }).thenThrows('OUT_OF_ORDER');
    });
  });

  describe('the termination-notice clock: the parties are told within 7 working days of the decision', () => {
    // Terminated Thu 2026-05-14 (SAMR-121): 7 WD → 2026-05-25 (Mon).
    const terminated = () => [...mediating('2026-05-04', '2026-05-06'), step(terminate('party-refuses'), { now: at('2026-05-14') })];
    const deadline = (steps: Step[], today: string) => caseDeadlines(stateOf(history(steps)), today, computeDeadline).find((d) => d.name === 'terminationNotice');

    it('starts with the termination and runs on after the case closes; the mediation clock stops', () => {
      const s = stateOf(history(terminated()));
      expect(s.status).to.equal('closed');
      expect(s.clocks.mediation?.completedOn).to.equal('2026-05-14');
      expect(deadline(terminated(), '2026-05-15')).to.deep.include({ startedOn: '2026-05-14', due: '2026-05-25', state: 'running' });
    });

    it('a withdrawal after acceptance (item 1) starts it too', () => {
      const withdrawn = [...mediating('2026-05-04', '2026-05-06'), step(command('WithdrawComplaint', {}), { now: at('2026-05-14') })];
      expect(deadline(withdrawn, '2026-05-15')).to.deep.include({ due: '2026-05-25' });
    });

    it('the notice on the last day is met; the day after, missed; a second notice is refused', () => {
      const told = (on: string) => [...terminated(), step(command('NotifyTermination', { method: 'written' }), { now: at(on) })];
      expect(deadline(told('2026-05-25'), '2026-06-01')).to.deep.include({ state: 'met', completedOn: '2026-05-25' });
      expect(deadline(told('2026-05-26'), '2026-06-01')).to.deep.include({ state: 'missed' });
      given(told('2026-05-20')).when(command('NotifyTermination', { method: 'phone' }), { now: at('2026-05-21') }).thenThrows('CLOCK_NOT_RUNNING');
    });

    it('is refused before any termination (open case, or closed by success)', () => {
      given(mediating('2026-05-04', '2026-05-06')).when(command('NotifyTermination', { method: 'written' })).thenThrows('NOT_ALLOWED_IN_STATUS');
      const succeeded = [...mediating('2026-05-04', '2026-05-06'), step(command('RecordMediationSuccess', {}), { now: at('2026-05-14') })];
      given(succeeded).when(command('NotifyTermination', { method: 'written' }), { now: at('2026-05-15') }).thenThrows('CLOCK_NOT_RUNNING');
    });

    it('only the assignee (or a supervisor) records it', () => {
      given(terminated()).when(command('NotifyTermination', { method: 'written' }), { now: at('2026-05-15'), actor: { id: 'mediator-2', role: 'mediator' } }).thenThrows('NOT_ASSIGNEE');
    });
  });

  describe('the jurisdiction-dispute clock: settled within 7 working days, pausing nothing else', () => {
    // Raised Mon 2026-05-11 on a report received 2026-05-04: dispute due 2026-05-20; verification (15 WD) due 2026-05-25.
    const raised = () => [...REPORT.claimed({ receivedAt: at('2026-05-04', '09:00:00') }), step(command('RaiseJurisdictionDispute', { withOffice: '深圳市市场监督管理局' }), { now: at('2026-05-11') })];
    const deadlines = (steps: Step[], today: string) => caseDeadlines(stateOf(history(steps)), today, computeDeadline);

    it('runs beside the verification clock, which keeps its due date', () => {
      const d = deadlines(raised(), '2026-05-12');
      expect(d.find((c) => c.name === 'jurisdictionDispute')).to.deep.include({ startedOn: '2026-05-11', due: '2026-05-20', state: 'running' });
      expect(d.find((c) => c.name === 'verification')).to.deep.include({ due: '2026-05-25', state: 'running' });
    });

    it('a supervisor settles it; a mediator cannot; a second dispute waits for the first', () => {
      given(raised()).when(command('SettleJurisdictionDispute', { outcome: 'this-office' }), { now: at('2026-05-20') }).thenThrows('DISPUTE_NEEDS_SUPERVISOR');
      given(raised()).when(command('SettleJurisdictionDispute', { outcome: 'this-office', decidedBy: '汕尾市市场监督管理局' }), { now: at('2026-05-20'), actor: SUPERVISOR })
        .thenTypes('JurisdictionDisputeSettled');
      given(raised()).when(command('RaiseJurisdictionDispute', { withOffice: 'x' }), { now: at('2026-05-12') }).thenThrows('DISPUTE_ALREADY_RAISED');
    });

    it('settled after its due date it is missed; a case transferred meanwhile stops it', () => {
      const late = [...raised(), step(command('SettleJurisdictionDispute', { outcome: 'other-office' }), { now: at('2026-05-21'), actor: SUPERVISOR })];
      expect(deadlines(late, '2026-05-22').find((c) => c.name === 'jurisdictionDispute')).to.deep.include({ state: 'missed' });
      const transferred = [...raised(), step(command('TransferCase', { target: { kind: 'office', name: '深圳市市场监督管理局' }, reason: 'x' }), { now: at('2026-05-13') })];
      expect(deadlines(transferred, '2026-05-22').find((c) => c.name === 'jurisdictionDispute')).to.deep.include({ state: 'met', completedOn: '2026-05-13' });
      given(transferred).when(command('SettleJurisdictionDispute', { outcome: 'other-office' }), { now: at('2026-05-14'), actor: SUPERVISOR }).thenThrows('NOT_ALLOWED_IN_STATUS');
    });
  });

  describe('a lead found during mediation opens a linked report, verified within 15 WD of the discovery (+15 once)', () => {
    const found = (on: string) => [...mediating('2026-05-04', '2026-05-06'), step(command('RecordLead', { facts: '涉嫌销售过期食品' }), { now: at(on) })];

    it('records the lead with the id of the report intake will register; a second lead gets the next number', () => {
      const [e] = given(mediating('2026-05-04', '2026-05-06')).when(command('RecordLead', { facts: 'x' }), { now: at('2026-05-20') }).thenTypes('LeadFound');
      expect(e!.data).to.deep.include({ leadNo: 1, leadCaseId: caseIdFor(leadSourceKey('case-1', 1), 'report') });
      const [second] = given(found('2026-05-20')).when(command('RecordLead', { facts: 'y' }), { now: at('2026-05-21') }).thenTypes('LeadFound');
      expect(second!.data).to.deep.include({ leadNo: 2, leadCaseId: caseIdFor(leadSourceKey('case-1', 2), 'report') });
      expect(stateOf(history(found('2026-05-20'))).status).to.equal('mediating');
    });

    it('is refused before acceptance and after closure', () => {
      given(COMPLAINT.claimed()).when(command('RecordLead', { facts: 'x' })).thenThrows('NOT_ALLOWED_IN_STATUS');
      given([...found('2026-05-20'), step(command('RecordMediationSuccess', {}), { now: at('2026-05-21') })]).when(command('RecordLead', { facts: 'x' }), { now: at('2026-05-22') }).thenThrows('NOT_ALLOWED_IN_STATUS');
    });

    it('the report counts its verification from the discovery, not from the complaint: found 2026-05-20, due 2026-06-10', () => {
      const lead = { fromCaseId: 'case-1', fromCaseNo: 'TS-2026-000001', leadNo: 1, discoveredAt: at('2026-05-20', '15:00:00') };
      const reg = aRegistration({ kind: 'report', channel: 'mediation-lead', receivedAt: lead.discoveredAt, ruleSet: 'SAMR-121', lead, linkedCaseIds: ['case-1'] });
      const d = caseDeadlines(stateOf(history([command('RegisterCase', reg)])), '2026-05-21', computeDeadline).find((c) => c.name === 'verification');
      expect(d).to.deep.include({ startedOn: '2026-05-20', due: '2026-06-10' });
      given([]).when(command('RegisterCase', { ...reg, kind: 'complaint' })).thenThrows('LEAD_NOT_A_REPORT');
      given([]).when(command('RegisterCase', { ...reg, receivedAt: at('2026-05-21') })).thenThrows('LEAD_NOT_A_REPORT');
    });
  });
});
