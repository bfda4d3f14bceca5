import type { Request, RequestHandler, Response } from 'express';
import { NotFoundError, type Logger } from '@cw/platform';
import type { Role } from '@cw/contracts';
import { ForbiddenError, UnauthenticatedError } from './errors.js';
import { decide, decideAllowed, isGuardedPath, policyFor, type Decision } from './policy.js';
import type { Principal } from './principal.js';
import { principalOfKey, principalOfUser, type UserStore } from './user-store.js';

const BEARER = /^Bearer ([A-Za-z0-9_-]{16,200})$/;

/** The principal of a request: an API key (`Authorization: Bearer`) wins over the session cookie. */
export async function principalOf(req: Request, store: UserStore): Promise<Principal | undefined> {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const m = BEARER.exec(header);
    if (!m) throw new UnauthenticatedError('Authorization header must be "Bearer <API key>"');
    const key = await store.findKey(m[1]!);
    if (!key || key.disabled) throw new UnauthenticatedError('Invalid API key');
    return principalOfKey(key);
  }
  const userId = req.session?.userId;
  if (!userId) return undefined;
  const user = await store.findUser(userId);
  if (!user || user.disabled) {
    // The account was removed or disabled after login: the session ends here.
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    return undefined;
  }
  return principalOfUser(user);
}

/** Logs a refused access: who, which route, why. Never personal data. */
export function logRefusal(logger: Logger, req: Request, res: Response, route: string, reason: string): void {
  const p = res.locals.actor as Principal | undefined;
  // The audit trail records it as a refusal even when the answer is a 404 (a case out of scope).
  res.locals.audit = { ...(res.locals.audit as object | undefined), refusal: reason };
  logger.warn({ userId: p?.id ?? null, role: p?.role ?? null, kind: p?.kind ?? null, method: req.method, route, reason }, 'access refused');
}

/** Sets `res.locals.actor` when the request carries valid credentials; a bad API key is a 401. */
export function authenticate(store: UserStore): RequestHandler {
  return async (req, res, next) => {
    const principal = await principalOf(req, store);
    if (principal) res.locals.actor = principal;
    next();
  };
}

const refusalError = (d: Exclude<Decision, { allowed: true }>, what: string) =>
  d.status === 401 ? new UnauthenticatedError() : d.status === 403 ? new ForbiddenError() : new NotFoundError(`No route for ${what}`);

/**
 * Enforces the policy table on every path under a guarded prefix: the table is the only place that
 * says who may call what. Browsers asking for an admin page without a session go to `/login`.
 */
export function authorize(logger: Logger): RequestHandler {
  return (req, res, next) => {
    if (!isGuardedPath(req.path)) { next(); return; }
    const entry = policyFor(req.method, req.path);
    const d = decide(entry, res.locals.actor as Principal | undefined);
    if (d.allowed) { next(); return; }
    logRefusal(logger, req, res, entry?.path ?? req.path, d.reason);
    if (d.status === 401 && !req.path.startsWith('/api/') && req.accepts(['json', 'html']) === 'html') {
      res.redirect(302, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    throw refusalError(d, `${req.method} ${req.path}`);
  };
}

/** Route-level guard for code outside the table's prefixes (the table stays the primary place). */
export function requireRoles(...roles: Role[]): RequestHandler {
  return (req, res, next) => {
    const d = decideAllowed(roles, res.locals.actor as Principal | undefined);
    if (d.allowed) { next(); return; }
    const logger = req.app.locals.authLogger as Logger | undefined;
    if (logger) logRefusal(logger, req, res, `${req.baseUrl}${(req.route as { path?: string } | undefined)?.path ?? req.path}`, d.reason);
    throw refusalError(d, '');
  };
}
