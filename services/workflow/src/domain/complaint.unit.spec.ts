import { expect } from 'chai';
import { NOT_ACCEPTED_REASON_CODES, isNotAcceptedReasonValid, type CaseCommand, type NotAcceptedReason } from '@cw/contracts';
import {
  COMPLAINT, CASE_ID, MEDIATOR, NOW, OTHER_MEDIATOR, SUPERVISOR, SYSTEM,
  aRegistration, command, given, history, routing, stateOf, step, type Step,
} from '../testing/case-kit.js';

describe('complaint state machine', () => {
  describe('happy path', () => {
    it('registration starts the 7-working-day accept clock from the date of receipt', () => {
      given([]).when(command('RegisterCase', aRegistration())).thenState((s) => {
        expect(s.status).to.equal('registered');
        expect(s.kind).to.equal('complaint');
        expect(s.ruleSet).to.equal('SAMR-121');
        expect(s.version).to.equal(1);
        expect(s.clocks.accept).to.include({ startedOn: '2026-05-04' });
        expect(s.clocks.accept?.period).to.deep.equal({ days: 7, unit: 'working' });
        expect(s.order).to.equal(null);
      });
    });

    it('routing moves it to pending acceptance in a queue', () => {
      given(COMPLAINT.registered()).when(command('RouteCase', routing()), { actor: SYSTEM }).thenState((s) => {
        expect(s).to.include({ status: 'pending-acceptance', queue: 'q-441502-product-quality', district: '441502', category: 'product-quality' });
      });
    });

    it('accepting stops the accept clock and starts the mediation clock', () => {
      given(COMPLAINT.claimed()).when(command('AcceptComplaint', {}), { now: '2026-05-07T16:00:00+08:00' }).thenState((s, events) => {
        expect(events.map((e) => e.type)).to.deep.equal(['ComplaintAccepted']);
        expect(s.status).to.equal('accepted');
        expect(s.clocks.accept).to.include({ completedOn: '2026-05-07', outcome: 'ComplaintAccepted' });
        expect(s.clocks.mediation).to.include({ startedOn: '2026-05-07' });
      });
    });

    it('a mediation success closes the case with exact recovered amounts', () => {
      given(COMPLAINT.mediating())
        .when(command('RecordMediationSuccess', { refund: { amountYuan: '350' }, compensation: { amountYuan: '0.1' }, replacementValue: { amountYuan: '0.20' } }))
        .thenState((s) => {
          expect(s).to.include({ status: 'closed', outcome: 'mediation-succeeded' });
          expect(s.recovered).to.deep.equal({
            refund: { amountYuan: '350.00' },
            compensation: { amountYuan: '0.10' },
            replacementValue: { amountYuan: '0.20' },
            totalYuan: '350.30',
            totalFen: '35030',
          });
          expect(s.clocks.mediation?.completedOn).to.equal('2026-05-06');
        });
    });

    it('missing money parts count as zero', () => {
      given(COMPLAINT.mediating()).when(command('RecordMediationSuccess', {})).thenState((s) => {
        expect(s.recovered?.totalYuan).to.equal('0.00');
      });
    });
  });

  describe('transition table (command × status)', () => {
    const table: [string, Step[], CaseCommand['type'], unknown, string][] = [
      ['accept before routing', COMPLAINT.registered(), 'AcceptComplaint', {}, 'NOT_CLAIMED'],
      ['start mediation before acceptance', COMPLAINT.claimed(), 'StartMediation', {}, 'NOT_ALLOWED_IN_STATUS'],
      ['succeed before mediation starts', COMPLAINT.accepted(), 'RecordMediationSuccess', {}, 'NOT_ALLOWED_IN_STATUS'],
      ['accept twice', COMPLAINT.accepted(), 'AcceptComplaint', {}, 'NOT_ALLOWED_IN_STATUS'],
      ['refuse after acceptance', COMPLAINT.accepted(), 'RefuseComplaint', { reasonCode: 'time-barred', explanation: 'x', otherRoutes: ['court'] }, 'NOT_ALLOWED_IN_STATUS'],
      ['transfer after acceptance', COMPLAINT.accepted(), 'TransferCase', { target: { kind: 'office', name: '海丰县局' }, reason: 'jurisdiction' }, 'NOT_ALLOWED_IN_STATUS'],
      ['verification on a complaint', COMPLAINT.claimed(), 'StartVerification', {}, 'WRONG_TRACK'],
      ['12345 reply on a 12315 complaint', COMPLAINT.claimed(), 'ReplyOrder', { reply: 'x' }, 'NO_WORK_ORDER'],
      ['pause the accept clock before acceptance', COMPLAINT.claimed(), 'PauseClock', { clock: 'mediation', reason: 'testing-appraisal' }, 'NOT_ALLOWED_IN_STATUS'],
    ];
    for (const [name, past, type, data, code] of table) {
      it(`refuses: ${name} (${code})`, () => {
        given(past).when({ type, data } as CaseCommand).thenThrows(code);
      });
    }

    it('nothing but 12345 and deadline events after closure', () => {
      const closed = [...COMPLAINT.claimed(), command('WithdrawComplaint', {})];
      for (const c of [command('AcceptComplaint', {}), command('RouteCase', routing()), command('ClaimCase', {}), command('WithdrawComplaint', {})]) {
        given(closed).when(c, { actor: SUPERVISOR }).thenThrows('NOT_ALLOWED_IN_STATUS');
      }
    });

    it('withdrawal before acceptance closes as withdrawn', () => {
      given(COMPLAINT.claimed()).when(command('WithdrawComplaint', { note: 'settled' })).thenState((s, events) => {
        expect(events.map((e) => e.type)).to.deep.equal(['ComplaintWithdrawn']);
        expect(s).to.include({ status: 'closed', outcome: 'withdrawn' });
        expect(s.clocks.accept?.outcome).to.equal('ComplaintWithdrawn');
      });
    });

    it('withdrawal during mediation terminates mediation (Art 23 item 1)', () => {
      given(COMPLAINT.mediating()).when(command('WithdrawComplaint', {})).thenState((s, events) => {
        expect(events).to.deep.equal([{ type: 'MediationTerminated', data: {
          reasonCode: 'withdrawn-or-settled', at: NOW, clocks: [{ name: 'terminationNotice', startedOn: '2026-05-06', period: { days: 7, unit: 'working' } }],
        } }]);
        expect(s).to.include({ status: 'closed', outcome: 'mediation-terminated' });
      });
    });

    it('termination is possible from accepted (a party refuses to take part)', () => {
      given(COMPLAINT.accepted()).when(command('TerminateMediation', { reasonCode: 'party-refuses' })).thenState((s) => {
        expect(s).to.include({ status: 'closed', outcome: 'mediation-terminated' });
        expect(s.termination).to.deep.equal({ reasonCode: 'party-refuses' });
      });
    });

    it('delegation to the consumer council keeps the status and is idempotent', () => {
      const past = [...COMPLAINT.accepted(), command('DelegateToCouncil', { council: '汕尾市消委会' })];
      given(past).when(command('DelegateToCouncil', { council: '汕尾市消委会' })).then([]);
      expect(stateOf(history(past))).to.include({ status: 'accepted', delegatedTo: '汕尾市消委会' });
    });

    it('transfer before acceptance closes the case', () => {
      given(COMPLAINT.claimed())
        .when(command('TransferCase', { target: { kind: 'office', name: '海丰县市场监督管理局', code: '441521' }, reason: 'business is in Haifeng' }))
        .thenState((s) => expect(s).to.include({ status: 'closed', outcome: 'transferred' }));
    });
  });

  describe('clock pauses', () => {
    it('pauses and resumes the mediation clock, once at a time', () => {
      const paused = [...COMPLAINT.mediating(), step(command('PauseClock', { clock: 'mediation', reason: 'testing-appraisal' }), { now: '2026-05-10T09:00:00+08:00' })];
      given(paused).when(command('PauseClock', { clock: 'mediation', reason: 'suspension' }), { now: '2026-05-11T09:00:00+08:00' }).thenThrows('CLOCK_ALREADY_PAUSED');
      given(paused).when(command('ResumeClock', { clock: 'mediation' }), { now: '2026-05-20T09:00:00+08:00' }).thenState((s) => {
        expect(s.clocks.mediation?.pauses).to.deep.equal([{ from: '2026-05-10', to: '2026-05-20', reason: 'testing-appraisal' }]);
      });
      given(COMPLAINT.mediating()).when(command('ResumeClock', { clock: 'mediation' })).thenThrows('CLOCK_NOT_PAUSED');
      given(COMPLAINT.mediating()).when(command('PauseClock', { clock: 'verification', reason: 'suspension' })).thenThrows('CLOCK_NOT_RUNNING');
    });

    it('closing the case ends an open pause on the closing day', () => {
      const past = [...COMPLAINT.mediating(), step(command('PauseClock', { clock: 'mediation', reason: 'testing-appraisal' }), { now: '2026-05-10T09:00:00+08:00' })];
      given(past).when(command('TerminateMediation', { reasonCode: 'testing-cost-disputed' }), { now: '2026-05-12T09:00:00+08:00' }).thenState((s) => {
        expect(s.clocks.mediation?.pauses[0]?.to).to.equal('2026-05-12');
        expect(s.clocks.mediation?.completedOn).to.equal('2026-05-12');
      });
    });
  });

  describe('assignment', () => {
    it('claims an unclaimed routed case; claiming again is a no-op', () => {
      given(COMPLAINT.claimed()).when(command('ClaimCase', {})).then([]);
    });

    it('refuses a claim on a case claimed by someone else', () => {
      const e = given(COMPLAINT.claimed()).when(command('ClaimCase', {}), { actor: OTHER_MEDIATOR }).thenThrows('ALREADY_CLAIMED');
      expect(e.message).to.contain('already claimed').and.contain('案件已被他人认领');
    });

    it('refuses a claim before routing (no queue yet)', () => {
      given(COMPLAINT.registered()).when(command('ClaimCase', {})).thenThrows('NOT_ALLOWED_IN_STATUS');
    });

    it('mediator decisions need the assignee', () => {
      given(COMPLAINT.claimed()).when(command('AcceptComplaint', {}), { actor: OTHER_MEDIATOR }).thenThrows('NOT_ASSIGNEE');
      given([...COMPLAINT.registered(), step(command('RouteCase', routing()), { actor: SYSTEM })]).when(command('AcceptComplaint', {})).thenThrows('NOT_CLAIMED');
      given(COMPLAINT.claimed()).when(command('AcceptComplaint', {}), { actor: SUPERVISOR }).thenTypes('ComplaintAccepted');
    });

    it('release and reassign', () => {
      given(COMPLAINT.claimed()).when(command('ReleaseCase', {})).then([{ type: 'CaseReleased', data: { userId: MEDIATOR.id, at: NOW } }]);
      given(COMPLAINT.claimed()).when(command('ReleaseCase', {}), { actor: OTHER_MEDIATOR }).thenThrows('NOT_ASSIGNEE');
      given(COMPLAINT.claimed()).when(command('ReassignCase', { toUserId: 'mediator-3' }), { actor: OTHER_MEDIATOR }).thenThrows('FORBIDDEN');
      given(COMPLAINT.claimed()).when(command('ReassignCase', { toUserId: 'mediator-3' }), { actor: SUPERVISOR }).thenState((s, events) => {
        expect(events).to.deep.equal([{ type: 'CaseReassigned', data: { fromUserId: MEDIATOR.id, toUserId: 'mediator-3', at: NOW } }]);
        expect(s.assignee).to.equal('mediator-3');
      });
    });

    it('re-routing to another queue clears the assignee', () => {
      given(COMPLAINT.claimed()).when(command('RouteCase', routing('q-441521-food')), { actor: SYSTEM }).thenState((s) => {
        expect(s).to.include({ queue: 'q-441521-food', assignee: null, status: 'pending-acceptance' });
      });
    });
  });

  describe('rule sets', () => {
    const refuse = (reasonCode: NotAcceptedReason, explanation?: string, otherRoutes?: string[]) =>
      command('RefuseComplaint', { reasonCode, ...(explanation === undefined ? {} : { explanation }), ...(otherRoutes === undefined ? {} : { otherRoutes }) });

    it('reason-code validity per rule set', () => {
      const invalidUnder20 = NOT_ACCEPTED_REASON_CODES.filter((c) => !isNotAcceptedReasonValid(c, 'SAMR-20'));
      expect(invalidUnder20).to.deep.equal(['materials-false', 'identity-refused']);
      expect(NOT_ACCEPTED_REASON_CODES.every((c) => isNotAcceptedReasonValid(c, 'SAMR-121'))).to.equal(true);
    });

    for (const code of NOT_ACCEPTED_REASON_CODES) {
      const valid20 = isNotAcceptedReasonValid(code, 'SAMR-20');
      it(`SAMR-20 ${valid20 ? 'accepts' : 'refuses'} reason '${code}'; SAMR-121 accepts it`, () => {
        const under20 = given(COMPLAINT.claimed({ ruleSet: 'SAMR-20', receivedAt: '2025-03-03T09:00:00+08:00' })).when(refuse(code));
        if (valid20) under20.thenTypes('ComplaintRefused');
        else under20.thenThrows('REASON_NOT_IN_RULE_SET');
        given(COMPLAINT.claimed()).when(refuse(code, 'why', ['court'])).thenTypes('ComplaintRefused');
      });
    }

    it('SAMR-121 refusal must state reasons and other routes; SAMR-20 need not', () => {
      given(COMPLAINT.claimed()).when(refuse('time-barred')).thenThrows('REFUSAL_INCOMPLETE');
      given(COMPLAINT.claimed()).when(refuse('time-barred', 'Over three years')).thenThrows('REFUSAL_INCOMPLETE');
      given(COMPLAINT.claimed()).when(refuse('time-barred', '  ', ['court'])).thenThrows('REFUSAL_INCOMPLETE');
      given(COMPLAINT.claimed()).when(refuse('time-barred', 'Over three years', ['Sue in court'])).thenState((s) => {
        expect(s).to.include({ status: 'closed', outcome: 'refused' });
        expect(s.refusal).to.deep.equal({ reasonCode: 'time-barred', explanation: 'Over three years', otherRoutes: ['Sue in court'] });
      });
      given(COMPLAINT.claimed({ ruleSet: 'SAMR-20', receivedAt: '2025-03-03T09:00:00+08:00' })).when(refuse('time-barred')).thenState((s) => {
        expect(s.refusal).to.deep.equal({ reasonCode: 'time-barred', otherRoutes: [] });
      });
    });

    it('mediation clock: 45 working days under SAMR-20, 60 calendar days under SAMR-121', () => {
      expect(stateOf(history(COMPLAINT.accepted({ ruleSet: 'SAMR-20', receivedAt: '2025-03-03T09:00:00+08:00' }))).clocks.mediation?.period).to.deep.equal({ days: 45, unit: 'working' });
      expect(stateOf(history(COMPLAINT.accepted())).clocks.mediation?.period).to.deep.equal({ days: 60, unit: 'calendar' });
    });
  });

  describe('a 12345 complaint runs both clocks', () => {
    const reg = { channel: '12345-hotline' as const, sourceSystem: '12345' as const, workOrder: { orderNo: 'GD-9', requestType: 'complaint' as const } };

    it('starts accept, acknowledge12345 and reply12345 (15 WD for complaints)', () => {
      const s = stateOf(history(COMPLAINT.registered(reg)));
      expect(Object.keys(s.clocks).sort()).to.deep.equal(['accept', 'acknowledge12345', 'reply12345']);
      expect(s.clocks.reply12345?.period).to.deep.equal({ days: 15, unit: 'working' });
      expect(s.clocks.acknowledge12345?.period).to.deep.equal({ days: 1, unit: 'working' });
      expect(s.order).to.include({ status: 'dispatched', orderNo: 'GD-9' });
    });

    it('the reply may follow the closed complaint, and the callback closes the order side', () => {
      const past = [...COMPLAINT.mediating(reg), command('AcknowledgeOrder', {}), command('RecordMediationSuccess', { refund: { amountYuan: '100' } })];
      const s = stateOf(history([...past, command('ReplyOrder', { reply: 'Mediated, refund 100 yuan' }), step(command('RecordCallback', { result: 'satisfied' }), { actor: SYSTEM })]));
      expect(s).to.include({ status: 'closed', outcome: 'mediation-succeeded' });
      expect(s.order).to.include({ status: 'closed', callback: 'satisfied' });
      expect(s.clocks.reply12345?.completedOn).to.equal('2026-05-06');
    });

    it('returning the order closes the complaint before acceptance, not after', () => {
      given(COMPLAINT.claimed(reg)).when(command('ReturnOrder', { reason: 'not market regulation' })).thenState((s) => {
        expect(s).to.include({ status: 'closed', outcome: 'order-returned' });
        expect(s.clocks.accept?.completedOn).to.equal('2026-05-06');
      });
      given(COMPLAINT.accepted(reg)).when(command('ReturnOrder', { reason: 'x' })).thenThrows('NOT_ALLOWED_IN_STATUS');
    });
  });

  it('refuses commands on a case that does not exist, and a second registration', () => {
    given([]).when(command('ClaimCase', {})).thenThrows('CASE_NOT_REGISTERED');
    given(COMPLAINT.registered()).when(command('RegisterCase', aRegistration())).thenThrows('ALREADY_REGISTERED');
    expect(stateOf(history(COMPLAINT.registered())).caseId).to.equal(CASE_ID);
  });
});
