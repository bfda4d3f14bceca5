/**
 * Authentication and authorization of the gateway (docs/decisions/0010-authentication.md).
 *
 * - People log in (`POST /api/v1/auth/login`) and get a session cookie `cw.sid` (Redis-backed).
 * - Machine clients send `Authorization: Bearer <API key>`; keys are stored as sha256 hashes.
 * - Every route and Socket.IO namespace is listed with its roles in `policy.ts`.
 * - In routes the principal is `res.locals.actor` (`Principal`); in sockets `socket.data.actor`.
 */
import type { Connection } from 'mongoose';
import type { Logger, Redis } from '@cw/platform';
import type { Server } from 'socket.io';
import { authRoutes, type LoginLimit } from './auth.routes.js';
import { adminRoutes } from './admin.routes.js';
import { authenticate, authorize } from './authenticate.js';
import { createSessions, resolveSessionSecret, type Sessions } from './sessions.js';
import { bindSocketAuthenticator, cutSockets, protectNamespaces } from './socket-auth.js';
import { createUserStore, type UserStore } from './user-store.js';

export { POLICY, SOCKET_POLICY, GUARDED_PREFIXES, policyFor, decide, decideAllowed, isGuardedPath, type PolicyEntry, type Allowed, type Decision, type Method } from './policy.js';
export { requireRoles, authenticate, authorize, logRefusal } from './authenticate.js';
export { socketAuth, protectNamespaces, bindSocketAuthenticator, cutSockets, principalRoom, sessionRoom } from './socket-auth.js';
export { passwordProblems, assertPasswordPolicy } from './password-policy.js';
export { sameOrigin } from './same-origin.js';
export { canSeeCase, scopeCaseFilter } from './scope.js';
export { hashPassword, verifyPassword } from './passwords.js';
export { generateApiKey, hashApiKey, apiKeyActorId } from './api-keys.js';
export { createUserStore, AUTH_COLLECTIONS, type UserStore, type UserDoc, type ApiKeyDoc } from './user-store.js';
export { assertDistrictsFor } from './admin.routes.js';
export { listRoutes } from './routes-list.js';
export { SESSION_COOKIE } from './sessions.js';
export { UnauthenticatedError, ForbiddenError } from './errors.js';
export { envelopeActorOf, type Principal } from './principal.js';

export interface AuthOptions {
  mongo: Connection;
  redis: Redis;
  logger: Logger;
  /** KAFKA_TOPIC_PREFIX: keeps sessions, secrets and rate-limit counters of parallel systems apart. */
  prefix: string;
  sessionSecret?: string;
  sessionTtlSeconds: number;
  loginLimit: LoginLimit;
  /** CW_BOOTSTRAP_API_KEY: an admin key with this value is created or refreshed at start (a revoked one stays revoked). */
  bootstrapApiKey?: string;
}

export interface Auth {
  store: UserStore;
  sessions: Sessions;
  authenticate: ReturnType<typeof authenticate>;
  authorize: ReturnType<typeof authorize>;
  authRoutes: ReturnType<typeof authRoutes>;
  adminRoutes: (listRoutes: () => { method: string; path: string }[]) => ReturnType<typeof adminRoutes>;
  /** Binds the authenticator to a Socket.IO server and applies SOCKET_POLICY to its namespaces. */
  protectSockets: (io: Server) => void;
}


export async function startAuth(opts: AuthOptions): Promise<Auth> {
  const logger = opts.logger.child({ component: 'auth' });
  const store = createUserStore(opts.mongo);
  const secret = await resolveSessionSecret(opts.redis, opts.prefix, opts.sessionSecret);
  const sessions = createSessions({ redis: opts.redis, prefix: opts.prefix, secret, ttlSeconds: opts.sessionTtlSeconds });
  // Sockets to close when an account, a key or a session ends (the server is bound in protectSockets).
  let io: Server | undefined;
  const cut = (rooms: string[]) => { if (io) cutSockets(io, rooms); };
  if (opts.bootstrapApiKey) {
    const doc = await store.putKnownKey(opts.bootstrapApiKey, { name: 'bootstrap', role: 'admin', districts: [], createdBy: 'CW_BOOTSTRAP_API_KEY' });
    if (doc.disabled) logger.warn({ keyId: `key:${doc._id.slice(0, 12)}` }, 'CW_BOOTSTRAP_API_KEY names a key an admin revoked: it stays revoked (choose a new value, or remove the variable)');
    else logger.info({ keyId: `key:${doc._id.slice(0, 12)}` }, 'bootstrap admin API key ready');
  }
  return {
    store,
    sessions,
    authenticate: authenticate(store),
    authorize: authorize(logger),
    authRoutes: authRoutes({ store, sessions, redis: opts.redis, prefix: opts.prefix, limit: opts.loginLimit, cutSockets: cut }),
    adminRoutes: (listRoutes) => adminRoutes({ store, sessions, cutSockets: cut, listRoutes }),
    protectSockets: (server) => {
      io = server;
      bindSocketAuthenticator(server, { store, sessions, logger });
      protectNamespaces(server);
    },
  };
}
