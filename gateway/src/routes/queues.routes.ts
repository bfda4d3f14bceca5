import { Router } from 'express';
import type { Connection } from 'mongoose';
import { AppError, ValidationError } from '@cw/platform';
import { COLLECTIONS, type CaseDoc } from '@cw/contracts';
import { countdownsToday } from '../console/deadline-view.js';

/** The principal as authentication leaves it in `res.locals.actor`. */
export interface QueueActor {
  id: string;
  role: string;
  districts?: string[];
}

/** Roles that see every district's queue. */
const ALL_DISTRICTS = ['supervisor', 'admin'];

export function mayWatchDistrict(actor: QueueActor, district: string): boolean {
  return ALL_DISTRICTS.includes(actor.role) || (actor.districts ?? []).includes(district);
}

/** What a queue row shows: no narrative, no consumer (the case page has the masked details). */
export function toQueueItem(doc: CaseDoc, warnWorkingDays = 2) {
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
    deadlines: countdownsToday(doc.deadlines, warnWorkingDays),
  };
}

const QUEUE_SORT = { nextDueDate: 1, receivedAtDate: 1, _id: 1 } as const;
const LIMIT = 200;

/**
 * The mediators' console lists: `GET /api/v1/queues/mine` (open cases assigned to me) and
 * `GET /api/v1/queues/districts/:district` (open cases of a district nobody has claimed yet),
 * nearest deadline first. Enforcement officers see reports only, as in the case API.
 * PARTIAL: both filter the cases collection (FerretDB scans it); see decision 0011 for the
 * projection that would replace this at volume.
 */
export function queuesRoutes(deps: { mongo: Connection }) {
  const router = Router();
  const cases = deps.mongo.collection<CaseDoc>(COLLECTIONS.cases);
  const kindScope = (actor: QueueActor): { kind?: 'report' } => (actor.role === 'enforcement' ? { kind: 'report' } : {});

  router.get('/mine', async (_req, res) => {
    const actor = res.locals.actor as QueueActor;
    const items = await cases.find({ assignee: actor.id, status: { $ne: 'closed' }, ...kindScope(actor) }).sort(QUEUE_SORT).limit(LIMIT).toArray();
    res.set('cache-control', 'no-store');
    res.json({ items: items.map((d) => toQueueItem(d)) });
  });

  router.get('/districts/:district', async (req, res) => {
    const actor = res.locals.actor as QueueActor;
    const district = String(req.params.district);
    if (!/^[0-9A-Z-]{6,16}$/.test(district)) {
      throw new ValidationError('district is not a district code', [{ pointer: '/district', rule: 'pattern', message: 'must be a district code such as 441521' }]);
    }
    if (!mayWatchDistrict(actor, district)) throw new AppError(`Not your district: ${district}`, { code: 'FORBIDDEN', httpStatus: 403 });
    const items = await cases.find({ district, assignee: { $exists: false }, status: { $ne: 'closed' }, ...kindScope(actor) }).sort(QUEUE_SORT).limit(LIMIT).toArray();
    res.set('cache-control', 'no-store');
    res.json({ district, items: items.map((d) => toQueueItem(d)) });
  });

  return router;
}
