import type { RequestHandler } from 'express';
import { ValidationError } from '@cw/platform';

export const ROLES = ['operator', 'mediator', 'enforcement', 'supervisor', 'council', 'admin'] as const;

/**
 * PARTIAL — no authentication yet (issue 6). Until sessions and API keys exist, the acting user
 * is taken from the `X-Actor-Id` / `X-Actor-Role` headers, so the workflow can record who did what
 * and enforce assignee rules. This trusts the caller and must not face the internet.
 */
export const actorFromHeaders: RequestHandler = (req, res, next) => {
  const id = req.header('x-actor-id') ?? 'anonymous';
  const role = req.header('x-actor-role') ?? 'operator';
  if (!/^[\w.@-]{1,100}$/.test(id)) throw new ValidationError('X-Actor-Id is invalid', [{ pointer: '/headers/x-actor-id', rule: 'pattern', message: 'letters, digits, . _ @ - (max 100)' }]);
  if (!(ROLES as readonly string[]).includes(role)) throw new ValidationError('X-Actor-Role is invalid', [{ pointer: '/headers/x-actor-role', rule: 'enum', message: `must be one of ${ROLES.join(', ')}` }]);
  // districts is not enumerable so the envelope's actor stays { id, role } (goes away with authentication).
  res.locals.actor = Object.defineProperty({ id, role }, 'districts', { value: (req.header('x-actor-districts') ?? '').split(',').filter(Boolean), enumerable: false });
  next();
};

/** PARTIAL, as above, for Socket.IO namespaces: X-Actor-Id / X-Actor-Role / X-Actor-Districts (comma-separated) of the handshake. */
export const socketActorFromHeaders = (socket: { handshake: { headers: Record<string, string | string[] | undefined> }; data: Record<string, unknown> }, next: (err?: Error) => void) => {
  const h = (n: string) => { const v = socket.handshake.headers[n]; return Array.isArray(v) ? v[0] : v; };
  const id = h('x-actor-id');
  const role = h('x-actor-role') ?? 'mediator';
  if (!id || !/^[\w.@-]{1,100}$/.test(id) || !(ROLES as readonly string[]).includes(role)) { next(new Error('unauthenticated')); return; }
  socket.data.actor = { id, role, districts: (h('x-actor-districts') ?? '').split(',').filter(Boolean) };
  next();
};
