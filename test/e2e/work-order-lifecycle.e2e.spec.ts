import { expect } from 'chai';
import { startSystem, postJson, getJson, type TestSystem } from '../support/system.js';
import { aWorkOrder, nowInShanghai } from '../support/builders.js';
import { eventually } from '../support/env.js';
import { createApiKey, loginAs, type LoggedIn, type TestApiKey } from '../support/auth.js';

/** The builders' work order is about a business in 城区. */
const CHENGQU = '441502';

describe('the 12345 lifecycle through the real pipeline (DOMAIN.md §4)', function () {
  this.timeout(180_000);
  let sys: TestSystem;
  let hotline: TestApiKey;
  let supervisor: LoggedIn;
  let med: LoggedIn;
  before(async () => {
    sys = await startSystem(['gateway', 'intake', 'router', 'workflow', 'stats']);
    hotline = await createApiKey(sys, { role: 'operator', name: '12345-bridge' });
    supervisor = await loginAs(sys, 'supervisor');
    med = await loginAs(sys, 'mediator', [CHENGQU]);
  });
  after(async () => { await sys?.stopAll(); });

  const caseOf = async (caseId: string) => (await getJson(`${sys.url}/api/v1/cases/${caseId}`, supervisor.headers)).body;
  const act = async (caseId: string, body: Record<string, unknown>, who: LoggedIn = med) => {
    const r = await postJson(`${sys.url}/api/v1/cases/${caseId}/commands`, { ...body, expectedVersion: (await caseOf(caseId)).version }, who.headers);
    expect(r.status, `${String(body.type)}: ${JSON.stringify(r.body)}`).to.equal(200);
    return r.body;
  };
  const types = async (caseId: string) => (await getJson(`${sys.url}/api/v1/cases/${caseId}/history`, supervisor.headers)).body.events.map((e: { type: string }) => e.type);

  it('reopens a returned order dispatched again; a reply sent back is handled again; the redo is counted', async () => {
    const order = aWorkOrder();
    const first = await postJson(`${sys.url}/api/v1/intake/12345`, order, hotline.headers);
    expect(first.status).to.equal(202);
    const { caseId } = first.body.cases[0];
    await eventually(async () => (await caseOf(caseId)).queue, 'the order routed', 20_000);
    await act(caseId, { type: 'ClaimCase' });
    await act(caseId, { type: 'ReturnOrder', reason: '诉求不属于市场监管部门职责，请转交住建部门' });
    expect(await caseOf(caseId)).to.include({ status: 'closed' });

    // The hotline dispatches it again (the same number, later): the same case opens again.
    const again = await postJson(`${sys.url}/api/v1/intake/12345`, { ...order, dispatchedAt: nowInShanghai() }, hotline.headers);
    expect(again.status).to.equal(202);
    expect(again.body.cases.map((c: { caseId: string }) => c.caseId)).to.deep.equal([caseId]);
    const reopened = await eventually(async () => { const c = await caseOf(caseId); return c.status === 'pending-acceptance' ? c : undefined; }, 'the case open again', 20_000);
    expect(reopened.deadlines.accept.state).to.be.oneOf(['running', 'provisional']);
    expect(reopened.deadlines.reply12345.state).to.be.oneOf(['running', 'provisional']);
    expect(await types(caseId)).to.include('OrderRedispatched');

    // Handled: acknowledged, replied; the hotline sends the reply back; replied again; the caller is
    // dissatisfied through the handler's fault; redone.
    await act(caseId, { type: 'AcknowledgeOrder' });
    await act(caseId, { type: 'AcceptComplaint' });
    await act(caseId, { type: 'ReplyOrder', reply: '已受理，正在调解' });
    await act(caseId, { type: 'ReviewOrderReply', accepted: false, reason: '答复未说明处理结果' }, supervisor);
    expect((await caseOf(caseId)).workOrder).to.include({ orderNo: order.orderNo });
    await act(caseId, { type: 'ReplyOrder', reply: '经调解，商家同意退还剩余课时费4000元' });
    await act(caseId, { type: 'RecordCallback', result: 'dissatisfied', handlerAtFault: true }, supervisor);
    await act(caseId, { type: 'RedoOrder', reason: '来电人表示退款未到账' }, supervisor);
    expect(await types(caseId)).to.include.members(['OrderReturned', 'OrderRedispatched', 'OrderReplyReviewed', 'OrderRedone']);

    const month = nowInShanghai().slice(0, 7);
    const to = nowInShanghai().slice(0, 10);
    const stats = await eventually(async () => {
      const r = (await getJson(`${sys.url}/api/v1/stats?from=${month}-01&to=${to}`, supervisor.headers)).body;
      return r.rates?.redoRate?.numerator === 1 ? r : undefined;
    }, 'the redo counted', 30_000);
    expect(stats.rates.returnRate).to.include({ fraction: '1/1' });
    expect(stats.rates.sentBackRate).to.include({ fraction: '1/1' });
    expect(stats.rates.redoRate).to.include({ fraction: '1/1' });
  });

  it('splits an order that is a complaint and a report into two linked cases; the complaint carries the order', async () => {
    const order = aWorkOrder({ requestType: 'complaint+report', text: '来电人反映培训机构拒绝退费，并举报其无证办学' });
    const res = await postJson(`${sys.url}/api/v1/intake/12345`, order, hotline.headers);
    expect(res.status).to.equal(202);
    expect(res.body.cases.map((c: { kind: string }) => c.kind)).to.deep.equal(['complaint', 'report']);
    const [complaint, report] = await Promise.all(res.body.cases.map((c: { caseId: string }) => caseOf(c.caseId)));
    expect(complaint.workOrder).to.include({ orderNo: order.orderNo, requestType: 'complaint+report' });
    expect(report.workOrder).to.equal(null);
    expect(report).to.include({ sourceSystem: '12345', sourceRef: order.orderNo });
    expect(complaint.linkedCaseIds).to.deep.equal([report.caseId]);
    expect(Object.keys(complaint.deadlines)).to.include.members(['accept', 'acknowledge12345', 'reply12345']);
    expect(Object.keys(report.deadlines)).to.deep.equal(['verification']);
  });
});
