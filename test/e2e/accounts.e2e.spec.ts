/**
 * Account controls (issue 14 item 4) against a real gateway process: changing one's own password,
 * the password policy, an admin disabling and re-enabling a user (sessions and sockets cut within a
 * second), logout closing that session's sockets, API keys rotated and revoked, and the same-origin
 * check on state-changing requests from a cookie session.
 */
import { expect } from 'chai';
import { io, type Socket } from 'socket.io-client';
import { startSystem, getJson, type TestSystem } from '../support/system.js';
import { bearer, createApiKey, createUser, login } from '../support/auth.js';
import { eventually } from '../support/env.js';

const send = async (url: string, method: string, body: unknown, headers: Record<string, string>) => {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
};

/** A connected socket on a namespace, and the moment the server closed it (if it did). */
async function connect(url: string, ns: string, auth: { cookie?: string; token?: string }) {
  const socket: Socket = io(`${url}${ns}`, {
    transports: ['websocket'], reconnection: false, forceNew: true,
    ...(auth.cookie ? { extraHeaders: { cookie: auth.cookie } } : {}),
    ...(auth.token ? { auth: { token: auth.token } } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (e) => reject(e));
  });
  const closed: { at?: number; reason?: string } = {};
  socket.on('disconnect', (reason) => { closed.at = Date.now(); closed.reason = reason; });
  return { socket, closed };
}

