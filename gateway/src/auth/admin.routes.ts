import { Router } from 'express';
import { ValidationError } from '@cw/platform';
import {
  DISTRICT_SCOPED_ROLES, validateCreateApiKeyRequest, validateCreateUserRequest, type Role,
} from '@cw/contracts';
import { requireJson } from '../problem.js';
import type { Principal } from './principal.js';
import { apiKeyActorId } from './api-keys.js';
import { userViewOf, type UserStore } from './user-store.js';

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
 */
export function adminRoutes(deps: { store: UserStore; listRoutes: () => { method: string; path: string }[] }): Router {
  const router = Router();

  router.post('/users', requireJson, async (req, res) => {
    const body = validateCreateUserRequest.assert(req.body, 'user');
    const districts = assertDistrictsFor(body.role, body.districts);
    const doc = await deps.store.putUser({ ...body, districts });
    res.status(201).location(`/api/v1/admin/users/${doc._id}`).json({ user: userViewOf(doc) });
  });

  router.get('/users', async (_req, res) => {
    const docs = await deps.store.listUsers();
    res.json({ items: docs.map((u) => ({ ...userViewOf(u), disabled: u.disabled, createdAt: u.createdAt })) });
  });

  router.post('/api-keys', requireJson, async (req, res) => {
    const body = validateCreateApiKeyRequest.assert(req.body, 'API key');
    const districts = assertDistrictsFor(body.role, body.districts);
    const { key, doc } = await deps.store.createKey({ name: body.name, role: body.role, districts, createdBy: (res.locals.actor as Principal).id });
    res.status(201).json({ key, id: apiKeyActorId(doc._id), name: doc.name, role: doc.role, districts: doc.districts });
  });

  router.get('/routes', (_req, res) => {
    res.json({ routes: deps.listRoutes() });
  });

  return router;
}
