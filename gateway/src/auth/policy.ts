/**
 * The authorization policy in ONE table: every HTTP route under a guarded prefix and every
 * Socket.IO namespace, with the roles allowed. The `authorize` middleware enforces it (a request
 * under a guarded prefix that matches no entry is answered 404 for everyone: fail closed), and
 * test/e2e/authz-matrix.e2e.spec.ts drives every entry × every role and cross-checks the table
 * against the routes Express actually mounted.
 *
 * Data scope (own districts, reports only for enforcement) is decided per case in `scope.ts`.
 */
import { match } from 'path-to-regexp';
import { ROLES, type Role } from '@cw/contracts';
import type { Principal } from './principal.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'ALL';
/** `public`: anyone, even without credentials. Otherwise the roles allowed (authentication required). */
export type Allowed = 'public' | readonly Role[];

export interface PolicyEntry {
  method: Method;
  /** Express 5 path pattern of the full path, e.g. `/api/v1/cases/:caseId`. */
  path: string;
  allow: Allowed;
  /** Why these roles (shown in docs and test names). */
  note: string;
}

/** Paths under these prefixes must have a policy entry. Everything else (health, board page, login page) is public. */
export const GUARDED_PREFIXES = ['/api', '/admin', '/open311'] as const;

const ANY_ROLE: readonly Role[] = ROLES;
const CASE_READERS: readonly Role[] = ['operator', 'mediator', 'enforcement', 'supervisor', 'admin'];
const CASE_ACTORS: readonly Role[] = ['mediator', 'enforcement', 'supervisor', 'admin'];
const INTAKE: readonly Role[] = ['operator', 'supervisor', 'admin'];
const ADMIN: readonly Role[] = ['admin'];

