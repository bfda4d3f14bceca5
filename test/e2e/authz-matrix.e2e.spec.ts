/**
 * The authorization matrix: every entry of the policy table (gateway/src/auth/policy.ts) × every
 * role (logged-in user and API key) + anonymous → allowed, 401 or 403 as the table says; the table
 * cross-checked against the routes Express actually mounted, so a route without an entry fails
 * here; every Socket.IO namespace of SOCKET_POLICY likewise.
 */
import { expect } from 'chai';
import { match } from 'path-to-regexp';
import { io } from 'socket.io-client';
import { POLICY, SOCKET_POLICY, decide, decideAllowed, isGuardedPath, openApiPath, policyFor, type PolicyEntry, type Principal } from '@cw/gateway';
import { ROLES, type Role } from '@cw/contracts';
import { startSystem, type TestSystem } from '../support/system.js';
import { createApiKey, loginAs } from '../support/auth.js';
import { eventually } from '../support/env.js';
import path from 'node:path';
import { ARTIFACTS, hasChromium, launchChromium } from '../support/browser.js';

/** Routes outside the guarded prefixes that may stay public. A new one must be added here on purpose. */
// Pages (no data: their data comes from the guarded API and namespaces): board, login, consoles.
// /metrics: Prometheus text, no personal data in any label (docs/operations.md).
const PUBLIC_ROUTES = ['GET /healthz', 'GET /metrics', 'GET /board', 'GET /board/vendor/echarts.min.js', 'GET /login', 'GET /console', 'GET /console/operator', 'GET /console/mediator', 'GET /console/admin', 'GET /console/lib/money.js'];

const SCOPED: Partial<Record<Role, string[]>> = { mediator: ['441521'], enforcement: ['441521'] };

interface Caller {
  label: string;
  principal: Principal | undefined;
  headers: Record<string, string>;
  socketAuth: { headers?: Record<string, string>; token?: string };
}

/** A concrete URL for a policy path: parameters filled with harmless values. */
function concrete(path: string): string {
  return path.replace('{/*rest}', '/api/queues').replace(/:(\w+)/g, (_m, name: string) => (name === 'system' ? '12315' : `no-such-${name}`));
}

