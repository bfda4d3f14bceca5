import { expect } from 'chai';
import { startSystem, postJson, getJson, type TestSystem } from '../support/system.js';
import { aComplaintRecord } from '../support/builders.js';
import { eventually } from '../support/env.js';

const as = (id: string, role = 'mediator') => ({ 'x-actor-id': id, 'x-actor-role': role });

describe('mediation commands through the HTTP API and the workflow service', function () {
  this.timeout(120_000);
  let sys: TestSystem;
  before(async () => { sys = await startSystem(['gateway', 'intake', 'router', 'workflow']); });
  after(async () => { await sys?.stopAll(); });

  async function routedCase() {
    const res = await postJson(`${sys.url}/api/v1/intake/12315`, aComplaintRecord());
    const { caseId } = res.body.cases[0];
    return eventually(async () => {
      const r = await getJson(`${sys.url}/api/v1/cases/${caseId}`);
      return r.body.queue ? r.body : undefined;
    }, 'routed case');
  }
  const command = (caseId: string, body: Record<string, unknown>, actor = as('med-1')) =>
    postJson(`${sys.url}/api/v1/cases/${caseId}/commands`, body, actor);

  it('claims, accepts, mediates and records a success with the money recovered, exactly', async () => {
    const c = await routedCase();
    let r = await command(c.caseId, { type: 'ClaimCase', expectedVersion: c.version });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    r = await command(c.caseId, { type: 'AcceptComplaint', expectedVersion: r.body.version });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    r = await command(c.caseId, { type: 'StartMediation', expectedVersion: r.body.version });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    r = await command(c.caseId, { type: 'RecordMediationSuccess', expectedVersion: r.body.version, refund: { amountYuan: '300.00' }, compensation: { amountYuan: '50' } });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    const after = (await getJson(`${sys.url}/api/v1/cases/${c.caseId}`)).body;
    expect(after.version).to.equal(r.body.version);
    expect(after.status).to.equal('closed');
    expect(after.deadlines.accept.state).to.equal('met');
    const history = (await getJson(`${sys.url}/api/v1/cases/${c.caseId}/history`)).body;
    const types = history.events.map((e: { type: string }) => e.type);
    expect(types).to.deep.equal(['CaseRegistered', 'CaseRouted', 'CaseClaimed', 'ComplaintAccepted', 'MediationStarted', 'MediationSucceeded']);
    expect(history.events.at(-1).data.recovered.totalYuan).to.equal('350.00');
    expect(history.events.at(-1).actor).to.deep.equal({ id: 'med-1', role: 'mediator' });
  });

  it('answers 409 on a stale version and 422 with the reason on an illegal transition', async () => {
    const c = await routedCase();
    const stale = await command(c.caseId, { type: 'ClaimCase', expectedVersion: c.version - 1 });
    expect(stale.status).to.equal(409);
    expect(stale.body.code).to.equal('VERSION_CONFLICT');
    const illegal = await command(c.caseId, { type: 'RecordMediationSuccess', expectedVersion: c.version, refund: { amountYuan: '1.00' } }, as('sup', 'supervisor'));
    expect(illegal.status).to.equal(422);
    expect(illegal.body.detail).to.be.a('string').and.not.be.empty;
  });

  it('refuses a payload that breaks its schema with 400 naming the field', async () => {
    const c = await routedCase();
    const r = await command(c.caseId, { type: 'RecordMediationSuccess', expectedVersion: c.version, refund: { amountYuan: '1.234' } });
    expect(r.status).to.equal(400);
    expect(r.body.errors.map((e: { pointer: string }) => e.pointer)).to.include('/refund/amountYuan');
    const unknown = await command(c.caseId, { type: 'RouteCase', expectedVersion: c.version });
    expect(unknown.status).to.equal(400);
  });

  it('lets exactly one of two mediators claiming the same case at the same moment win', async () => {
    const c = await routedCase();
    const [a, b] = await Promise.all([
      command(c.caseId, { type: 'ClaimCase', expectedVersion: c.version }, as('med-a')),
      command(c.caseId, { type: 'ClaimCase', expectedVersion: c.version }, as('med-b')),
    ]);
    expect([a.status, b.status].sort()).to.deep.equal([200, 409]);
    const after = (await getJson(`${sys.url}/api/v1/cases/${c.caseId}`)).body;
    expect(after.assignee).to.equal(a.status === 200 ? 'med-a' : 'med-b');
    // Without version guards the second claim is refused by the state machine instead.
    const third = await command(c.caseId, { type: 'ClaimCase', expectedVersion: after.version }, as('med-c'));
    expect(third.status).to.equal(422);
    expect(third.body.code).to.equal('ALREADY_CLAIMED');
  });

  it('lists a queue by nearest deadline', async () => {
    const c = await routedCase();
    const list = (await getJson(`${sys.url}/api/v1/cases?queue=${encodeURIComponent(c.queue)}&pageSize=200`)).body;
    const dues = list.items.map((i: { deadlines: { accept?: { due: string } } }) => i.deadlines.accept?.due ?? '9999');
    expect(dues).to.deep.equal([...dues].sort());
    expect(list.items.some((i: { caseId: string }) => i.caseId === c.caseId)).to.equal(true);
  });
});
