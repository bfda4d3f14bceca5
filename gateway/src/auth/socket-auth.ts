import type { Server, Socket } from 'socket.io';
import type { Logger } from '@cw/platform';
import type { Role } from '@cw/contracts';
import { decideAllowed, SOCKET_POLICY, type Allowed } from './policy.js';
import type { Principal } from './principal.js';
import type { Sessions } from './sessions.js';
import { principalOfKey, principalOfUser, type UserStore } from './user-store.js';

export interface SocketAuthenticator {
  principalOf(socket: Socket): Promise<{ principal: Principal; sid?: string } | undefined>;
  logger: Logger;
}

/** Rooms every authenticated socket joins, so an account or a session can be cut off anywhere. */
export const principalRoom = (principalId: string) => `auth:p:${principalId}`;
export const sessionRoom = (sid: string) => `auth:s:${sid}`;

/**
 * Disconnects, on every gateway instance (the Redis adapter carries it), the sockets of these rooms
 * in every namespace of SOCKET_POLICY: a disabled account, a revoked key, a logged-out session.
 */
export function cutSockets(io: Server, rooms: string[]): void {
  if (rooms.length === 0) return;
  for (const name of Object.keys(SOCKET_POLICY)) io.of(name).in(rooms).disconnectSockets(true);
}

const authenticators = new WeakMap<object, SocketAuthenticator>();

/** Ties the authenticator to a Socket.IO server, so `socketAuth` works on any of its namespaces. */
export function bindSocketAuthenticator(io: Server, deps: { store: UserStore; sessions: Sessions; logger: Logger }): void {
  authenticators.set(io, {
    logger: deps.logger,
    async principalOf(socket) {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token === 'string' && token !== '') {
        const key = await deps.store.findKey(token);
        return key && !key.disabled ? { principal: principalOfKey(key) } : undefined;
      }
      const session = await deps.sessions.fromCookieHeader(socket.handshake.headers.cookie);
      if (!session) return undefined;
      const user = await deps.store.findUser(session.userId);
      return user && !user.disabled ? { principal: principalOfUser(user), sid: session.sid } : undefined;
    },
  });
}

type NamespaceMiddleware = (socket: Socket, next: (err?: Error) => void) => void;

/**
 * Namespace middleware: authenticates the handshake from the session cookie or from
 * `auth.token` (an API key), sets `socket.data.actor` and refuses others with an Error whose
 * message is `unauthorized` (no valid credentials) or `forbidden` (role not allowed).
 * Use it as `nsp.use(socketAuth({ roles: [...] }))`, or list the namespace in SOCKET_POLICY.
 */
export function socketAuth(opts: { roles: Allowed | readonly Role[] }): NamespaceMiddleware {
  return (socket, next) => {
    const authn = authenticators.get(socket.nsp.server);
    if (!authn) { next(new Error('unauthorized')); return; }
    authn.principalOf(socket).then((who) => {
      const principal = who?.principal;
      const d = decideAllowed(opts.roles, principal);
      if (d.allowed) {
        if (principal) {
          (socket.data as { actor?: Principal }).actor = principal;
          void socket.join([principalRoom(principal.id), ...(who?.sid ? [sessionRoom(who.sid)] : [])]);
        }
        next();
        return;
      }
      authn.logger.warn({ userId: principal?.id ?? null, role: principal?.role ?? null, kind: principal?.kind ?? null, method: 'WS', route: socket.nsp.name, reason: d.reason }, 'access refused');
      next(new Error(d.status === 401 ? 'unauthorized' : 'forbidden'));
    }, (err: unknown) => {
      authn.logger.warn({ err, route: socket.nsp.name }, 'socket authentication failed');
      next(new Error('unauthorized'));
    });
  };
}

/** Applies SOCKET_POLICY: every namespace listed there gets `socketAuth` with its roles. */
export function protectNamespaces(io: Server): void {
  for (const [name, roles] of Object.entries(SOCKET_POLICY)) io.of(name).use(socketAuth({ roles }));
}
