import { Router } from 'express';
import type { Connection } from 'mongoose';
import { rateLimit } from 'express-rate-limit';
import { RedisStore as RateLimitRedisStore, type RedisReply } from 'rate-limit-redis';
import { AppError, NotFoundError, type Logger, type Redis } from '@cw/platform';
import { COLLECTIONS, OVERRIDE_ROLES, validateRevealRequest, type CaseDoc } from '@cw/contracts';
import { problemOf, requireJson, sendProblem } from '../problem.js';
import { canSeeCase, logRefusal, type Principal } from '../auth/index.js';
import { noteAudit } from '../audit/audit-trail.js';

export interface RevealLimit { max: number; windowMs: number }

/**
 * `POST /api/v1/cases/:caseId/reveal` `{ field: 'phone', reason }` (issue 14 item 6): the full phone
 * number of the consumer or reporter, for the case's assignee (a mediator or enforcement officer
 * within their districts) or a supervisor; the council and operators never (policy table). Every
 * reveal, and every refused one, is in the audit trail with its reason (never the number), and
 * each person may reveal at most `limit.max` numbers per window. The answer is not cached.
 */
export function revealRoutes(deps: { mongo: Connection; redis: Redis; prefix: string; limit: RevealLimit; logger: Logger }): Router {
  const router = Router();
  const cases = deps.mongo.collection<CaseDoc>(COLLECTIONS.cases);
  const limiter = rateLimit({
    windowMs: deps.limit.windowMs,
    limit: deps.limit.max,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (_req, res) => (res.locals.actor as Principal).id,
    store: new RateLimitRedisStore({
      prefix: `${deps.prefix}rl:reveal:`,
      sendCommand: (command: string, ...args: string[]) => deps.redis.call(command, ...args) as Promise<RedisReply>,
    }),
    handler: (_req, res, _next, options) => {
      sendProblem(res, problemOf(429, `At most ${options.limit as number} personal details may be revealed per ${Math.round(options.windowMs / 60_000)} minutes`, 'TOO_MANY_REVEALS', { retryAfterSeconds: Math.ceil(options.windowMs / 1000) }));
    },
  });

  router.post('/:caseId/reveal', requireJson, async (req, res, next) => {
    const caseId = String(req.params.caseId);
    noteAudit(res, { action: 'reveal:phone', caseId });
    const body = validateRevealRequest.assert(req.body, 'reveal request');
    noteAudit(res, { action: `reveal:${body.field}`, reason: body.reason });
    next();
  }, limiter, async (req, res) => {
    const caseId = String(req.params.caseId);
    const p = res.locals.actor as Principal;
    const doc = await cases.findOne({ _id: caseId }, { projection: { _id: 1, kind: 1, district: 1, assignee: 1, 'registration.consumer': 1, 'registration.anonymous': 1 } });
    if (!doc || !canSeeCase(p, doc)) {
      if (doc) logRefusal(deps.logger, req, res, '/api/v1/cases/:caseId/reveal', 'case-out-of-scope');
      throw new NotFoundError(`No case ${caseId}`);
    }
    if (doc.assignee !== p.id && !OVERRIDE_ROLES.includes(p.role)) {
      logRefusal(deps.logger, req, res, '/api/v1/cases/:caseId/reveal', 'not-the-assignee');
      throw new AppError('Only the case\'s assignee (or a supervisor) may reveal its personal data', { code: 'NOT_THE_ASSIGNEE', httpStatus: 403 });
    }
    const phone = doc.registration?.consumer?.phone;
    if (doc.registration?.anonymous || !phone) throw new AppError('This case has no phone number (an anonymous report)', { code: 'NOTHING_TO_REVEAL', httpStatus: 404 });
    res.set('cache-control', 'no-store');
    res.json({ caseId, field: 'phone', value: phone, revealedAt: new Date().toISOString() });
  });

  return router;
}
