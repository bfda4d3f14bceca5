import { Router } from 'express';
import type { Connection } from 'mongoose';
import { ValidationError } from '@cw/platform';
import { COLLECTIONS, type CaseDoc } from '@cw/contracts';
import { ForbiddenError, scopeCaseFilter, type Principal } from '../auth/index.js';
import { NATIONAL_COUNTDOWNS, countdownsToday, type Countdowns } from '../console/deadline-view.js';

/** Roles that see every district's queue; mediators and enforcement officers see their own districts. */
const ALL_DISTRICTS = ['supervisor', 'admin'];

export function mayWatchDistrict(actor: Pick<Principal, 'role' | 'districts'>, district: string): boolean {
  return ALL_DISTRICTS.includes(actor.role) || (actor.districts ?? []).includes(district);
}

/** What a queue row shows: no narrative, no consumer (the case page has the masked details). */
export function toQueueItem(doc: CaseDoc, countdowns: Countdowns = NATIONAL_COUNTDOWNS) {
  return {
    caseId: doc._id,
    caseNo: doc.caseNo,
    kind: doc.kind,
    status: doc.status,
    category: doc.category ?? null,
    district: doc.district ?? null,
    queue: doc.queue ?? null,
    assignee: doc.assignee ?? null,
    receivedAt: doc.registration.receivedAt,
    summary: doc.registration.summary,
    businessName: doc.registration.business.name,
    version: doc.version,
    nextDueDate: doc.nextDueDate ?? null,
    deadlines: countdownsToday(doc.deadlines, countdowns),
  };
}

const QUEUE_SORT = { nextDueDate: 1, receivedAtDate: 1, _id: 1 } as const;
const LIMIT = 200;

/**
 * The mediators' console lists: `GET /api/v1/queues/mine` (cases assigned to me that are open or
 * still have a clock running, such as the termination notice after a closure) and
 * `GET /api/v1/queues/districts/:district` (open cases of a district nobody has claimed yet),
 * nearest deadline first, within the principal's case scope (auth/scope.ts: own districts for
 * mediators, reports of own districts for enforcement officers).
 * PARTIAL: both filter the cases collection (FerretDB scans it); see decision 0011 for the
 * projection that would replace this at volume.
 */
export function queuesRoutes(deps: { mongo: Connection; countdowns?: () => Countdowns }) {
  const router = Router();
  const cases = deps.mongo.collection<CaseDoc>(COLLECTIONS.cases);
  const list = async (principal: Principal, filter: Record<string, unknown>) => {
    const scoped = scopeCaseFilter(principal, filter);
    if (scoped === null) return [];
    const docs = await cases.find(scoped).sort(QUEUE_SORT).limit(LIMIT).toArray();
    const countdowns = deps.countdowns?.() ?? NATIONAL_COUNTDOWNS;
    return docs.map((d) => toQueueItem(d, countdowns));
  };

  router.get('/mine', async (_req, res) => {
    const actor = res.locals.actor as Principal;
    res.set('cache-control', 'no-store');
    // Open cases, and closed ones that still owe something: the parties' termination notice, a 12345 reply.
    res.json({ items: await list(actor, { assignee: actor.id, $or: [{ status: { $ne: 'closed' } }, { nextDueDate: { $exists: true } }] }) });
  });

  router.get('/districts/:district', async (req, res) => {
    const actor = res.locals.actor as Principal;
    const district = String(req.params.district);
    if (!/^[0-9A-Z-]{6,16}$/.test(district)) {
      throw new ValidationError('district is not a district code', [{ pointer: '/district', rule: 'pattern', message: 'must be a district code such as 441521' }]);
    }
    if (!mayWatchDistrict(actor, district)) throw new ForbiddenError(`Not one of your districts: ${district}`);
    res.set('cache-control', 'no-store');
    res.json({ district, items: await list(actor, { district, assignee: { $exists: false }, status: { $ne: 'closed' } }) });
  });

  return router;
}