describe('accounts: own password, disable and re-enable, sockets cut, keys rotated and revoked, same-origin', function () {
  this.timeout(180_000);
  let sys: TestSystem;
  const sockets: Socket[] = [];
  before(async () => { sys = await startSystem(['gateway']); });
  after(async () => {
    for (const s of sockets) s.close();
    await sys?.stopAll();
  });

  it('changes one\'s own password: the current one required, the policy named field by field, other sessions ended, this one kept', async () => {
    const u = await createUser(sys, { role: 'mediator', districts: ['441502'] });
    const here = await login(sys.url, u.username, u.password);
    const elsewhere = await login(sys.url, u.username, u.password);
    const other = await connect(sys.url, '/queues', { cookie: elsewhere });
    sockets.push(other.socket);
    const url = `${sys.url}/api/v1/auth/password`;

    const wrong = await send(url, 'POST', { currentPassword: 'not-it', newPassword: 'tide-harbour-lantern-47' }, { cookie: here });
    expect(wrong.status).to.equal(400);
    expect(wrong.body.errors).to.deep.equal([{ pointer: '/currentPassword', rule: 'matchesCurrent', message: 'is not your current password' }]);
    const common = await send(url, 'POST', { currentPassword: u.password, newPassword: 'password123' }, { cookie: here });
    expect(common.status).to.equal(400);
    expect(common.body.errors[0]).to.include({ pointer: '/newPassword', rule: 'common' });
    const short = await send(url, 'POST', { currentPassword: u.password, newPassword: 'short' }, { cookie: here });
    expect(short.body.errors[0]).to.include({ pointer: '/newPassword', rule: 'minLength' });
    const key = await createApiKey(sys, { role: 'supervisor' });
    expect((await send(url, 'POST', { currentPassword: 'x', newPassword: 'tide-harbour-lantern-47' }, key.headers)).body.code).to.equal('NOT_A_PASSWORD_ACCOUNT');

    const ok = await send(url, 'POST', { currentPassword: u.password, newPassword: 'tide-harbour-lantern-47' }, { cookie: here });
    expect(ok.status).to.equal(204);
    expect((await getJson(`${sys.url}/api/v1/auth/me`, { cookie: here })).status).to.equal(200);
    expect((await getJson(`${sys.url}/api/v1/auth/me`, { cookie: elsewhere })).status).to.equal(401);
    await eventually(() => other.closed.at !== undefined, 'the other session\'s socket to close', 1000, 20);
    await login(sys.url, u.username, 'tide-harbour-lantern-47');
    await login(sys.url, u.username, u.password).then(() => { throw new Error('the old password still works'); }, (e: Error) => expect(e.message).to.match(/HTTP 401/));
  });

  it('an admin disables a user: their requests answer 401 and their board and queue sockets close within a second; re-enabled, they log in again', async () => {
    const u = await createUser(sys, { role: 'mediator', districts: ['441521'] });
    const cookie = await login(sys.url, u.username, u.password);
    const live = await connect(sys.url, '/live', { cookie });
    const queues = await connect(sys.url, '/queues', { cookie });
    sockets.push(live.socket, queues.socket);

    const at = Date.now();
    const off = await send(`${sys.url}/api/v1/admin/users/${u.username}`, 'PATCH', { disabled: true }, sys.adminHeaders);
    expect(off.status).to.equal(200);
    expect(off.body.user).to.include({ id: u.username, disabled: true, disabledBy: 'key:' + off.body.user.disabledBy.slice(4) });
    await eventually(() => live.closed.at !== undefined && queues.closed.at !== undefined, 'both sockets to close', 1000, 10);
    expect(live.closed.at! - at).to.be.below(1000);
    expect(queues.closed.reason).to.equal('io server disconnect');
    expect((await getJson(`${sys.url}/api/v1/auth/me`, { cookie })).status).to.equal(401);
    await login(sys.url, u.username, u.password).then(() => { throw new Error('a disabled user logged in'); }, (e: Error) => expect(e.message).to.match(/HTTP 401/));
    // A disabled account cannot open a new socket either.
    await connect(sys.url, '/live', { cookie }).then(() => { throw new Error('socket opened'); }, (e: Error) => expect(e.message).to.equal('unauthorized'));

    const listed = (await getJson(`${sys.url}/api/v1/admin/users`, sys.adminHeaders)).body.items.find((x: { id: string }) => x.id === u.username);
    expect(listed).to.include({ disabled: true });
    expect(listed).not.to.have.property('passwordHash');

    expect((await send(`${sys.url}/api/v1/admin/users/${u.username}`, 'PATCH', { disabled: false }, sys.adminHeaders)).body.user.disabled).to.equal(false);
    await login(sys.url, u.username, u.password);
  });

  it('refuses an admin disabling their own account, an empty change, and an unknown user', async () => {
    const admin = await createUser(sys, { role: 'admin' });
    const cookie = await login(sys.url, admin.username, admin.password);
    const self = await send(`${sys.url}/api/v1/admin/users/${admin.username}`, 'PATCH', { disabled: true }, { cookie });
    expect(self).to.deep.include({ status: 409 });
    expect(self.body.code).to.equal('CANNOT_DISABLE_SELF');
    const empty = await send(`${sys.url}/api/v1/admin/users/${admin.username}`, 'PATCH', {}, { cookie });
    expect(empty.status).to.equal(400);
    expect((await send(`${sys.url}/api/v1/admin/users/nobody-here`, 'PATCH', { disabled: true }, { cookie })).status).to.equal(404);
    const weak = await send(`${sys.url}/api/v1/admin/users`, 'POST', { username: 'weak-one', password: 'password123', name: '弱', role: 'operator' }, { cookie });
    expect(weak.status).to.equal(400);
    expect(weak.body.errors[0]).to.include({ pointer: '/password', rule: 'common' });
  });

  it('an admin resets a password: every session of the account ends', async () => {
    const u = await createUser(sys, { role: 'operator' });
    const cookie = await login(sys.url, u.username, u.password);
    const reset = await send(`${sys.url}/api/v1/admin/users/${u.username}`, 'PATCH', { password: 'lantern-tide-harbour-58' }, sys.adminHeaders);
    expect(reset.status).to.equal(200);
    expect(reset.body.user.passwordChangedAt).to.be.a('string');
    expect((await getJson(`${sys.url}/api/v1/auth/me`, { cookie })).status).to.equal(401);
    await login(sys.url, u.username, 'lantern-tide-harbour-58');
  });

  it('logout closes the sockets of that session only', async () => {
    const u = await createUser(sys, { role: 'council' });
    const a = await login(sys.url, u.username, u.password);
    const b = await login(sys.url, u.username, u.password);
    const sa = await connect(sys.url, '/live', { cookie: a });
    const sb = await connect(sys.url, '/live', { cookie: b });
    sockets.push(sa.socket, sb.socket);
    const at = Date.now();
    expect((await fetch(`${sys.url}/api/v1/auth/logout`, { method: 'POST', headers: { cookie: a } })).status).to.equal(204);
    await eventually(() => sa.closed.at !== undefined, 'the logged-out session\'s socket to close', 1000, 10);
    expect(sa.closed.at! - at).to.be.below(1000);
    // The other session's socket still answers: it gets a snapshot when it subscribes.
    let snapshot = false;
    sb.socket.once('snapshot', () => { snapshot = true; });
    sb.socket.emit('subscribe', {});
    await eventually(() => snapshot, 'the other session\'s socket to answer', 5000, 20);
    expect(sb.socket.connected, 'the other session\'s socket stays').to.equal(true);
  });

  it('rotates an API key (the old one stops, the new one works, its sockets close) and revokes one', async () => {
    const key = await createApiKey(sys, { role: 'council', name: 'board-screen' });
    const live = await connect(sys.url, '/live', { token: key.key });
    sockets.push(live.socket);
    const rotated = await send(`${sys.url}/api/v1/admin/api-keys/${key.id}/rotate`, 'POST', {}, sys.adminHeaders);
    expect(rotated.status).to.equal(201);
    expect(rotated.body).to.include({ name: 'board-screen', role: 'council', replaces: key.id });
    await eventually(() => live.closed.at !== undefined, 'the rotated key\'s socket to close', 1000, 10);
    expect((await getJson(`${sys.url}/api/v1/auth/me`, key.headers)).status).to.equal(401);
    expect((await getJson(`${sys.url}/api/v1/auth/me`, bearer(rotated.body.key))).status).to.equal(200);
    expect((await send(`${sys.url}/api/v1/admin/api-keys/${key.id}/rotate`, 'POST', {}, sys.adminHeaders)).body.code).to.equal('KEY_REVOKED');

    const revoked = await send(`${sys.url}/api/v1/admin/api-keys/${rotated.body.id}/revoke`, 'POST', {}, sys.adminHeaders);
    expect(revoked.status).to.equal(200);
    expect(revoked.body.key).to.include({ id: rotated.body.id, disabled: true });
    expect((await getJson(`${sys.url}/api/v1/auth/me`, bearer(rotated.body.key))).status).to.equal(401);
    const list = (await getJson(`${sys.url}/api/v1/admin/api-keys`, sys.adminHeaders)).body.items as { id: string; replacedBy?: string; disabled: boolean }[];
    expect(list.find((k) => k.id === key.id)).to.include({ disabled: true, replacedBy: rotated.body.id });
    expect(JSON.stringify(list)).not.to.include(key.key).and.not.to.include(rotated.body.key);
  });

  it('refuses a state-changing request a browser sends from another site with the session cookie (CSRF)', async () => {
    const u = await createUser(sys, { role: 'operator' });
    const cookie = await login(sys.url, u.username, u.password);
    const body = { currentPassword: u.password, newPassword: 'harbour-lantern-tide-69' };
    const crossSite = await send(`${sys.url}/api/v1/auth/password`, 'POST', body, { cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).to.equal(403);
    expect(crossSite.body.code).to.equal('CROSS_SITE_REQUEST');
    const sameSite = await send(`${sys.url}/api/v1/auth/password`, 'POST', body, { cookie, origin: sys.url, 'sec-fetch-site': 'same-origin' });
    expect(sameSite.status).to.equal(204);
  });

  // Last in this file: afterwards the system's bootstrap key is revoked.
  it('keeps a revoked bootstrap key (CW_BOOTSTRAP_API_KEY) revoked across a gateway restart', async () => {
    const other = await createApiKey(sys, { role: 'admin', name: 'second-admin' });
    const keys = (await getJson(`${sys.url}/api/v1/admin/api-keys`, other.headers)).body.items as { id: string; name: string }[];
    const bootstrap = keys.find((k) => k.name === 'bootstrap')!;
    expect((await send(`${sys.url}/api/v1/admin/api-keys/${bootstrap.id}/revoke`, 'POST', {}, other.headers)).status).to.equal(200);
    expect((await getJson(`${sys.url}/api/v1/auth/me`, sys.adminHeaders)).status).to.equal(401);
    await sys.stop('gateway');
    sys.start('gateway'); // the same CW_BOOTSTRAP_API_KEY
    await eventually(async () => (await fetch(`${sys.url}/healthz`)).status === 200, 'the gateway back', 60_000);
    expect((await getJson(`${sys.url}/api/v1/auth/me`, sys.adminHeaders)).status, 'the revoked bootstrap key after a restart').to.equal(401);
    expect((await getJson(`${sys.url}/api/v1/auth/me`, other.headers)).status).to.equal(200);
    expect(sys.logs('gateway')).to.contain('it stays revoked');
  });
});
