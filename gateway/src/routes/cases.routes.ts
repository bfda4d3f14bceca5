import { Router, type Request, type Response } from 'express';
import type { Connection } from 'mongoose';
import { NotFoundError, ValidationError, maskIdNumber, maskName, maskPhone, type Logger } from '@cw/platform';
import { COLLECTIONS, CASE_KINDS, CATEGORY_CODES, APPROVER_ROLES, OVERRIDE_ROLES, eventsOfCase, upcastEvent, type CaseDoc, type PublicCommandType } from '@cw/contracts';
import { NATIONAL_COUNTDOWNS, countdownsToday, type Countdowns } from '../console/deadline-view.js';
import { canSeeCase, decide, logRefusal, policyFor, scopeCaseFilter, type Principal } from '../auth/index.js';
import { assertKnownQuery } from '../query.js';
import { EXPORT_MAX_ROWS, sendCaseExport } from './cases-export.js';
import type { CodeNames, Lang } from './stats-export.js';

/** Personal data leaves the API masked (138****8000); the full values stay in the store. */
function maskPerson(p: { name: string; phone: string; idNumber?: string } | undefined) {
  if (!p) return undefined;
  return { name: maskName(p.name), phone: maskPhone(p.phone), ...(p.idNumber ? { idNumber: maskIdNumber(p.idNumber) } : {}) };
}

/**
 * The commands this principal may send to the case now: what the workflow says the case accepts
 * (`actions`, from its transition table), kept if the policy lets the role send commands at all
 * and the principal is who the action is for: an assignee's command for the assignee or an
 * override role, an approval for an approver role that is not the assignee.
 */
export function actionsFor(principal: Principal, doc: Pick<CaseDoc, '_id' | 'assignee' | 'actions'>): PublicCommandType[] {
  if (!decide(policyFor('POST', `/api/v1/cases/${encodeURIComponent(doc._id)}/commands`), principal).allowed) return [];
  const isAssignee = doc.assignee === principal.id;
  const may = { anyone: true, assignee: isAssignee || OVERRIDE_ROLES.includes(principal.role), approver: !isAssignee && APPROVER_ROLES.includes(principal.role) };
  return (doc.actions ?? []).filter((a) => may[a.by]).map((a) => a.type);
}

/** `countdowns`: the region's calendar, and how close a running deadline is shown as warned (same meaning as SLA_WARN_WORKING_DAYS). */
export function toCaseView(doc: CaseDoc, countdowns: Countdowns = NATIONAL_COUNTDOWNS) {
  const r = doc.registration;
  return {
    caseId: doc._id,
    caseNo: doc.caseNo,
    kind: doc.kind,
    channel: doc.channel,
    status: doc.status,
    category: doc.category ?? null,
    district: doc.district ?? null,
    queue: doc.queue ?? null,
    ruleSet: doc.ruleSet,
    receivedAt: r.receivedAt,
    version: doc.version,
    assignee: doc.assignee ?? null,
    routing: doc.routing ?? null,
    deadlines: countdownsToday(doc.deadlines, countdowns),
    sourceSystem: r.sourceSystem,
    sourceRef: r.sourceRef,
    linkedCaseIds: r.linkedCaseIds,
    workOrder: r.workOrder ?? null,
    /** A report opened on a lead found while mediating another case: which one, and when. */
    lead: r.lead ?? null,
    /** Earlier reports of the same reporter about the same business (flagged at intake): merge, or do not handle again. */
    possibleDuplicates: r.possibleDuplicates ?? [],
    business: r.business,
    summary: r.summary,
    narrative: r.narrative,
    claimAmountYuan: r.claimAmountYuan ?? null,
    anonymous: r.anonymous ?? false,
    consumer: maskPerson(r.consumer) ?? null,
    updatedAt: doc.updatedAt,
  };
}

export const CASE_FILTERS = ['queue', 'status', 'category', 'district', 'kind', 'sourceRef', 'assignee', 'channel'] as const;

function intParam(raw: unknown, name: string, min: number, max: number, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = typeof raw === 'string' ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ValidationError(`${name} must be an integer from ${min} to ${max}`, [{ pointer: `/${name}`, rule: 'range', message: `must be an integer from ${min} to ${max}` }]);
  }
  return n;
}

/**
 * Case reads (mounted at `/api/v1/cases`). Mediators and enforcement officers see only their own
 * districts' cases (enforcement: reports only); a case outside the caller's scope answers 404,
 * exactly like a case that does not exist.
 */
