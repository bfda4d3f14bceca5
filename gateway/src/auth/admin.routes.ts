import { Router } from 'express';
import { AppError, NotFoundError, ValidationError } from '@cw/platform';
import {
  DISTRICT_SCOPED_ROLES, validateCreateApiKeyRequest, validateCreateUserRequest, validateUpdateUserRequest, type Role,
} from '@cw/contracts';
import { requireJson } from '../problem.js';
import type { Principal } from './principal.js';
import { apiKeyActorId } from './api-keys.js';
import { assertPasswordPolicy } from './password-policy.js';
import type { Sessions } from './sessions.js';
import { principalRoom } from './socket-auth.js';
import { noteAudit } from '../audit/audit-trail.js';
import { keyViewOf, userViewOf, type UserDoc, type UserStore } from './user-store.js';

const adminUserView = (u: Omit<UserDoc, 'passwordHash'>) => ({
  ...userViewOf(u), disabled: u.disabled, createdAt: u.createdAt,
  ...(u.passwordChangedAt ? { passwordChangedAt: u.passwordChangedAt } : {}),
  ...(u.disabledAt ? { disabledAt: u.disabledAt, disabledBy: u.disabledBy ?? null } : {}),
});

/** Mediators and enforcement officers must name their districts; other roles have none. */
export function assertDistrictsFor(role: Role, districts: string[] | undefined): string[] {
  if (DISTRICT_SCOPED_ROLES.includes(role)) {
    if (!districts || districts.length === 0) {
      throw new ValidationError(`A ${role} needs at least one district`, [{ pointer: '/districts', rule: 'minItems', message: `required for role ${role}` }]);
    }
    return districts;
  }
  if (districts && districts.length > 0) {
    throw new ValidationError(`Role ${role} is not limited to districts`, [{ pointer: '/districts', rule: 'maxItems', message: `only ${DISTRICT_SCOPED_ROLES.join(' and ')} have districts` }]);
  }
  return [];
}

/**
 * User and API-key administration (mounted at `/api/v1/admin`, admin only by the policy table), and
 * `GET /routes`: the routes Express has mounted, so the policy table can be audited against them.
 * Disabling a user or revoking a key ends its sessions and closes its sockets at once.
 */
export function adminRoutes(deps: { store: UserStore; sessions: Sessions; cutSockets: (rooms: string[]) => void; listRoutes: () => { method: string; path: string }[] }): Router {
  const router = Router();
  const by = (res: { locals: Record<string, unknown> }) => (res.locals.actor as Principal).id;

  router.post('/users', requireJson, async (req, res) => {
    noteAudit(res, { action: 'user:create' });
    const body = validateCreateUserRequest.assert(req.body, 'user');
    noteAudit(res, { target: `user:${body.username}` });
    const districts = assertDistrictsFor(body.role, body.districts);
    assertPasswordPolicy(body.password, { username: body.username, name: body.name });
    const doc = await deps.store.putUser({ ...body, districts });
    noteAudit(res, { changes: [{ field: 'role', before: null, after: doc.role }, { field: 'districts', before: null, after: doc.districts }] });
    res.status(201).location(`/api/v1/admin/users/${doc._id}`).json({ user: userViewOf(doc) });
  });

  router.get('/users', async (_req, res) => {
    const docs = await deps.store.listUsers();
    res.json({ items: docs.map(adminUserView) });
  });

  router.patch('/users/:username', requireJson, async (req, res) => {
    const body = validateUpdateUserRequest.assert(req.body, 'user change');
    const username = String(req.params.username);
    noteAudit(res, { action: body.disabled === true ? 'user:disable' : body.disabled === false ? 'user:enable' : 'user:set-password', target: `user:${username}` });
    const user = await deps.store.findUser(username);
    if (!user) throw new NotFoundError(`No user ${username}`);
    if (body.disabled === true && username === by(res)) {
      throw new AppError('You cannot disable your own account', { code: 'CANNOT_DISABLE_SELF', httpStatus: 409 });
    }
    if (body.password !== undefined) {
      assertPasswordPolicy(body.password, { username, name: user.name });
      await deps.store.setPassword(username, body.password);
    }
    if (body.disabled !== undefined && body.disabled !== user.disabled) await deps.store.setDisabled(username, body.disabled, by(res));
    // A disabled account or a password set by an admin: every session of the account ends now.
    if (body.disabled === true || body.password !== undefined) {
      await deps.sessions.endAllOf(username);
      deps.cutSockets([principalRoom(username)]);
    }
    const { passwordHash: _hash, ...view } = (await deps.store.findUser(username)) ?? user;
    noteAudit(res, { changes: [
      ...(body.disabled !== undefined ? [{ field: 'disabled', before: user.disabled, after: view.disabled }] : []),
      ...(body.password !== undefined ? [{ field: 'password', before: null, after: 'changed' }] : []),
    ] });
    res.json({ user: adminUserView(view) });
  });

  router.post('/api-keys', requireJson, async (req, res) => {
    noteAudit(res, { action: 'api-key:create' });
    const body = validateCreateApiKeyRequest.assert(req.body, 'API key');
    const districts = assertDistrictsFor(body.role, body.districts);
    const { key, doc } = await deps.store.createKey({ name: body.name, role: body.role, districts, createdBy: by(res) });
    noteAudit(res, { target: apiKeyActorId(doc._id), changes: [{ field: 'role', before: null, after: doc.role }] });
    res.status(201).json({ key, id: apiKeyActorId(doc._id), name: doc.name, role: doc.role, districts: doc.districts });
  });

  router.get('/api-keys', async (_req, res) => {
    res.json({ items: (await deps.store.listKeys()).map(keyViewOf) });
  });

  const keyOr404 = async (keyId: string) => {
    const key = await deps.store.findKeyById(keyId);
    if (!key) throw new NotFoundError(`No API key ${keyId}`);
    return key;
  };

  router.post('/api-keys/:keyId/revoke', async (req, res) => {
    noteAudit(res, { action: 'api-key:revoke', target: String(req.params.keyId) });
    const key = await keyOr404(String(req.params.keyId));
    const after = (await deps.store.revokeKey(key._id, by(res))) ?? key;
    noteAudit(res, { changes: [{ field: 'disabled', before: key.disabled, after: true }] });
    deps.cutSockets([principalRoom(apiKeyActorId(key._id))]);
    res.json({ key: keyViewOf(after) });
  });

  router.post('/api-keys/:keyId/rotate', async (req, res) => {
    noteAudit(res, { action: 'api-key:rotate', target: String(req.params.keyId) });
    const old = await keyOr404(String(req.params.keyId));
    if (old.disabled) throw new AppError(`API key ${req.params.keyId} is revoked; create a new one`, { code: 'KEY_REVOKED', httpStatus: 409 });
    const { key, doc } = await deps.store.rotateKey(old, by(res));
    deps.cutSockets([principalRoom(apiKeyActorId(old._id))]);
    noteAudit(res, { changes: [{ field: 'replacedBy', before: null, after: apiKeyActorId(doc._id) }] });
    res.status(201).json({ key, id: apiKeyActorId(doc._id), name: doc.name, role: doc.role, districts: doc.districts, replaces: apiKeyActorId(old._id) });
  });

  router.get('/routes', (_req, res) => {
    res.json({ routes: deps.listRoutes() });
  });

  return router;
}
