/**
 * Hostile input at the HTTP surface: markup in narratives stays text, operator objects (`$ne`)
 * and unknown query operators are 400 naming the field, oversized bodies 413, malformed JSON 400,
 * wrong content types 415 — all problem+json, never a 5xx, and nothing is stored on rejection.
 */
import { expect } from 'chai';
import { startSystem, postJson, getJson, type TestSystem } from '../support/system.js';
import { createApiKey, loginAs, type LoggedIn, type TestApiKey } from '../support/auth.js';
import { aComplaintRecord } from '../support/builders.js';
import { eventually } from '../support/env.js';

const SCRIPT = '<script>alert("xss")</script><img src=x onerror=alert(1)>&amp;';

describe('attack inputs at the HTTP surface', function () {
  this.timeout(180_000);
  let sys: TestSystem;
  let operator: TestApiKey;
  let supervisor: LoggedIn;
  let caseId: string;
  let caseVersion: number;
  const statuses: number[] = [];

  before(async () => {
    sys = await startSystem(['gateway', 'intake', 'workflow']);
    operator = await createApiKey(sys, { role: 'operator' });
    supervisor = await loginAs(sys, 'supervisor');
  });
  after(async () => {
    expect(statuses.filter((s) => s >= 500), 'no 5xx at all').to.deep.equal([]);
    await sys?.stopAll();
  });

  /** Sends raw bytes and records the status; returns status, content type and the raw text. */
  async function send(method: string, path: string, body: string | undefined, headers: Record<string, string>) {
    const res = await fetch(`${sys.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await res.text();
    statuses.push(res.status);
    return { status: res.status, type: res.headers.get('content-type') ?? '', setCookie: res.headers.getSetCookie(), text, json: (() => { try { return JSON.parse(text); } catch { return undefined; } })() };
  }
  const problemPointers = (r: { json: any }) => (r.json?.errors ?? []).map((e: { pointer: string }) => e.pointer);
  const expectProblem = (r: { status: number; type: string }, status: number) => {
    expect(r.status).to.equal(status);
    expect(r.type).to.match(/^application\/problem\+json/);
  };

  it('stores markup in a narrative as text and returns it JSON-escaped, never as markup', async () => {
    const record = aComplaintRecord({ summary: `<b>${SCRIPT}</b>`, narrative: SCRIPT, business: { name: '<svg onload=alert(1)>某店', address: '汕尾市海丰县' } });
    const posted = await postJson(`${sys.url}/api/v1/intake/12315`, record, operator.headers);
    expect(posted.status, JSON.stringify(posted.body)).to.equal(202);
    caseId = posted.body.cases[0].caseId;
    const read = await eventually(async () => {
      const r = await send('GET', `/api/v1/cases/${caseId}`, undefined, supervisor.headers);
      return r.status === 200 ? r : undefined;
    }, 'the case');
    caseVersion = read.json.version;
    expect(read.type).to.match(/^application\/json/);
    expect(read.json.narrative).to.equal(SCRIPT);
    expect(read.json.summary).to.equal(`<b>${SCRIPT}</b>`);
    expect(read.json.business.name).to.equal('<svg onload=alert(1)>某店');
    // On the wire: no raw angle brackets or ampersands anywhere, only \u003c \u003e \u0026.
    expect(read.text).not.to.match(/[<>&]/);
    expect(read.text).to.contain('\\u003cscript\\u003e');
    const history = await send('GET', `/api/v1/cases/${caseId}/history`, undefined, supervisor.headers);
    expect(history.text).not.to.match(/[<>&]/);
    const list = await send('GET', `/api/v1/cases?sourceRef=${record.sourceRef}`, undefined, supervisor.headers);
    expect(list.json.items[0].narrative).to.equal(SCRIPT);
    expect(list.text).not.to.match(/[<>&]/);
  });

  it('refuses {"$ne": …} objects in JSON fields with 400 naming the field, and stores nothing', async () => {
    const json = { 'content-type': 'application/json' };
    const login = await send('POST', '/api/v1/auth/login', JSON.stringify({ username: { $ne: null }, password: { $ne: '' } }), json);
    expectProblem(login, 400);
    expect(problemPointers(login)).to.include.members(['/username', '/password']);
    expect(login.setCookie).to.deep.equal([]);

    const record = aComplaintRecord({ consumer: { name: '陈小明', phone: { $ne: null } as never } });
    const intake = await send('POST', '/api/v1/intake/12315', JSON.stringify({ ...record, sourceRef: { $gt: '' } }), { ...json, ...operator.headers });
    expectProblem(intake, 400);
    expect(problemPointers(intake)).to.include.members(['/consumer/phone', '/sourceRef']);

    const cmd = await send('POST', `/api/v1/cases/${caseId}/commands`, JSON.stringify({ type: 'ClaimCase', expectedVersion: { $ne: 0 } }), { ...json, ...supervisor.headers });
    expectProblem(cmd, 400);
    expect(problemPointers(cmd)).to.include('/expectedVersion');
    const payload = await send('POST', `/api/v1/cases/${caseId}/commands`, JSON.stringify({ type: 'ReassignCase', expectedVersion: caseVersion, toUserId: { $ne: '' } }), { ...json, ...supervisor.headers });
    expectProblem(payload, 400);
    expect(problemPointers(payload)).to.include('/toUserId');

    const user = await send('POST', '/api/v1/admin/users', JSON.stringify({ username: { $ne: null }, password: 'long-enough-pw', name: 'x', role: 'admin' }), { ...json, ...sys.adminHeaders });
    expectProblem(user, 400);
    expect(problemPointers(user)).to.include('/username');

    const proto = await send('POST', '/api/v1/auth/login', '{"username":"a","password":"b","__proto__":{"role":"admin"}}', json);
    expectProblem(proto, 400);
    expect(problemPointers(proto)).to.include('/__proto__');

    // Nothing happened: the case is unchanged and no intake record of that sourceRef exists.
    expect((await getJson(`${sys.url}/api/v1/cases/${caseId}`, supervisor.headers)).body.version).to.equal(caseVersion);
    expect((await getJson(`${sys.url}/api/v1/cases?sourceRef=${record.sourceRef}`, supervisor.headers)).body.total).to.equal(0);
  });

  it('refuses U+0000 (which the store cannot hold) in a body or a query with 400 naming the field, and stores nothing', async () => {
    const record = aComplaintRecord({ narrative: '充电宝鼓包\u0000起火' });
    const intake = await send('POST', '/api/v1/intake/12315', JSON.stringify(record), { 'content-type': 'application/json', ...operator.headers });
    expectProblem(intake, 400);
    expect(intake.json.errors).to.deep.equal([{ pointer: '/narrative', rule: 'no-nul-character', message: 'must not contain the character U+0000' }]);
    const query = await send('GET', '/api/v1/cases?status=%00', undefined, supervisor.headers);
    expectProblem(query, 400);
    expect(problemPointers(query)).to.deep.equal(['/status']);
    expect((await getJson(`${sys.url}/api/v1/cases?sourceRef=${record.sourceRef}`, supervisor.headers)).body.total).to.equal(0);
  });

  it('refuses operator-like query parameters with 400 naming the parameter', async () => {
    for (const [path, pointer] of [
      ['/api/v1/cases?district[$ne]=x', '/district[$ne]'],
      ['/api/v1/cases?status[$gt]=&pageSize=5', '/status[$gt]'],
      ['/api/v1/cases?$where=1', '/$where'],
      ['/api/v1/stats?district[$ne]=x', '/district[$ne]'],
      ['/api/v1/stats/ranking?channel[$in]=a', '/channel[$in]'],
    ] as const) {
      const r = await send('GET', path, undefined, supervisor.headers);
      expectProblem(r, 400);
      expect(problemPointers(r), path).to.include(pointer);
    }
    // A repeated parameter arrives as an array: also a 400, not an $in.
    const repeated = await send('GET', '/api/v1/cases?district=441521&district=441502', undefined, supervisor.headers);
    expectProblem(repeated, 400);
    expect(problemPointers(repeated)).to.include('/district');
  });

  it('answers oversized bodies with 413, malformed JSON with 400 and wrong content types with 415', async () => {
    const big = JSON.stringify(aComplaintRecord({ narrative: '长'.repeat(200_000) }));
    const oversized = await send('POST', '/api/v1/intake/12315', big, { 'content-type': 'application/json', ...operator.headers });
    expectProblem(oversized, 413);
    const bigLogin = await send('POST', '/api/v1/auth/login', JSON.stringify({ username: 'a', password: 'x'.repeat(300_000) }), { 'content-type': 'application/json' });
    expectProblem(bigLogin, 413);

    for (const [path, headers] of [
      ['/api/v1/intake/12315', operator.headers],
      ['/api/v1/auth/login', {}],
      [`/api/v1/cases/${caseId}/commands`, supervisor.headers],
      ['/api/v1/admin/users', sys.adminHeaders],
    ] as const) {
      const malformed = await send('POST', path, '{"username": "a", ', { 'content-type': 'application/json', ...headers });
      expectProblem(malformed, 400);
      expect(malformed.json.code, path).to.equal('MALFORMED_JSON');
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/html']) {
        const wrong = await send('POST', path, 'username=a&password=b', { 'content-type': type, ...headers });
        expectProblem(wrong, 415);
      }
      const none = await send('POST', path, 'x', { ...headers });
      expect(none.status, `${path} without content type`).to.equal(415);
    }
    // The echo of a hostile content type stays escaped.
    const echoed = await send('POST', '/api/v1/intake/12315', 'x', { 'content-type': 'text/<script>', ...operator.headers });
    expect(echoed.status).to.equal(415);
    expect(echoed.text).not.to.match(/[<>]/);
  });
});
