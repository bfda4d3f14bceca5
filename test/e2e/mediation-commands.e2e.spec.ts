import { expect } from 'chai';
import { startSystem, postJson, getJson, type TestSystem } from '../support/system.js';
import { aComplaintRecord } from '../support/builders.js';
import { eventually } from '../support/env.js';
import { createApiKey, loginAs, type LoggedIn, type TestApiKey } from '../support/auth.js';

/** The builders' complaint is about a business in 海丰县. */
const HAIFENG = '441521';

describe('mediation commands through the HTTP API and the workflow service', function () {
  this.timeout(120_000);
  let sys: TestSystem;
  let operator: TestApiKey;
  let supervisor: LoggedIn;
  let med1: LoggedIn;
  let medA: LoggedIn;
  let medB: LoggedIn;
  let medC: LoggedIn;
  before(async () => {
    sys = await startSystem(['gateway', 'intake', 'router', 'workflow'], { REVEAL_RATE_LIMIT: '3' });
    operator = await createApiKey(sys, { role: 'operator', name: '12315-call-centre' });
    supervisor = await loginAs(sys, 'supervisor');
    [med1, medA, medB, medC] = await Promise.all([loginAs(sys, 'mediator', [HAIFENG]), loginAs(sys, 'mediator', [HAIFENG]), loginAs(sys, 'mediator', [HAIFENG]), loginAs(sys, 'mediator', [HAIFENG])]);
  });
  after(async () => { await sys?.stopAll(); });

  async function routedCase() {
    const res = await postJson(`${sys.url}/api/v1/intake/12315`, aComplaintRecord(), operator.headers);
    const { caseId } = res.body.cases[0];
    return eventually(async () => {
      const r = await getJson(`${sys.url}/api/v1/cases/${caseId}`, supervisor.headers);
      return r.body.queue ? r.body : undefined;
    }, 'routed case');
  }
  const command = (caseId: string, body: Record<string, unknown>, actor: LoggedIn = med1) =>
    postJson(`${sys.url}/api/v1/cases/${caseId}/commands`, body, actor.headers);

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
    const after = (await getJson(`${sys.url}/api/v1/cases/${c.caseId}`, med1.headers)).body;
    expect(after.version).to.equal(r.body.version);
    expect(after.status).to.equal('closed');
    expect(after.deadlines.accept.state).to.equal('met');
    const history = (await getJson(`${sys.url}/api/v1/cases/${c.caseId}/history`, med1.headers)).body;
    const types = history.events.map((e: { type: string }) => e.type);
    expect(types).to.deep.equal(['CaseRegistered', 'CaseRouted', 'CaseClaimed', 'ComplaintAccepted', 'MediationStarted', 'MediationSucceeded']);
    expect(history.events.at(-1).data.recovered.totalYuan).to.equal('350.00');
    expect(history.events.at(-1).actor).to.deep.equal({ id: med1.username, role: 'mediator' });
  });

  it('reveals the full phone number to the assignee with a reason, audited and rate-limited; never to another mediator or the council', async () => {
    const c = await routedCase();
    expect(c.consumer.phone).to.equal('138****8000');
    const reveal = (actor: { headers: Record<string, string> }, body: unknown = { field: 'phone', reason: '电话回访消费者确认调解方案' }) =>
      postJson(`${sys.url}/api/v1/cases/${c.caseId}/reveal`, body, actor.headers);
    // Unclaimed: not even a mediator of the district sees it.
    expect((await reveal(medA)).body.code).to.equal('NOT_THE_ASSIGNEE');
    const claimed = await command(c.caseId, { type: 'ClaimCase', expectedVersion: c.version });
    expect(claimed.status).to.equal(200);
    const noReason = await reveal(med1, { field: 'phone' });
    expect(noReason.status).to.equal(400);
    expect(noReason.body.errors[0]).to.include({ pointer: '/reason', rule: 'required' });
    const ok = await reveal(med1);
    expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
    expect(ok.body).to.include({ caseId: c.caseId, field: 'phone', value: '13800138000' });
    expect((await reveal(medB)).body.code).to.equal('NOT_THE_ASSIGNEE');
    const council = await loginAs(sys, 'council');
    expect((await reveal(council)).status).to.equal(403);
    expect((await reveal(supervisor)).body.value).to.equal('13800138000');
    // The limit (3 here) counts each person's reveals.
    await reveal(med1);
    await reveal(med1);
    const limited = await reveal(med1);
    expect(limited.status).to.equal(429);
    expect(limited.body.code).to.equal('TOO_MANY_REVEALS');
    const audit = await eventually(async () => {
      const r = await getJson(`${sys.url}/api/v1/audit?caseId=${encodeURIComponent(c.caseId)}`, supervisor.headers);
      const items = (r.body.items as { route: string; actorId: string; outcome: string; reason?: string; code: string | null }[]).filter((e) => e.route === '/api/v1/cases/:caseId/reveal');
      return items.length >= 8 ? items : undefined;
    }, 'every reveal in the audit trail');
    expect(audit.filter((e) => e.outcome === 'applied').map((e) => e.actorId).sort()).to.deep.equal([med1.username, med1.username, med1.username, supervisor.username].sort());
    expect(audit.find((e) => e.actorId === med1.username && e.outcome === 'applied')).to.include({ reason: '电话回访消费者确认调解方案' });
    expect(audit.filter((e) => e.outcome === 'refused').map((e) => e.code)).to.include.members(['NOT_THE_ASSIGNEE', 'TOO_MANY_REVEALS', 'FORBIDDEN']);
    expect(JSON.stringify(audit)).not.to.include('13800138000');
  });

  it('opens a linked report on a lead found during mediation: numbered, routed, verified within 15 WD of the discovery, opened once', async () => {
    const c = await routedCase();
    let r = await command(c.caseId, { type: 'ClaimCase', expectedVersion: c.version });
    r = await command(c.caseId, { type: 'AcceptComplaint', expectedVersion: r.body.version });
    r = await command(c.caseId, { type: 'StartMediation', expectedVersion: r.body.version });
    r = await command(c.caseId, { type: 'RecordLead', expectedVersion: r.body.version, facts: '调解中发现该超市销售的多批次牛奶标签生产日期涂改，涉嫌销售过期食品' });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    const history = (await getJson(`${sys.url}/api/v1/cases/${c.caseId}/history`, med1.headers)).body;
    const found = history.events.find((e: { type: string }) => e.type === 'LeadFound');
    expect(found.data).to.include({ leadNo: 1 });
    const report = await eventually(async () => {
      const x = await getJson(`${sys.url}/api/v1/cases/${found.data.leadCaseId}`, supervisor.headers);
      return x.status === 200 && x.body.queue ? x.body : undefined;
    }, 'the lead report registered and routed', 30_000);
    expect(report).to.deep.include({ kind: 'report', channel: 'mediation-lead', district: HAIFENG });
    expect(report.caseNo).to.match(/^JB-\d{4}-\d{6}$/);
    expect(report.lead).to.include({ fromCaseId: c.caseId, fromCaseNo: c.caseNo, leadNo: 1, discoveredAt: found.data.at });
    expect(report.linkedCaseIds).to.deep.equal([c.caseId]);
    expect(report.deadlines.verification.state).to.be.oneOf(['running', 'provisional']);
    // The complaint's mediation goes on; a second lead opens a second report.
    const again = await command(c.caseId, { type: 'RecordLead', expectedVersion: r.body.version, facts: '另发现该超市未明码标价' });
    expect(again.status, JSON.stringify(again.body)).to.equal(200);
    const second = (await getJson(`${sys.url}/api/v1/cases/${c.caseId}/history`, med1.headers)).body.events.filter((e: { type: string }) => e.type === 'LeadFound')[1];
    expect(second.data.leadNo).to.equal(2);
    expect(second.data.leadCaseId).not.to.equal(found.data.leadCaseId);
    await eventually(async () => (await getJson(`${sys.url}/api/v1/cases/${second.data.leadCaseId}`, supervisor.headers)).status === 200, 'the second lead report', 30_000);
  });

  it('answers 409 on a stale version and 422 with the reason on an illegal transition', async () => {
    const c = await routedCase();
    const stale = await command(c.caseId, { type: 'ClaimCase', expectedVersion: c.version - 1 });
    expect(stale.status).to.equal(409);
    expect(stale.body.code).to.equal('VERSION_CONFLICT');
    const illegal = await command(c.caseId, { type: 'RecordMediationSuccess', expectedVersion: c.version, refund: { amountYuan: '1.00' } }, supervisor);
    expect(illegal.status).to.equal(422);
    expect(illegal.body.code).to.equal('NOT_ALLOWED_IN_STATUS');
    expect(illegal.body.detail).to.be.a('string').and.not.be.empty;
  });

  it('refuses a payload that breaks its schema with 400 naming the field', async () => {
    const c = await routedCase();
    const r = await command(c.caseId, { type: 'RecordMediationSuccess', expectedVersion: c.version, refund: { amountYuan: '1.234' } });
    expect(r.status).to.equal(400);
    expect(r.body.errors.map((e: { pointer: string }) => e.pointer)).to.include('/refund/amountYuan');
    // A system command is refused by its type, even with a payload its schema accepts.
    const routing = { category: 'food', district: '441502', queue: '441502:food', configVersion: 'x', reasons: { category: { ruleId: 'r', matched: [] }, jurisdiction: { ruleId: 'r', matched: [] } } };
    const system = await command(c.caseId, { type: 'RouteCase', expectedVersion: c.version, ...routing });
    expect(system.status).to.equal(400);
    expect(system.body.errors.map((e: { pointer: string }) => e.pointer)).to.deep.equal(['/type']);
  });

  it('lets exactly one of two mediators claiming the same case at the same moment win', async () => {
    const c = await routedCase();
    const [a, b] = await Promise.all([
      command(c.caseId, { type: 'ClaimCase', expectedVersion: c.version }, medA),
      command(c.caseId, { type: 'ClaimCase', expectedVersion: c.version }, medB),
    ]);
    expect([a.status, b.status].sort()).to.deep.equal([200, 409]);
    const after = (await getJson(`${sys.url}/api/v1/cases/${c.caseId}`, med1.headers)).body;
    expect(after.assignee).to.equal(a.status === 200 ? medA.username : medB.username);
    // Without version guards the second claim is refused by the state machine instead.
    const third = await command(c.caseId, { type: 'ClaimCase', expectedVersion: after.version }, medC);
    expect(third.status).to.equal(422);
    expect(third.body.code).to.equal('ALREADY_CLAIMED');
  });

  it('keeps a mediator of another district out: 404 on the case, its history and its commands, and a list without it', async () => {
    const c = await routedCase();
    expect(c.district).to.equal(HAIFENG);
    const chengqu = await loginAs(sys, 'mediator', ['441502']);
    expect((await getJson(`${sys.url}/api/v1/cases/${c.caseId}`, chengqu.headers)).status).to.equal(404);
    expect((await getJson(`${sys.url}/api/v1/cases/${c.caseId}/history`, chengqu.headers)).status).to.equal(404);
    const claim = await command(c.caseId, { type: 'ClaimCase', expectedVersion: c.version }, chengqu);
    expect(claim.status).to.equal(404);
    const list = (await getJson(`${sys.url}/api/v1/cases?pageSize=200`, chengqu.headers)).body;
    expect(list.items.every((i: { district: string }) => i.district === '441502')).to.equal(true);
    expect((await getJson(`${sys.url}/api/v1/cases?district=${HAIFENG}`, chengqu.headers)).body.total).to.equal(0);
    const own = (await getJson(`${sys.url}/api/v1/cases?pageSize=200`, med1.headers)).body;
    expect(own.items.some((i: { caseId: string }) => i.caseId === c.caseId)).to.equal(true);
    expect(own.items.every((i: { district: string }) => i.district === HAIFENG)).to.equal(true);
    expect((await getJson(`${sys.url}/api/v1/cases/${c.caseId}`, med1.headers)).body.version).to.equal(c.version);
  });

  it('lists a queue by nearest deadline', async () => {
    const c = await routedCase();
    const list = (await getJson(`${sys.url}/api/v1/cases?queue=${encodeURIComponent(c.queue)}&pageSize=200`, med1.headers)).body;
    // The nearest deadline still running (acceptance, mediation or verification); closed cases have none and come first.
    type Item = { deadlines: Record<string, { due: string; state: string }> };
    const dues = list.items.map((i: Item) => Object.values(i.deadlines).filter((d) => d.state !== 'met').map((d) => d.due).sort()[0] ?? '');
    expect(dues).to.deep.equal([...dues].sort());
    expect(list.items.some((i: { caseId: string }) => i.caseId === c.caseId)).to.equal(true);
  });
});
