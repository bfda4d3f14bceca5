/** Login, sessions, API keys, the login rate limit and the admin API against a real gateway process. */
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { startSystem, postJson, getJson, type TestSystem } from '../support/system.js';
import { bearer, createApiKey, createUser, login } from '../support/auth.js';
import { eventually, platform } from '../support/env.js';

describe('authentication: sessions, API keys, rate limit, admin API', function () {
  this.timeout(180_000);
  let sys: TestSystem;
  before(async () => { sys = await startSystem(['gateway'], { LOGIN_RATE_LIMIT: '3' }); });
  after(async () => { await sys?.stopAll(); });

  const tryLogin = (username: unknown, password: unknown) => fetch(`${sys.url}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
  });

  it('logs in with an httpOnly SameSite=Lax cookie, answers /me, and ends the session server-side at logout', async () => {
    const u = await createUser(sys, { role: 'mediator', districts: ['441502', '441521'], name: '张三' });
    const res = await tryLogin(u.username, u.password);
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ user: { id: u.username, name: '张三', role: 'mediator', districts: ['441502', '441521'] } });
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('cw.sid='))!;
    expect(setCookie).to.match(/; HttpOnly/).and.match(/; SameSite=Lax/i).and.match(/; Path=\//);
    expect(setCookie).not.to.match(/; Secure/); // plain HTTP here; `secure: 'auto'` sets it behind HTTPS
    const cookie = setCookie.split(';')[0]!;

    const me = await getJson(`${sys.url}/api/v1/auth/me`, { cookie });
    expect(me.status).to.equal(200);
    expect(me.body.user).to.include({ id: u.username, role: 'mediator', kind: 'user' });
    // The session lives in Redis under this system's prefix only.
    const redis = new Redis(platform.REDIS_URL);
    try {
      expect(await redis.keys(`${sys.prefix}sess:*`)).to.have.length.greaterThan(0);
    } finally { redis.disconnect(); }

    const out = await fetch(`${sys.url}/api/v1/auth/logout`, { method: 'POST', headers: { cookie } });
    expect(out.status).to.equal(204);
    expect((await getJson(`${sys.url}/api/v1/auth/me`, { cookie })).status).to.equal(401);
  });

  it('answers an unknown user and a wrong password alike (401), sets no cookie', async () => {
    const u = await createUser(sys, { role: 'operator' });
    const wrong = await tryLogin(u.username, 'not the password');
    const unknown = await tryLogin('nobody-here', 'not the password');
    expect(wrong.status).to.equal(401);
    expect(unknown.status).to.equal(401);
    const [a, b] = [await wrong.json() as Record<string, unknown>, await unknown.json() as Record<string, unknown>];
    expect({ ...a, instance: undefined }).to.deep.equal({ ...b, instance: undefined });
    expect(a).to.include({ code: 'INVALID_CREDENTIALS', detail: 'Invalid username or password' });
    expect(wrong.headers.getSetCookie()).to.deep.equal([]);
  });

  it('rate-limits failed logins per IP and username with 429 problem+json; other usernames still log in', async () => {
    const victim = await createUser(sys, { role: 'supervisor' });
    for (let i = 0; i < 3; i += 1) expect((await tryLogin(victim.username, `guess-${i}`)).status).to.equal(401);
    const limited = await tryLogin(victim.username, victim.password);
    expect(limited.status).to.equal(429);
    expect(limited.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(((await limited.json()) as { code: string }).code).to.equal('TOO_MANY_REQUESTS');
    const other = await createUser(sys, { role: 'supervisor' });
    expect((await tryLogin(other.username, other.password)).status).to.equal(200);
  });

  it('authenticates machine clients by API key; refuses unknown and malformed keys with 401', async () => {
    const key = await createApiKey(sys, { role: 'council', name: 'big-screen' });
    const me = await getJson(`${sys.url}/api/v1/auth/me`, key.headers);
    expect(me.body.user).to.include({ id: key.id, role: 'council', name: 'big-screen', kind: 'key' });
    expect((await getJson(`${sys.url}/api/v1/stats`, key.headers)).status).to.equal(200);
    expect((await getJson(`${sys.url}/api/v1/cases`, key.headers)).status).to.equal(403);
    expect((await getJson(`${sys.url}/api/v1/stats`, bearer('cwk_no-such-key-0000000000000000'))).status).to.equal(401);
    expect((await getJson(`${sys.url}/api/v1/stats`, { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` })).status).to.equal(401);
  });

  it('keeps sessions and the bootstrap key across a gateway restart (secret in Redis, idempotent key)', async () => {
    const u = await createUser(sys, { role: 'council' });
    const cookie = await login(sys.url, u.username, u.password);
    await sys.stop('gateway');
    sys.start('gateway');
    await eventually(async () => (await fetch(`${sys.url}/healthz`)).status === 200, 'the gateway back', 60_000);
    expect((await getJson(`${sys.url}/api/v1/auth/me`, { cookie })).body.user.id).to.equal(u.username);
    expect((await getJson(`${sys.url}/api/v1/admin/users`, sys.adminHeaders)).status).to.equal(200);
  });

  it('administers users and keys: validation names field and rule, duplicates 409, no hashes or keys in listings', async () => {
    const noDistrict = await postJson(`${sys.url}/api/v1/admin/users`, { username: 'med-x', password: 'long-enough-pw', name: 'x', role: 'mediator' }, sys.adminHeaders);
    expect(noDistrict.status).to.equal(400);
    expect(noDistrict.body.errors).to.deep.include({ pointer: '/districts', rule: 'minItems', message: 'required for role mediator' });
    const bad = await postJson(`${sys.url}/api/v1/admin/users`, { username: 'A B', password: 'short', name: '', role: 'root', extra: 1 }, sys.adminHeaders);
    expect(bad.status).to.equal(400);
    expect(bad.body.errors.map((e: { pointer: string; rule: string }) => `${e.pointer} ${e.rule}`)).to.include.members(['/username pattern', '/password minLength', '/name minLength', '/role enum', '/extra additionalProperties']);
    const districtForCouncil = await postJson(`${sys.url}/api/v1/admin/api-keys`, { name: 'x', role: 'council', districts: ['441502'] }, sys.adminHeaders);
    expect(districtForCouncil.status).to.equal(400);

    const u = await createUser(sys, { role: 'enforcement', districts: ['441523'] });
    const dup = await postJson(`${sys.url}/api/v1/admin/users`, { username: u.username, password: 'long-enough-pw', name: 'x', role: 'admin' }, sys.adminHeaders);
    expect(dup.status).to.equal(409);
    expect(dup.body.code).to.equal('USER_EXISTS');
    expect((await login(sys.url, u.username, u.password)).startsWith('cw.sid=')).to.equal(true);

    const list = await getJson(`${sys.url}/api/v1/admin/users`, sys.adminHeaders);
    expect(list.body.items.find((i: { id: string }) => i.id === u.username)).to.include({ role: 'enforcement' });
    expect(JSON.stringify(list.body)).not.to.match(/passwordHash|argon2/);
    const key = await createApiKey(sys, { role: 'operator', name: '12345-bridge' });
    expect(key.key).to.match(/^cwk_[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(list.body)).not.to.contain(key.key);
  });
});
