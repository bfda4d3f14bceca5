import { Router, type Request } from 'express';
import { rateLimit, ipKeyGenerator } from 'express-rate-limit';
import { RedisStore as RateLimitRedisStore, type RedisReply } from 'rate-limit-redis';
import type { Redis } from '@cw/platform';
import { AppError, ValidationError } from '@cw/platform';
import { validateChangePasswordRequest, validateLoginRequest } from '@cw/contracts';
import { requireJson, problemOf, sendProblem } from '../problem.js';
import { UnauthenticatedError } from './errors.js';
import { verifyPassword } from './passwords.js';
import { assertPasswordPolicy } from './password-policy.js';
import type { Principal } from './principal.js';
import { SESSION_COOKIE, type Sessions } from './sessions.js';
import { sessionRoom } from './socket-auth.js';
import { noteAudit } from '../audit/audit-trail.js';
import { userViewOf, type UserStore } from './user-store.js';

export interface LoginLimit {
  /** Attempts allowed per IP + username in `windowMs` (successful logins do not count). */
  max: number;
  windowMs: number;
}

const usernameOf = (req: Request) => {
  const u = (req.body as { username?: unknown } | undefined)?.username;
  return typeof u === 'string' ? u.slice(0, 64).toLowerCase() : '';
};

/** Failed attempts per key in a window, counted in Redis (shared by every gateway instance). */
function attemptLimiter(deps: { redis: Redis; prefix: string; limit: LoginLimit }, name: string, keyOf: (req: Request) => string, what: string) {
  return rateLimit({
    windowMs: deps.limit.windowMs,
    limit: deps.limit.max,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    keyGenerator: keyOf,
    store: new RateLimitRedisStore({
      prefix: `${deps.prefix}rl:${name}:`,
      sendCommand: (command: string, ...args: string[]) => deps.redis.call(command, ...args) as Promise<RedisReply>,
    }),
    handler: (_req, res, _next, options) => {
      sendProblem(res, problemOf(429, `Too many ${what}; try again later`, 'TOO_MANY_REQUESTS', { retryAfterSeconds: Math.ceil(options.windowMs / 1000) }));
    },
  });
}

/**
 * `POST /login`, `POST /logout`, `GET /me`, `POST /password` (mounted at `/api/v1/auth`). One answer
 * for an unknown user and a wrong password; the session id is regenerated at login (no fixation);
 * logout ends the session and closes its sockets; a new password ends every other session.
 */
export function authRoutes(deps: { store: UserStore; sessions: Sessions; redis: Redis; prefix: string; limit: LoginLimit; cutSockets: (rooms: string[]) => void }): Router {
  const router = Router();
  const limiter = attemptLimiter(deps, 'login', (req) => `${ipKeyGenerator(req.ip ?? 'unknown')}|${usernameOf(req)}`, 'login attempts');
  const passwordLimiter = attemptLimiter(deps, 'password', (req) => `${(req.res?.locals.actor as Principal | undefined)?.id ?? ipKeyGenerator(req.ip ?? 'unknown')}`, 'password attempts');

  router.post('/login', requireJson, limiter, async (req, res) => {
    noteAudit(res, { action: 'login' });
    const { username, password } = validateLoginRequest.assert(req.body, 'login');
    const user = await deps.store.findUser(username);
    const ok = await verifyPassword(user && !user.disabled ? user.passwordHash : undefined, password);
    if (!user || !ok) throw new UnauthenticatedError('Invalid username or password', 'INVALID_CREDENTIALS');
    await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
    req.session.userId = user._id;
    await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
    await deps.sessions.remember(user._id, req.sessionID);
    res.json({ user: userViewOf(user) });
  });

  router.post('/logout', async (req, res) => {
    noteAudit(res, { action: 'logout' });
    const userId = req.session?.userId;
    if (userId) {
      const sid = req.sessionID;
      await new Promise<void>((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
      await deps.sessions.forget(userId, sid);
      deps.cutSockets([sessionRoom(sid)]);
    }
    res.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax' });
    res.status(204).end();
  });

  router.post('/password', requireJson, passwordLimiter, async (req, res) => {
    noteAudit(res, { action: 'password:change' });
    const p = res.locals.actor as Principal;
    if (p.kind !== 'user' || !req.session?.userId) throw new AppError('An API key has no password: log in as a person to change yours', { code: 'NOT_A_PASSWORD_ACCOUNT', httpStatus: 409 });
    const body = validateChangePasswordRequest.assert(req.body, 'password change');
    const user = await deps.store.findUser(p.id);
    if (!user || !(await verifyPassword(user.passwordHash, body.currentPassword))) {
      throw new ValidationError('The current password is not right', [{ pointer: '/currentPassword', rule: 'matchesCurrent', message: 'is not your current password' }]);
    }
    if (body.newPassword === body.currentPassword) {
      throw new ValidationError('The new password is the current one', [{ pointer: '/newPassword', rule: 'differsFromCurrent', message: 'must differ from the current password' }]);
    }
    assertPasswordPolicy(body.newPassword, { username: user._id, name: user.name }, '/newPassword');
    await deps.store.setPassword(user._id, body.newPassword);
    // Everyone else holding this account's sessions is logged out; this session stays.
    const ended = await deps.sessions.endAllOf(user._id, req.sessionID);
    deps.cutSockets(ended.map(sessionRoom));
    noteAudit(res, { target: `user:${user._id}`, changes: [{ field: 'password', before: null, after: 'changed' }] });
    res.status(204).end();
  });

  router.get('/me', (_req, res) => {
    const p = res.locals.actor as Principal;
    res.json({ user: { id: p.id, name: p.name ?? p.id, role: p.role, districts: p.districts, kind: p.kind } });
  });

  return router;
}
