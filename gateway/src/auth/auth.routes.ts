import { Router, type Request } from 'express';
import { rateLimit, ipKeyGenerator } from 'express-rate-limit';
import { RedisStore as RateLimitRedisStore, type RedisReply } from 'rate-limit-redis';
import type { Redis } from '@cw/platform';
import { validateLoginRequest } from '@cw/contracts';
import { requireJson, problemOf, sendProblem } from '../problem.js';
import { UnauthenticatedError } from './errors.js';
import { verifyPassword } from './passwords.js';
import type { Principal } from './principal.js';
import { SESSION_COOKIE } from './sessions.js';
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

/**
 * `POST /login`, `POST /logout`, `GET /me` (mounted at `/api/v1/auth`). One answer for an unknown
 * user and a wrong password; the session id is regenerated at login (no fixation).
 */
export function authRoutes(deps: { store: UserStore; redis: Redis; prefix: string; limit: LoginLimit }): Router {
  const router = Router();
  const limiter = rateLimit({
    windowMs: deps.limit.windowMs,
    limit: deps.limit.max,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? 'unknown')}|${usernameOf(req)}`,
    store: new RateLimitRedisStore({
      prefix: `${deps.prefix}rl:login:`,
      sendCommand: (command: string, ...args: string[]) => deps.redis.call(command, ...args) as Promise<RedisReply>,
    }),
    handler: (_req, res, _next, options) => {
      sendProblem(res, problemOf(429, 'Too many login attempts; try again later', 'TOO_MANY_REQUESTS', { retryAfterSeconds: Math.ceil(options.windowMs / 1000) }));
    },
  });

  router.post('/login', requireJson, limiter, async (req, res) => {
    const { username, password } = validateLoginRequest.assert(req.body, 'login');
    const user = await deps.store.findUser(username);
    const ok = await verifyPassword(user && !user.disabled ? user.passwordHash : undefined, password);
    if (!user || !ok) throw new UnauthenticatedError('Invalid username or password', 'INVALID_CREDENTIALS');
    await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
    req.session.userId = user._id;
    await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
    res.json({ user: userViewOf(user) });
  });

  router.post('/logout', async (req, res) => {
    if (req.session?.userId) {
      await new Promise<void>((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
    }
    res.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax' });
    res.status(204).end();
  });

  router.get('/me', (_req, res) => {
    const p = res.locals.actor as Principal;
    res.json({ user: { id: p.id, name: p.name ?? p.id, role: p.role, districts: p.districts, kind: p.kind } });
  });

  return router;
}
