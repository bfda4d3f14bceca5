import { expect } from 'chai';
import { parseImport, runImport } from '../../scripts/import.js';
import { startSystem, getJson, type TestSystem } from '../support/system.js';
import { createApiKey, type TestApiKey } from '../support/auth.js';
import { aComplaintRecord } from '../support/builders.js';
import { eventually, unique } from '../support/env.js';

describe('historical import through the pipeline, with original dates', function () {
  this.timeout(180_000);
  let sys: TestSystem;
  let operator: TestApiKey;
  let supervisor: TestApiKey;
  before(async () => {
    sys = await startSystem(['gateway', 'intake', 'router', 'workflow', 'stats']);
    operator = await createApiKey(sys, { role: 'operator' });
    supervisor = await createApiKey(sys, { role: 'supervisor' });
  });
  after(async () => { await sys?.stopAll(); });

  const run = unique('hist');
  const record = (n: number, day: string) => aComplaintRecord({ sourceRef: `${run}-${n}`, receivedAt: `2020-${day}T09:00:00+08:00` });
  const file = [
    { record: record(1, '03-02'), steps: [
      { type: 'AcceptComplaint', occurredAt: '2020-03-04T10:00:00+08:00' },
      { type: 'StartMediation', occurredAt: '2020-03-05T10:00:00+08:00' },
      { type: 'RecordMediationSuccess', occurredAt: '2020-03-20T10:00:00+08:00', refund: { amountYuan: '100.50' } },
    ] },
    { record: record(2, '03-03'), steps: [
      { type: 'RefuseComplaint', occurredAt: '2020-03-05T10:00:00+08:00', reasonCode: 'no-authority' },
    ] },
    { record: record(3, '06-15'), steps: [
      { type: 'AcceptComplaint', occurredAt: '2020-06-16T10:00:00+08:00' },
    ] },
  ].map((l) => JSON.stringify(l)).join('\n');

  it('refuses a bad file whole, naming the line and the field', () => {
    expect(() => parseImport(`${file}\n{"record": {"sourceRef": "x"}}`)).to.throw(/line 4 record/);
    expect(() => parseImport('{"record": ')).to.throw(/line 1: not valid JSON/);
  });

  it('loads past cases with their events and dates, counted in 2020, and a second run changes nothing', async () => {
    const first = await runImport(file, { env: { ...sys.env, LOG_LEVEL: 'error' } });
    expect(first).to.deep.equal({ records: 3, refused: [] });
    const stats = async () => (await getJson(`${sys.url}/api/v1/stats?from=2020-01-01&to=2020-12-31`, supervisor.headers)).body;
    const figures = await eventually(async () => {
      const s = await stats();
      return s.counts.accepted.value === 2 && s.moneyRecovered.yuan === '100.50' ? s : undefined;
    }, '2020 figures', 30_000, 500);
    expect(figures.counts.received.value).to.equal(3);
    expect(figures.counts.notAccepted.value).to.equal(1);
    expect(figures.rates.mediationSuccessRate.numerator).to.equal(1);

    const list = (await getJson(`${sys.url}/api/v1/cases?sourceRef=${run}-1`, supervisor.headers)).body;
    const history = (await getJson(`${sys.url}/api/v1/cases/${list.items[0].caseId}/history`, supervisor.headers)).body.events;
    expect(history.map((e: { occurredAt: string }) => e.occurredAt.slice(0, 10))).to.include.members(['2020-03-02', '2020-03-04', '2020-03-20']);
    expect(list.items[0].ruleSet).to.equal('SAMR-20');

    const second = await runImport(file, { env: { ...sys.env, LOG_LEVEL: 'error' } });
    expect(second).to.deep.equal({ records: 3, refused: [] });
    const again = await stats();
    expect(again.counts).to.deep.equal(figures.counts);
    expect(again.moneyRecovered).to.deep.equal(figures.moneyRecovered);
  });

  it('takes the same file over HTTP (admins only): 202 with each case and its verdict, 400 naming the line, 415 otherwise', async () => {
    const post = (body: string, headers: Record<string, string>, type = 'application/x-ndjson') =>
      fetch(`${sys.url}/api/v1/imports`, { method: 'POST', headers: { 'content-type': type, ...headers }, body });
    const ref = `${run}-http`;
    const text = JSON.stringify({ record: aComplaintRecord({ sourceRef: ref, receivedAt: '2020-07-01T09:00:00+08:00' }), steps: [
      { type: 'RefuseComplaint', occurredAt: '2020-07-02T10:00:00+08:00', reasonCode: 'no-authority' },
    ] });
    expect((await post(text, operator.headers)).status).to.equal(403);
    expect((await post(text, sys.adminHeaders, 'application/json')).status).to.equal(415);
    const bad = await post(`${text}\n{"record": {"sourceRef": 1}}`, sys.adminHeaders);
    expect(bad.status).to.equal(400);
    expect((await bad.json() as { detail: string }).detail).to.match(/line 2 record/);

    const res = await post(text, sys.adminHeaders);
    expect(res.status).to.equal(202);
    const body = await res.json() as { records: number; cases: { sourceRef: string; caseId: string; verdict: string }[] };
    expect(body.records).to.equal(1);
    expect(body.cases).to.have.length(1);
    expect(body.cases[0]!.verdict).to.equal(`/api/v1/commands/${encodeURIComponent(`history:${body.cases[0]!.caseId}`)}`);
    const verdict = await eventually(async () => {
      const v = await getJson(`${sys.url}${body.cases[0]!.verdict}`, sys.adminHeaders);
      return v.status === 200 ? v.body : undefined;
    }, 'the history verdict', 60_000, 300);
    expect(verdict.status).to.equal('applied');
    const view = (await getJson(`${sys.url}/api/v1/cases/${body.cases[0]!.caseId}`, supervisor.headers)).body;
    expect(view.status).to.equal('closed');

    // Its progress: applied. Another file whose past step is dated before the receipt: refused, with the reason.
    const progressOf = async (url: string) => eventually(async () => {
      const p = await getJson(`${sys.url}${url}`, sys.adminHeaders);
      return p.status === 200 && p.body.done ? p.body : undefined;
    }, 'the import done', 60_000, 300);
    const done = await progressOf((body as unknown as { progress: string }).progress);
    expect(done).to.deep.include({ records: 1, cases: 1, applied: 1, refused: 0, pending: 0, refusals: [] });
    const early = JSON.stringify({ record: aComplaintRecord({ sourceRef: `${ref}-early`, receivedAt: '2020-07-01T09:00:00+08:00' }), steps: [
      { type: 'RefuseComplaint', occurredAt: '2020-06-20T10:00:00+08:00', reasonCode: 'no-authority' },
    ] });
    const second = await (await post(early, sys.adminHeaders)).json() as { progress: string; cases: { caseId: string }[] };
    const refused = await progressOf(second.progress);
    expect(refused).to.deep.include({ applied: 0, refused: 1, pending: 0 });
    expect(refused.refusals[0]).to.deep.include({ sourceRef: `${ref}-early`, caseId: second.cases[0]!.caseId, code: 'OUT_OF_ORDER' });
    expect(refused.refusals[0].reason).to.match(/history step 1 \(RefuseComplaint\)/);
    expect((await getJson(`${sys.url}/api/v1/imports/no-such-import`, sys.adminHeaders)).status).to.equal(404);
    expect((await getJson(`${sys.url}${second.progress}`, operator.headers)).status).to.equal(403);
  });
});