describe('authorization matrix: policy table × roles × anonymous × API keys', function () {
  this.timeout(180_000);
  let sys: TestSystem;
  const callers: Caller[] = [];

  before(async () => {
    sys = await startSystem(['gateway'], { INTAKE_WAIT_MS: '200', COMMAND_WAIT_MS: '200' });
    callers.push({ label: 'anonymous', principal: undefined, headers: {}, socketAuth: {} });
    for (const role of ROLES) {
      const districts = SCOPED[role] ?? [];
      const user = await loginAs(sys, role, SCOPED[role]);
      callers.push({ label: `${role} (session)`, principal: { id: user.username, role, districts, kind: 'user' }, headers: user.headers, socketAuth: { headers: { cookie: user.cookie } } });
      const key = await createApiKey(sys, { role, ...(SCOPED[role] ? { districts } : {}) });
      callers.push({ label: `${role} (API key)`, principal: { id: key.id, role, districts, kind: 'key' }, headers: key.headers, socketAuth: { token: key.key } });
    }
  });
  after(async () => { await sys?.stopAll(); });

  describe('the table and the mounted routes agree', () => {
    let mounted: { method: string; path: string }[];
    before(async () => {
      const res = await fetch(`${sys.url}/api/v1/admin/routes`, { headers: sys.adminHeaders });
      expect(res.status).to.equal(200);
      mounted = ((await res.json()) as { routes: { method: string; path: string }[] }).routes;
      expect(mounted.length).to.be.greaterThan(POLICY.length);
    });

    it('every mounted route under /api and /admin has a policy entry', () => {
      const missing = mounted.filter((r) => isGuardedPath(r.path) && !policyFor(r.method === 'ALL' ? 'GET' : r.method, r.path));
      expect(missing, `routes without a policy entry: ${JSON.stringify(missing)}`).to.deep.equal([]);
    });

    it('every route outside them is a known public one', () => {
      const open = [...new Set(mounted.filter((r) => !isGuardedPath(r.path)).map((r) => `${r.method} ${r.path}`))];
      expect(open.sort()).to.deep.equal([...PUBLIC_ROUTES].sort());
    });

    it('every policy entry matches a mounted route (no stale entries)', () => {
      const stale = POLICY.filter((e) => {
        const test = match(e.path, { decode: false });
        return !mounted.some((r) => (e.method === 'ALL' || r.method === e.method || r.method === 'ALL') && test(r.path) !== false);
      });
      expect(stale.map((e) => `${e.method} ${e.path}`)).to.deep.equal([]);
    });

    it('the served OpenAPI document describes exactly the mounted routes (policy table plus /healthz and /metrics)', async () => {
      const res = await fetch(`${sys.url}/api/v1/openapi.json`);
      expect(res.status).to.equal(200);
      const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
      expect(doc.openapi).to.equal('3.1.0');
      const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
      // A mounted route in OpenAPI terms: its policy entry's path (a wildcard entry documents its page), or its own.
      const asDocumented = (r: { method: string; path: string }) => {
        const entry = policyFor(r.method === 'ALL' ? 'GET' : r.method, r.path);
        return `${r.method === 'ALL' ? 'GET' : r.method} ${openApiPath(entry?.path ?? r.path).path}`;
      };
      const mountedKeys = new Set(mounted.map(asDocumented));
      expect(documented.filter((d) => !mountedKeys.has(d)), 'documented but not mounted').to.deep.equal([]);
      const undocumented = mounted.filter((r) => isGuardedPath(r.path) || r.path === '/healthz' || r.path === '/metrics').map(asDocumented).filter((k) => !documented.includes(k));
      expect(undocumented, 'mounted but not documented').to.deep.equal([]);
    });

    it('a path under /api that is not in the table is 404 for everyone, admins included (fail closed)', async () => {
      for (const headers of [{}, sys.adminHeaders]) {
        const res = await fetch(`${sys.url}/api/v1/not-a-route`, { headers });
        expect(res.status).to.equal(404);
        expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
      }
    });
  });

  describe('HTTP: each entry × each caller', () => {
    for (const entry of POLICY) {
      it(`${entry.method} ${entry.path} — ${entry.note}`, async () => {
        const method = entry.method === 'ALL' ? 'GET' : entry.method;
        const url = `${sys.url}${concrete(entry.path)}`;
        const seen: string[] = [];
        for (const caller of callers) {
          // Logout would end the caller's session: it is public and tested with throwaway sessions elsewhere.
          if (entry.path === '/api/v1/auth/logout' && caller.principal?.kind === 'user') continue;
          const res = await fetch(url, {
            method,
            headers: { ...caller.headers, accept: 'application/json', ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
            ...(method === 'POST' ? { body: '{}' } : {}),
            redirect: 'manual',
          });
          await res.arrayBuffer();
          const expected = decide(entry as PolicyEntry, caller.principal);
          seen.push(`${caller.label}: ${res.status}`);
          expect(res.status, `${caller.label} on ${method} ${url}`).to.be.below(500);
          if (expected.allowed) expect([401, 403], `${caller.label} should pass ${method} ${url}`).not.to.include(res.status);
          else {
            expect(res.status, `${caller.label} should be refused on ${method} ${url}`).to.equal(expected.status);
            expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
          }
        }
      });
    }
  });

  describe('Socket.IO: each namespace × each caller', () => {
    const connect = (ns: string, caller: Caller) => new Promise<'connected' | string>((resolve) => {
      const socket = io(`${sys.url}${ns}`, {
        transports: ['websocket'], reconnection: false, forceNew: true, timeout: 10_000,
        ...(caller.socketAuth.headers ? { extraHeaders: caller.socketAuth.headers } : {}),
        ...(caller.socketAuth.token ? { auth: { token: caller.socketAuth.token } } : {}),
      });
      socket.on('connect', () => { socket.disconnect(); resolve('connected'); });
      socket.on('connect_error', (err) => { socket.disconnect(); resolve(err.message); });
    });

    for (const [ns, allow] of Object.entries(SOCKET_POLICY)) {
      it(`namespace ${ns}`, async () => {
        for (const caller of callers) {
          const d = decideAllowed(allow, caller.principal);
          const outcome = await connect(ns, caller);
          expect(outcome, `${caller.label} on ${ns}`).to.equal(d.allowed ? 'connected' : d.status === 401 ? 'unauthorized' : 'forbidden');
        }
      });
    }

    it('refuses a forged cookie and an unknown token', async () => {
      const forged: Caller = { label: 'forged', principal: undefined, headers: {}, socketAuth: { headers: { cookie: 'cw.sid=s%3Aabc.def' } } };
      expect(await connect('/live', forged)).to.equal('unauthorized');
      const unknown: Caller = { label: 'unknown key', principal: undefined, headers: {}, socketAuth: { token: 'cwk_not-a-real-key-at-all-000000' } };
      expect(await connect('/live', unknown)).to.equal('unauthorized');
    });
  });

  it('sends a browser without a session from bull-board to /login, and logs every refusal without personal data', async () => {
    const res = await fetch(`${sys.url}/admin/queues`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(res.status).to.equal(302);
    expect(res.headers.get('location')).to.equal('/login?next=%2Fadmin%2Fqueues');
    const council = callers.find((c) => c.label === 'council (session)')!;
    expect((await fetch(`${sys.url}/api/v1/cases`, { headers: council.headers })).status).to.equal(403);
    const refusal = await eventually(() => sys.logs('gateway').split('\n').map((l) => { try { return JSON.parse(l) as Record<string, unknown>; } catch { return undefined; } })
      .find((l) => l?.msg === 'access refused' && l.userId === council.principal!.id && l.route === '/api/v1/cases'), 'the refusal in the gateway log');
    expect(refusal).to.include({ level: 40, role: 'council', method: 'GET', route: '/api/v1/cases', reason: 'role-not-allowed' });
    expect(JSON.stringify(refusal)).not.to.match(/cookie|authorization|password|1380013/i);
  });

  it('opens the API reference page (/api/docs) in the browser: rendered from the served document, nothing fetched from another host', async function () {
    if (!hasChromium()) this.skip();
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1300, height: 1000 }, locale: 'zh-CN' });
      const problems: string[] = [];
      const foreign: string[] = [];
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text()); });
      page.on('request', (r) => { if (!r.url().startsWith(sys.url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) foreign.push(r.url()); });
      await page.goto(`${sys.url}/api/docs`);
      // The document's title and a tag's operations, as Swagger UI draws them from /api/v1/openapi.json.
      await page.getByText('消费者权益保护投诉举报处理平台 API').first().waitFor({ timeout: 30_000 });
      await page.getByText('/api/v1/auth/login').first().waitFor({ timeout: 10_000 });
      await page.screenshot({ path: path.join(ARTIFACTS, 'api-docs.png') });
      expect(await page.title()).to.contain('接口文档');
      expect(problems).to.deep.equal([]);
      expect(foreign).to.deep.equal([]);
    } finally {
      await browser.close();
    }
  });
});
