import { expect } from 'chai';
import { computeDeadline } from '@cw/calendar';
import { ORDER, SYSTEM, OTHER_MEDIATOR, aWorkOrderRegistration, command, given, history, stateOf, step, type Step } from '../testing/case-kit.js';
import { caseDeadlines } from './deadlines.js';
import { GUANGDONG_12345_DEADLINES, type WorkflowConfig } from './rule-sets.js';

describe('12345 work order state machine', () => {
  it('dispatched → acknowledged → replied → closed on a satisfied callback', () => {
    const events = history([...ORDER.replied(), step(command('RecordCallback', { result: 'very-satisfied' }), { actor: SYSTEM })]);
    expect(events.map((e) => e.type)).to.deep.equal(['CaseRegistered', 'CaseRouted', 'CaseClaimed', 'OrderAcknowledged', 'OrderReplied', 'CallbackRecorded']);
    const s = stateOf(events);
    expect(s).to.include({ status: 'closed', outcome: 'completed', kind: 'work-order', version: 6 });
    expect(s.order).to.include({ status: 'closed', callback: 'very-satisfied', redoCount: 0 });
    expect(s.clocks.acknowledge12345?.outcome).to.equal('OrderAcknowledged');
    expect(s.clocks.reply12345?.outcome).to.equal('OrderReplied');
  });

  it('starts with Guangdong defaults: acknowledge 1 WD, reply by request type', () => {
    const expected = { consultation: 2, help: 10, suggestion: 10, complaint: 15, report: 15, 'complaint+report': 15 } as const;
    for (const [requestType, days] of Object.entries(expected)) {
      const s = stateOf(history(ORDER.dispatched({ workOrder: { orderNo: 'X', requestType: requestType as keyof typeof expected } })));
      expect(s.status).to.equal('dispatched');
      expect(s.clocks.acknowledge12345?.period).to.deep.equal({ days: 1, unit: 'working' });
      expect(s.clocks.reply12345?.period, requestType).to.deep.equal({ days, unit: 'working' });
    }
  });

  it('deadlines are configuration, and a hotline replyDueAt fixes the reply date', () => {
    const config: WorkflowConfig = { workOrder: { ...GUANGDONG_12345_DEADLINES, acknowledge: { days: 2, unit: 'working' } } };
    given([]).when(command('RegisterCase', aWorkOrderRegistration({ workOrder: { orderNo: 'X', requestType: 'help', replyDueAt: '2026-05-15T18:00:00+08:00' } })), { config })
      .thenState((s) => {
        expect(s.clocks.acknowledge12345?.period).to.deep.equal({ days: 2, unit: 'working' });
        expect(s.clocks.reply12345?.fixedDueOn).to.equal('2026-05-15');
      });
  });

  it('a dissatisfied callback caused by the handler waits for a redo, which restarts the reply clock', () => {
    const past = [...ORDER.replied(), step(command('RecordCallback', { result: 'dissatisfied', handlerAtFault: true }), { actor: SYSTEM })];
    expect(stateOf(history(past))).to.include({ status: 'callback-recorded', outcome: null });
    given(past).when(command('RedoOrder', { reason: 'reply incomplete' }), { actor: SYSTEM, now: '2026-05-11T09:00:00+08:00' }).thenState((s) => {
      expect(s.status).to.equal('acknowledged');
      expect(s.order?.redoCount).to.equal(1);
      expect(s.clocks.reply12345).to.deep.include({ startedOn: '2026-05-11', pauses: [] });
      expect(s.clocks.reply12345?.completedOn).to.equal(undefined);
    });
  });

  it('a dissatisfied callback not caused by the handler closes the order', () => {
    given(ORDER.replied()).when(command('RecordCallback', { result: 'dissatisfied' }), { actor: SYSTEM }).thenState((s) => {
      expect(s).to.include({ status: 'closed', outcome: 'completed' });
    });
  });

  it('handlerAtFault is ignored unless the requester is dissatisfied', () => {
    given(ORDER.replied()).when(command('RecordCallback', { result: 'neutral', handlerAtFault: true }), { actor: SYSTEM }).thenState((s, events) => {
      expect(events[0]?.data).to.deep.include({ handlerAtFault: false });
      expect(s.status).to.equal('closed');
    });
  });

  it('returns an order outside our remit, before replying', () => {
    given(ORDER.claimed()).when(command('ReturnOrder', { reason: 'belongs to housing bureau' })).thenState((s) => {
      expect(s).to.include({ status: 'closed', outcome: 'order-returned' });
      expect(s.clocks.acknowledge12345?.outcome).to.equal('OrderReturned');
      expect(s.clocks.reply12345?.outcome).to.equal('OrderReturned');
    });
    given(ORDER.replied()).when(command('ReturnOrder', { reason: 'x' })).thenThrows('NOT_ALLOWED_IN_STATUS');
  });

  it('refuses out-of-order steps and complaint/report commands', () => {
    given(ORDER.claimed()).when(command('ReplyOrder', { reply: 'x' })).thenThrows('NOT_ALLOWED_IN_STATUS');
    given(ORDER.acknowledged()).when(command('RecordCallback', { result: 'satisfied' }), { actor: SYSTEM }).thenThrows('NOT_ALLOWED_IN_STATUS');
    given(ORDER.replied()).when(command('RedoOrder', {}), { actor: SYSTEM }).thenThrows('NOT_ALLOWED_IN_STATUS');
    given(ORDER.claimed()).when(command('AcceptComplaint', {})).thenThrows('WRONG_TRACK');
    given(ORDER.claimed()).when(command('TransferCase', { target: { kind: 'agency', name: 'x' }, reason: 'x' })).thenThrows('WRONG_TRACK');
    given(ORDER.claimed()).when(command('AcknowledgeOrder', {}), { actor: OTHER_MEDIATOR }).thenThrows('NOT_ASSIGNEE');
  });

  it('a claim needs a queue', () => {
    given(ORDER.dispatched()).when(command('ClaimCase', {})).thenThrows('NOT_ROUTED');
  });

  it('a work-order case needs its order details', () => {
    const { workOrder: _omit, ...reg } = aWorkOrderRegistration();
    given([]).when(command('RegisterCase', reg)).thenThrows('WORK_ORDER_REQUIRED');
  });

  describe('deadline warnings and misses (system)', () => {
    it('records each once, and not on a stopped clock', () => {
      const warn = command('RecordDeadlineWarning', { clock: 'acknowledge12345' });
      given(ORDER.claimed()).when(warn, { actor: SYSTEM }).thenState((s) => expect(s.clocks.acknowledge12345?.warned).to.equal(true));
      given([...ORDER.claimed(), step(warn, { actor: SYSTEM })]).when(warn, { actor: SYSTEM }).then([]);
      given(ORDER.acknowledged()).when(warn, { actor: SYSTEM }).then([]);
      given(ORDER.claimed()).when(command('RecordDeadlineMiss', { clock: 'mediation' }), { actor: SYSTEM }).thenThrows('CLOCK_NOT_RUNNING');
      given(ORDER.claimed()).when(command('RecordDeadlineMiss', { clock: 'reply12345' }), { actor: SYSTEM })
        .thenState((s) => expect(s.clocks.reply12345?.missed).to.equal(true));
    });
  });

  describe('the 12345 lifecycle: extension requests, the hotline\'s review, re-dispatch (DOMAIN.md §4)', () => {
    // A help request dispatched Mon 2026-05-04: acknowledge by 05-06, reply within 10 WD, by 05-18 (Labour Day 05-01–05).
    const help = () => ORDER.acknowledged({ workOrder: { orderNo: 'GD-9', requestType: 'help' } });
    const on = (date: string) => `${date}T10:00:00+08:00`;
    const replyDue = (steps: Step[], today: string) => caseDeadlines(stateOf(history(steps)), today, computeDeadline).find((d) => d.name === 'reply12345')!;
    const requested = () => [...help(), step(command('RequestOrderExtension', { requestedDueOn: '2026-05-29', reason: '需检测机构出具报告' }), { now: on('2026-05-15') })];

    it('an extension is asked before the deadline and the hotline grants it: the reply is due on the new date', () => {
      expect(replyDue(help(), '2026-05-07').due).to.equal('2026-05-18');
      const granted = [...requested(), step(command('DecideOrderExtension', { approved: true }), { actor: SYSTEM, now: on('2026-05-16') })];
      expect(replyDue(granted, '2026-05-19')).to.deep.include({ due: '2026-05-29', state: 'running' });
      const refused = [...requested(), step(command('DecideOrderExtension', { approved: false, note: '不同意延期' }), { actor: SYSTEM, now: on('2026-05-16') })];
      expect(replyDue(refused, '2026-05-19')).to.deep.include({ due: '2026-05-18', state: 'missed' });
      expect(stateOf(history(refused)).order?.extensionRequest).to.equal(null);
    });

    it('refuses a request after the deadline, for a date not after it, twice, and a decision with no request', () => {
      const ask = (requestedDueOn: string) => command('RequestOrderExtension', { requestedDueOn, reason: 'x' });
      given(help()).when(ask('2026-05-29'), { now: on('2026-05-19') }).thenThrows('EXTENSION_TOO_LATE');
      given(help()).when(ask('2026-05-18'), { now: on('2026-05-15') }).thenThrows('EXTENSION_NOT_LATER');
      given(requested()).when(ask('2026-05-30'), { now: on('2026-05-15') }).thenThrows('EXTENSION_ALREADY_REQUESTED');
      given(help()).when(command('DecideOrderExtension', { approved: true }), { actor: SYSTEM }).thenThrows('NO_EXTENSION_REQUESTED');
    });

    it('the hotline sends a reply back: handled again, with a new reply cycle from that day; a reply that stands changes nothing', () => {
      const replied = [...help(), step(command('ReplyOrder', { reply: '已答复' }), { now: on('2026-05-11') })];
      given(replied).when(command('ReviewOrderReply', { accepted: false }), { actor: SYSTEM, now: on('2026-05-12') }).thenThrows('REASON_REQUIRED');
      given(replied).when(command('ReviewOrderReply', { accepted: false, reason: '答复未说明处理结果' }), { actor: SYSTEM, now: on('2026-05-12') }).thenState((s) => {
        expect(s.status).to.equal('acknowledged');
        expect(s.order).to.include({ status: 'acknowledged', sentBack: 1 });
        expect(s.clocks.reply12345).to.deep.include({ startedOn: '2026-05-12' });
        expect(s.clocks.reply12345?.completedOn).to.equal(undefined);
      });
      given(replied).when(command('ReviewOrderReply', { accepted: true }), { actor: SYSTEM, now: on('2026-05-12') }).thenState((s) => {
        expect(s.order).to.include({ status: 'replied' });
      });
    });

    it('a returned order dispatched again is open again with fresh clocks; an open order cannot be', () => {
      const returned = [...ORDER.claimed(), command('ReturnOrder', { reason: '不属于市场监管职责' })];
      given(returned).when(command('RedispatchOrder', { dispatchedAt: on('2026-05-25') }), { actor: SYSTEM, now: on('2026-05-25') }).thenState((s) => {
        expect(s).to.include({ status: 'dispatched', outcome: null, closedAt: null });
        expect(s.order).to.include({ status: 'dispatched', redispatched: 1 });
        expect(s.clocks.acknowledge12345).to.deep.include({ startedOn: '2026-05-25' });
        expect(s.clocks.reply12345?.completedOn).to.equal(undefined);
      });
      given(ORDER.claimed()).when(command('RedispatchOrder', { dispatchedAt: on('2026-05-25') }), { actor: SYSTEM, now: on('2026-05-25') }).thenThrows('ORDER_NOT_RETURNED');
    });
  });
});
