import { expect } from 'chai';
import fc from 'fast-check';
import { ROLES, type Role } from '@cw/contracts';
import { apiKeyActorId, generateApiKey, hashApiKey } from './api-keys.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { POLICY, SOCKET_POLICY, decide, decideAllowed, isGuardedPath, policyFor } from './policy.js';
import type { Principal } from './principal.js';
import { canSeeCase, scopeCaseFilter } from './scope.js';

const as = (role: Role, districts: string[] = []): Principal => ({ id: `${role}-1`, role, districts, kind: 'user' });

describe('policy table', () => {
  it('finds the entry of a concrete request, HEAD as GET, a trailing slash ignored', () => {
    expect(policyFor('GET', '/api/v1/cases/abc/history')?.path).to.equal('/api/v1/cases/:caseId/history');
    expect(policyFor('HEAD', '/api/v1/cases')?.path).to.equal('/api/v1/cases');
    expect(policyFor('GET', '/api/v1/cases/')?.path).to.equal('/api/v1/cases');
    expect(policyFor('POST', '/admin/queues/api/queues/x/retry')?.path).to.equal('/admin/queues{/*rest}');
    expect(policyFor('DELETE', '/api/v1/cases/abc')).to.equal(undefined);
    expect(policyFor('GET', '/api/v1/cases/abc/secret')).to.equal(undefined);
  });

  it('decides 404 without an entry, 401 without a principal, 403 for a wrong role', () => {
    expect(decide(undefined, as('admin'))).to.deep.include({ allowed: false, status: 404 });
    const cases = policyFor('GET', '/api/v1/cases');
    expect(decide(cases, undefined)).to.deep.include({ allowed: false, status: 401 });
    expect(decide(cases, as('council'))).to.deep.include({ allowed: false, status: 403 });
    expect(decide(cases, as('mediator', ['441502']))).to.deep.equal({ allowed: true });
    expect(decide(policyFor('POST', '/api/v1/auth/login'), undefined)).to.deep.equal({ allowed: true });
  });

  it('follows the rules of the issue', () => {
    const allowed = (method: string, path: string) => ROLES.filter((r) => decide(policyFor(method, path), as(r)).allowed);
    expect(allowed('POST', '/api/v1/intake/12315')).to.deep.equal(['operator', 'supervisor', 'admin']);
    expect(allowed('GET', '/api/v1/cases/x')).to.deep.equal(['operator', 'mediator', 'enforcement', 'supervisor', 'admin']);
    expect(allowed('POST', '/api/v1/cases/x/commands')).to.deep.equal(['mediator', 'enforcement', 'supervisor', 'admin']);
    expect(allowed('GET', '/api/v1/stats')).to.deep.equal([...ROLES]);
    expect(allowed('GET', '/admin/queues')).to.deep.equal(['admin']);
    expect(allowed('POST', '/api/v1/admin/users')).to.deep.equal(['admin']);
    // Council members: aggregate figures and /live only, never a case endpoint.
    for (const e of POLICY.filter((p) => p.path.includes('/cases') || p.path.includes('/commands') || p.path.includes('/intake'))) {
      expect(decide(e, as('council')).allowed, e.path).to.equal(false);
    }
    expect(decideAllowed(SOCKET_POLICY['/live']!, as('council')).allowed).to.equal(true);
  });

  it('guards /api and /admin, leaves the health check and the board page public', () => {
    for (const p of ['/api/v1/cases', '/api/anything', '/admin', '/admin/queues']) expect(isGuardedPath(p), p).to.equal(true);
    for (const p of ['/healthz', '/board', '/board/board.js', '/login', '/administrator']) expect(isGuardedPath(p), p).to.equal(false);
    for (const e of POLICY) expect(isGuardedPath(e.path.replace(/[:{].*$/, '')), e.path).to.equal(true);
  });
});

describe('case scope', () => {
  const complaint = (district?: string) => ({ kind: 'complaint', district });
  const report = (district?: string) => ({ kind: 'report', district });

  it('lets mediators see their districts, enforcement the reports of theirs, council nothing', () => {
    expect(canSeeCase(as('mediator', ['441502']), complaint('441502'))).to.equal(true);
    expect(canSeeCase(as('mediator', ['441502']), complaint('441521'))).to.equal(false);
    expect(canSeeCase(as('mediator', ['441502']), complaint(undefined))).to.equal(false);
    expect(canSeeCase(as('enforcement', ['441521']), report('441521'))).to.equal(true);
    expect(canSeeCase(as('enforcement', ['441521']), complaint('441521'))).to.equal(false);
    expect(canSeeCase(as('council'), complaint('441521'))).to.equal(false);
    for (const r of ['operator', 'supervisor', 'admin'] as const) expect(canSeeCase(as(r), complaint(undefined))).to.equal(true);
  });

  it('narrows list filters, and answers null when the request asks outside the scope', () => {
    expect(scopeCaseFilter(as('mediator', ['441502']), { status: 'x' })).to.deep.equal({ status: 'x', district: '441502' });
    expect(scopeCaseFilter(as('mediator', ['441502', '441521']), {})).to.deep.equal({ district: { $in: ['441502', '441521'] } });
    expect(scopeCaseFilter(as('mediator', ['441502']), { district: '441521' })).to.equal(null);
    expect(scopeCaseFilter(as('enforcement', ['441521']), {})).to.deep.equal({ kind: 'report', district: '441521' });
    expect(scopeCaseFilter(as('enforcement', ['441521']), { kind: 'complaint' })).to.equal(null);
    expect(scopeCaseFilter(as('council'), {})).to.equal(null);
    expect(scopeCaseFilter(as('operator'), { district: '441521' })).to.deep.equal({ district: '441521' });
  });

  it('never lets a scoped filter match a case the principal may not see (property)', () => {
    const district = fc.constantFrom('441502', '441521', '441523', '441581', '441500-HHW');
    fc.assert(fc.property(
      fc.constantFrom<Role>(...ROLES), fc.uniqueArray(district, { maxLength: 3 }),
      fc.record({ kind: fc.constantFrom('complaint', 'report', 'work-order'), district: fc.option(district, { nil: undefined }) }),
      fc.record({ kind: fc.option(fc.constantFrom('complaint', 'report'), { nil: undefined }), district: fc.option(district, { nil: undefined }) }),
      (role, districts, doc, requested) => {
        const p = as(role, districts);
        const asked = Object.fromEntries(Object.entries(requested).filter(([, v]) => v !== undefined));
        const f = scopeCaseFilter(p, asked);
        if (f === null) return true;
        const matches = Object.entries(f).every(([k, v]) => {
          const actual = (doc as Record<string, unknown>)[k];
          return v && typeof v === 'object' && '$in' in v ? (v.$in as unknown[]).includes(actual) : actual === v;
        });
        return !matches || canSeeCase(p, doc);
      },
    ));
  });
});

describe('passwords and API keys', () => {
  it('hashes passwords with argon2id and verifies them; a wrong or absent hash says false', async function () {
    this.timeout(20_000);
    const stored = await hashPassword('correct horse battery');
    expect(stored).to.match(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hashPassword('correct horse battery')).not.to.equal(stored); // salted
    expect(await verifyPassword(stored, 'correct horse battery')).to.equal(true);
    expect(await verifyPassword(stored, 'correct horse batterY')).to.equal(false);
    expect(await verifyPassword(undefined, 'correct horse battery')).to.equal(false);
    expect(await verifyPassword('not a hash', 'x')).to.equal(false);
  });

  it('makes long random keys and hashes them to a stable sha256 id', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a).to.match(/^cwk_[A-Za-z0-9_-]{43}$/);
    expect(a).not.to.equal(b);
    expect(hashApiKey(a)).to.match(/^[0-9a-f]{64}$/).and.equal(hashApiKey(a));
    expect(hashApiKey('abc')).to.equal('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(apiKeyActorId(hashApiKey(a))).to.match(/^key:[0-9a-f]{12}$/).and.not.contain(a.slice(4, 16));
  });
});