export function casesRoutes(deps: { mongo: Connection; logger: Logger; countdowns?: () => Countdowns; names?: () => CodeNames }) {
  const router = Router();
  const cases = deps.mongo.collection<CaseDoc>(COLLECTIONS.cases);

  /** The case if the caller may see it; 404 (logged as a refusal) otherwise. */
  const visibleCase = async (req: Request, res: Response, route: string) => {
    const caseId = String(req.params.caseId);
    const doc = await cases.findOne({ _id: caseId });
    if (!doc) throw new NotFoundError(`No case ${caseId}`);
    if (!canSeeCase(res.locals.actor as Principal, doc)) {
      logRefusal(deps.logger, req, res, route, 'case-out-of-scope');
      throw new NotFoundError(`No case ${caseId}`);
    }
    return doc;
  };

  /** The list filters of the query string, checked (400 naming the field). */
  const listFilter = (req: Request) => {
    const filter: Record<string, string> = {};
    for (const f of CASE_FILTERS) {
      const v = req.query[f];
      if (v === undefined) continue;
      if (typeof v !== 'string' || v.length > 100) {
        throw new ValidationError(`${f} must be a single string`, [{ pointer: `/${f}`, rule: 'type', message: 'must be a single string' }]);
      }
      filter[f === 'sourceRef' ? 'registration.sourceRef' : f] = v;
    }
    if (filter.kind && !(CASE_KINDS as readonly string[]).includes(filter.kind)) {
      throw new ValidationError('kind is not a known case kind', [{ pointer: '/kind', rule: 'enum', message: `must be one of ${CASE_KINDS.join(', ')}` }]);
    }
    if (filter.category && !(CATEGORY_CODES as readonly string[]).includes(filter.category)) {
      throw new ValidationError('category is not a known code', [{ pointer: '/category', rule: 'enum', message: `must be one of ${CATEGORY_CODES.join(', ')}` }]);
    }
    // A queue is worked by nearest deadline; other listings show the newest first.
    const sort: Record<string, 1 | -1> = filter.queue ? { nextDueDate: 1, receivedAtDate: 1, _id: 1 } : { receivedAtDate: -1, _id: 1 };
    return { filter, sort };
  };

  router.get('/', async (req, res) => {
    assertKnownQuery(req.query, [...CASE_FILTERS, 'page', 'pageSize']);
    const { filter, sort } = listFilter(req);
    const page = intParam(req.query.page, 'page', 1, 100000, 1);
    const pageSize = intParam(req.query.pageSize, 'pageSize', 1, 200, 50);
    const scoped = scopeCaseFilter(res.locals.actor as Principal, filter);
    if (scoped === null) {
      res.json({ items: [], page, pageSize, total: 0 });
      return;
    }
    const [items, total] = await Promise.all([
      cases.find(scoped).sort(sort).skip((page - 1) * pageSize).limit(pageSize).toArray(),
      cases.countDocuments(scoped),
    ]);
    const countdowns = deps.countdowns?.() ?? NATIONAL_COUNTDOWNS;
    res.json({ items: items.map((d) => toCaseView(d, countdowns)), page, pageSize, total });
  });

  router.get('/export', async (req, res) => {
    assertKnownQuery(req.query, [...CASE_FILTERS, 'format', 'lang']);
    const { format = 'xlsx', lang = 'zh' } = req.query as Record<string, unknown>;
    const errors = [];
    if (format !== 'xlsx' && format !== 'csv') errors.push({ pointer: '/format', rule: 'enum', message: 'must be xlsx or csv' });
    if (lang !== 'zh' && lang !== 'en') errors.push({ pointer: '/lang', rule: 'enum', message: 'must be zh or en' });
    if (errors.length > 0) throw new ValidationError('Invalid export parameters', errors);
    const { filter, sort } = listFilter(req);
    const scoped = scopeCaseFilter(res.locals.actor as Principal, filter);
    const names = deps.names?.() ?? { district: () => undefined, category: () => undefined };
    const docs = scoped === null ? (async function* () { /* nothing in scope */ })()
      : cases.find(scoped, { projection: { state: 0, outbox: 0 } }).sort(sort).limit(EXPORT_MAX_ROWS).batchSize(500);
    await sendCaseExport(res, docs as AsyncIterable<CaseDoc>, format as 'csv' | 'xlsx', lang as Lang, names);
  });

  router.get('/:caseId', async (req, res) => {
    const doc = await visibleCase(req, res, '/api/v1/cases/:caseId');
    res.json({ ...toCaseView(doc, deps.countdowns?.() ?? NATIONAL_COUNTDOWNS), actions: actionsFor(res.locals.actor as Principal, doc) });
  });

  router.get('/:caseId/history', async (req, res) => {
    const doc = await visibleCase(req, res, '/api/v1/cases/:caseId/history');
    // Every event as its current version (the audit trail keeps what was written then).
    const events = eventsOfCase(doc, await deps.mongo.collection(COLLECTIONS.caseEvents).find({ caseId: req.params.caseId }).toArray()).map(upcastEvent);
    res.json({
      caseId: req.params.caseId,
      events: events.map((e) => ({ id: e.id, type: e.type, caseVersion: e.caseVersion, occurredAt: e.occurredAt, recordedAt: e.recordedAt, actor: e.actor, data: redactEventData(e.data) })),
    });
  });

  return router;
}

/** The history shows what happened, not who the consumer is. */
function redactEventData(data: unknown): unknown {
  if (!data || typeof data !== 'object') return data;
  const d = { ...(data as Record<string, unknown>) };
  if (d.consumer && typeof d.consumer === 'object') d.consumer = maskPerson(d.consumer as { name: string; phone: string; idNumber?: string });
  return d;
}
