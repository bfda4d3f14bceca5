import { randomBytes } from 'node:crypto';
import type { Role } from '@cw/contracts';

/** Anything with a gateway URL and its bootstrap admin key (a TestSystem, a test gateway). */
export interface AuthTarget {
  url: string;
  adminKey: string;
}

/** A random value usable as CW_BOOTSTRAP_API_KEY. */
export const randomApiKey = () => `cwk_test_${randomBytes(24).toString('base64url')}`;

export const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

let n = 0;
const uniqueName = (role: string) => `${role}-${Date.now().toString(36)}-${++n}-${randomBytes(2).toString('hex')}`;

async function adminPost(target: AuthTarget, path: string, body: unknown) {
  const res = await fetch(`${target.url}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...bearer(target.adminKey) }, body: JSON.stringify(body),
  });
  const json = await res.json() as any;
  if (res.status !== 201) throw new Error(`POST ${path}: HTTP ${res.status} ${JSON.stringify(json)}`);
  return json;
}

export interface TestUser {
  username: string;
  password: string;
  user: { id: string; name: string; role: Role; districts: string[] };
}

/** Creates a user through the admin API (POST /api/v1/admin/users). */
export async function createUser(target: AuthTarget, opts: { role: Role; districts?: string[]; username?: string; password?: string; name?: string }): Promise<TestUser> {
  const username = opts.username ?? uniqueName(opts.role);
  const password = opts.password ?? `pw-${randomBytes(9).toString('base64url')}`;
  const body = await adminPost(target, '/api/v1/admin/users', {
    username, password, name: opts.name ?? `测试${opts.role}`, role: opts.role, ...(opts.districts ? { districts: opts.districts } : {}),
  });
  return { username, password, user: body.user };
}

export interface TestApiKey {
  key: string;
  id: string;
  /** `{ authorization: 'Bearer …' }` */
  headers: Record<string, string>;
}

/** Creates an API key through the admin API (POST /api/v1/admin/api-keys). */
export async function createApiKey(target: AuthTarget, opts: { role: Role; districts?: string[]; name?: string }): Promise<TestApiKey> {
  const body = await adminPost(target, '/api/v1/admin/api-keys', {
    name: opts.name ?? uniqueName(opts.role), role: opts.role, ...(opts.districts ? { districts: opts.districts } : {}),
  });
  return { key: body.key, id: body.id, headers: bearer(body.key) };
}

/** Logs in (POST /api/v1/auth/login) and returns the `Cookie` header value (`cw.sid=…`). Throws unless 200. */
export async function login(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`login ${username}: HTTP ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cw.sid='));
  if (!cookie) throw new Error(`login ${username}: no session cookie`);
  return cookie.split(';')[0]!;
}

export interface LoggedIn extends TestUser {
  cookie: string;
  /** `{ cookie: 'cw.sid=…' }` */
  headers: Record<string, string>;
}

/** Creates a user with the role (and districts) and logs in. */
export async function loginAs(target: AuthTarget, role: Role, districts?: string[]): Promise<LoggedIn> {
  const u = await createUser(target, { role, ...(districts ? { districts } : {}) });
  const cookie = await login(target.url, u.username, u.password);
  return { ...u, cookie, headers: { cookie } };
}
