import { expect } from 'chai';
import { changesBetween, entryFor } from './audit-trail.js';
import { parseAuditQuery } from './audit.routes.js';

const res = (statusCode: number, locals: Record<string, unknown> = {}) => ({ statusCode, locals });
const mediator = { id: 'li.si', role: 'mediator', districts: ['441502'], kind: 'user' };

describe('audit trail entries', () => {
  it('records a state-changing request with the policy route, the case and the outcome; no body', () => {
    const e = entryFor({ method: 'POST', originalUrl: '/api/v1/cases/c-1%2F2/commands?x=1', body: { type: 'AcceptComplaint', consumer: { phone: '13800138000' } } },
      res(200, { actor: mediator, audit: { action: 'command:AcceptComplaint', commandId: 'k1', changes: [{ field: 'status', before: 'received', after: 'accepted' }] } }), new Date('2026-12-03T01:02:03Z'))!;
    expect(e).to.deep.include({
      actorId: 'li.si', actorRole: 'mediator', actorKind: 'user', method: 'POST', route: '/api/v1/cases/:caseId/commands',
      action: 'command:AcceptComplaint', caseId: 'c-1/2', commandId: 'k1', status: 200, outcome: 'applied', code: null,
    });
    expect(e._id.startsWith('2026-12-03T01:02:03.000Z-')).to.equal(true);
    expect(JSON.stringify(e)).not.to.include('13800138000');
  });

  it('skips answered reads, records refused ones (401, 403, a 404 for a case out of scope)', () => {
    expect(entryFor({ method: 'GET', originalUrl: '/api/v1/cases', body: undefined }, res(200))).to.equal(null);
    expect(entryFor({ method: 'GET', originalUrl: '/api/v1/cases/x', body: undefined }, res(404))).to.equal(null);
    expect(entryFor({ method: 'GET', originalUrl: '/api/v1/admin/users', body: undefined }, res(403, { actor: mediator, problemCode: 'FORBIDDEN' }))).to.deep.include({ outcome: 'refused', code: 'FORBIDDEN', route: '/api/v1/admin/users' });
    expect(entryFor({ method: 'GET', originalUrl: '/api/v1/cases/x', body: undefined }, res(404, { actor: mediator, audit: { refusal: 'case-out-of-scope' } }))).to.deep.include({ outcome: 'refused', caseId: 'x' });
  });

  it('keeps the username tried at login, pending for 202, failed for 5xx', () => {
    expect(entryFor({ method: 'POST', originalUrl: '/api/v1/auth/login', body: { username: 'wang', password: 'secret' } }, res(401, { problemCode: 'INVALID_CREDENTIALS' }))).to.deep.include({ attemptedUser: 'wang', outcome: 'refused', actorId: null });
    expect(JSON.stringify(entryFor({ method: 'POST', originalUrl: '/api/v1/auth/login', body: { username: 'wang', password: 'secret' } }, res(401)))).not.to.include('secret');
    expect(entryFor({ method: 'POST', originalUrl: '/api/v1/intake/12315', body: {} }, res(202))!.outcome).to.equal('pending');
    expect(entryFor({ method: 'POST', originalUrl: '/api/v1/intake/12315', body: {} }, res(503))!.outcome).to.equal('failed');
  });

  it('keeps a case id that is not valid percent-encoding as sent (no throw)', () => {
    expect(entryFor({ method: 'POST', originalUrl: '/api/v1/cases/%E0%A4%A/commands', body: {} }, res(400))!.caseId).to.equal('%E0%A4%A');
  });

  it('lists only the fields that changed', () => {
    expect(changesBetween({ status: 'a', assignee: null, version: 3 }, { status: 'b', version: 4 }, ['status', 'assignee', 'version']))
      .to.deep.equal([{ field: 'status', before: 'a', after: 'b' }, { field: 'version', before: 3, after: 4 }]);
  });
});

describe('audit query', () => {
  it('builds the filter from the parameters, dates as Shanghai days', () => {
    const q = parseAuditQuery({ caseId: 'c1', user: 'li.si', from: '2026-12-01', to: '2026-12-02', limit: '50' });
    expect(q.filter).to.deep.equal({ caseId: 'c1', actorId: 'li.si', at: { $gte: new Date('2026-11-30T16:00:00Z'), $lt: new Date('2026-12-02T16:00:00Z') } });
    expect(q.limit).to.equal(50);
  });

  it('names each bad parameter and its rule; operators are refused', () => {
    const err = (() => { try { parseAuditQuery({ from: '1.12.2026', limit: '5000', outcome: 'x', 'caseId[$ne]': 'y' }); } catch (e) { return e as { details: { pointer: string; rule: string }[] }; } return undefined; })();
    expect(err!.details.map((d) => `${d.pointer} ${d.rule}`)).to.deep.equal(['/caseId[$ne] additionalProperties']);
    const err2 = (() => { try { parseAuditQuery({ from: '1.12.2026', limit: '5000', outcome: 'x' }); } catch (e) { return e as { details: { pointer: string; rule: string }[] }; } return undefined; })();
    expect(err2!.details.map((d) => `${d.pointer} ${d.rule}`)).to.have.members(['/from pattern', '/limit range', '/outcome enum']);
  });
});