export const POLICY: readonly PolicyEntry[] = [
  { method: 'POST', path: '/api/v1/auth/login', allow: 'public', note: 'anyone may try to log in (rate-limited)' },
  { method: 'POST', path: '/api/v1/auth/logout', allow: 'public', note: 'ends the session if there is one' },
  { method: 'GET', path: '/api/v1/auth/me', allow: ANY_ROLE, note: 'who am I' },
  { method: 'POST', path: '/api/v1/auth/password', allow: ANY_ROLE, note: 'change my own password (a logged-in person; the current password required)' },
  { method: 'POST', path: '/api/v1/intake/12315', allow: INTAKE, note: 'operators log complaints and reports' },
  { method: 'POST', path: '/api/v1/intake/12345', allow: INTAKE, note: 'the 12345 bridge forwards work orders' },
  { method: 'GET', path: '/api/v1/intake/:system/:ref', allow: INTAKE, note: 'intake receipt (case numbers)' },
  { method: 'GET', path: '/api/v1/cases', allow: CASE_READERS, note: 'filtered to own districts for mediators and enforcement' },
  { method: 'GET', path: '/api/v1/cases/export', allow: CASE_READERS, note: 'the list as CSV/XLSX: same scope and masking' },
  { method: 'GET', path: '/api/v1/cases/:caseId', allow: CASE_READERS, note: 'own districts only for mediators and enforcement (else 404)' },
  { method: 'GET', path: '/api/v1/cases/:caseId/history', allow: CASE_READERS, note: 'own districts only for mediators and enforcement (else 404)' },
  { method: 'POST', path: '/api/v1/cases/:caseId/commands', allow: CASE_ACTORS, note: 'handlers act on cases of their districts' },
  { method: 'POST', path: '/api/v1/cases/:caseId/reveal', allow: ['mediator', 'enforcement', 'supervisor'], note: 'the full phone number for the case\'s assignee or a supervisor, with a reason; audited and rate-limited; never the council' },
  { method: 'GET', path: '/api/v1/commands/:commandId', allow: CASE_ACTORS, note: 'verdict of a command sent earlier' },
  { method: 'GET', path: '/api/v1/stats', allow: ANY_ROLE, note: 'aggregate figures only' },
  { method: 'GET', path: '/api/v1/stats/ranking', allow: ANY_ROLE, note: 'aggregate figures only' },
  { method: 'GET', path: '/api/v1/stats/export', allow: ANY_ROLE, note: 'aggregate figures only (XLSX or CSV)' },
  { method: 'GET', path: '/api/v1/stats/comparison', allow: ANY_ROLE, note: 'configured provincial figures (published, not personal)' },
  { method: 'GET', path: '/api/v1/reference', allow: ANY_ROLE, note: 'code tables (reason codes, statuses, districts) with display text; nothing personal' },
  { method: 'POST', path: '/api/v1/routing/suggest', allow: INTAKE, note: 'category and district suggestion while an operator types' },
  { method: 'POST', path: '/api/v1/intake/recent-duplicates', allow: INTAKE, note: 'same phone, same business, last 30 days: case numbers and dates only' },
  { method: 'GET', path: '/api/v1/queues/mine', allow: CASE_ACTORS, note: 'open cases assigned to me, within my case scope' },
  { method: 'GET', path: '/api/v1/queues/districts/:district', allow: CASE_ACTORS, note: 'unclaimed cases of one of my districts (any district for supervisors and admins)' },
  { method: 'POST', path: '/api/v1/imports', allow: ADMIN, note: 'historical import of past cases (NDJSON, docs/import-format.md)' },
  { method: 'GET', path: '/api/v1/imports/:importId', allow: ADMIN, note: 'progress of an import sent over HTTP: applied, refused (with reasons), pending' },
  { method: 'GET', path: '/api/v1/audit', allow: ['supervisor', 'admin'], note: 'the audit trail: who did what on which case, refusals included (JSON or CSV); no personal data' },
  { method: 'GET', path: '/api/v1/admin/users', allow: ADMIN, note: 'user administration' },
  { method: 'POST', path: '/api/v1/admin/users', allow: ADMIN, note: 'user administration' },
  { method: 'PATCH', path: '/api/v1/admin/users/:username', allow: ADMIN, note: 'disable, re-enable, set a new password (ends the sessions and sockets of the account)' },
  { method: 'POST', path: '/api/v1/admin/api-keys', allow: ADMIN, note: 'API keys for machine clients' },
  { method: 'GET', path: '/api/v1/admin/api-keys', allow: ADMIN, note: 'API keys (ids, names, roles, state; never a key)' },
  { method: 'POST', path: '/api/v1/admin/api-keys/:keyId/rotate', allow: ADMIN, note: 'a new key for the same client; the old one is revoked' },
  { method: 'POST', path: '/api/v1/admin/api-keys/:keyId/revoke', allow: ADMIN, note: 'revoke a key (its sockets close at once)' },
  { method: 'GET', path: '/api/v1/admin/routes', allow: ADMIN, note: 'mounted routes (audit of this table)' },
  { method: 'GET', path: '/api/v1/openapi.json', allow: 'public', note: 'the API description (OpenAPI 3.1): nothing personal, integrators read it before they have a key' },
  { method: 'GET', path: '/api/docs{/*rest}', allow: 'public', note: 'the interactive API reference page and its script (bundled, no CDN)' },
  { method: 'GET', path: '/open311/v2/discovery.:format', allow: 'public', note: 'Open311 GeoReport v2 service discovery (JSON or XML)' },
  { method: 'GET', path: '/open311/v2/services.:format', allow: 'public', note: 'Open311: the categories as services (the spec needs no key)' },
  { method: 'GET', path: '/open311/v2/services/:serviceCode.:format', allow: 'public', note: 'Open311: a service definition (its attributes)' },
  { method: 'POST', path: '/open311/v2/requests.:format', allow: 'public', note: 'Open311: create a complaint; the api_key in the form (an operator, supervisor or admin key) is checked by the route' },
  { method: 'GET', path: '/open311/v2/requests.:format', allow: 'public', note: 'Open311: complaints by id, service, status and date range; nothing personal' },
  { method: 'GET', path: '/open311/v2/requests/:requestId.:format', allow: 'public', note: 'Open311: one complaint by its case number; nothing personal' },
  { method: 'GET', path: '/open311/v2/tokens/:token.:format', allow: 'public', note: 'Open311: the case number of a request answered with a token' },
  { method: 'ALL', path: '/admin/queues{/*rest}', allow: ADMIN, note: 'bull-board can retry and remove jobs' },
];

/**
 * Socket.IO namespaces and the roles that may connect; `protectNamespaces` puts `socketAuth` on
 * each. List every namespace you create here (one line); the matrix test then covers it.
 */
export const SOCKET_POLICY: Readonly<Record<string, Allowed>> = {
  '/live': ANY_ROLE,
  '/queues': CASE_ACTORS,
  '/': [],
};

const compiled = POLICY.map((entry) => ({ entry, test: match(entry.path, { decode: false }) }));

export const isGuardedPath = (path: string) => GUARDED_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));

/** The policy entry for a request, or undefined when the table has none. HEAD is treated as GET. */
export function policyFor(method: string, path: string): PolicyEntry | undefined {
  const m = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  const normalized = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return compiled.find((c) => (c.entry.method === 'ALL' || c.entry.method === m) && c.test(normalized) !== false)?.entry;
}

export type Decision = { allowed: true } | { allowed: false; status: 401 | 403 | 404; reason: string };

/** Pure decision on one request: no entry → 404; public → allowed; no principal → 401; wrong role → 403. */
export function decide(entry: PolicyEntry | undefined, principal: Principal | undefined): Decision {
  if (!entry) return { allowed: false, status: 404, reason: 'no-policy-entry' };
  return decideAllowed(entry.allow, principal);
}

export function decideAllowed(allow: Allowed, principal: Principal | undefined): Decision {
  if (allow === 'public') return { allowed: true };
  if (!principal) return { allowed: false, status: 401, reason: 'unauthenticated' };
  if (!allow.includes(principal.role)) return { allowed: false, status: 403, reason: 'role-not-allowed' };
  return { allowed: true };
}
