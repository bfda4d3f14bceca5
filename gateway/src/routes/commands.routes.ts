import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { Connection } from 'mongoose';
import { AppError, NotFoundError, ValidationError, sendJson, type Logger, type Producer } from '@cw/platform';
import {
  COLLECTIONS, PUBLIC_COMMANDS, commandEnvelope, commandValidator, lookUpVerdict, type CaseDoc, type CommandResultDoc, type CommandType, type Envelope, type TopicNames,
} from '@cw/contracts';
import { requireJson } from '../problem.js';
import { canSeeCase, envelopeActorOf, logRefusal, type Principal } from '../auth/index.js';
import { waitFor } from '../wait.js';
import { changesBetween, noteAudit } from '../audit/audit-trail.js';

/** The case fields the audit trail shows before → after a command. */
const AUDITED_FIELDS = ['version', 'status', 'assignee', 'district', 'queue', 'nextDueDate'] as const;
const AUDITED_PROJECTION = { _id: 1, kind: 1, ...Object.fromEntries(AUDITED_FIELDS.map((f) => [f, 1])) };

/** Turns a workflow verdict into the HTTP answer. */
export function answerFor(result: CommandResultDoc): { status: number; body: Record<string, unknown> } {
  if (result.status === 'applied') return { status: 200, body: { commandId: result._id, caseId: result.caseId, status: 'applied', version: result.version } };
  const status = result.status === 'conflict' ? 409 : result.code === 'CASE_NOT_FOUND' ? 404 : 422;
  throw new AppError(result.reason ?? 'Command refused', {
    code: result.code ?? 'REFUSED', httpStatus: status,
    extra: { commandId: result._id, caseId: result.caseId, currentVersion: result.version },
  });
}

/**
 * `POST /api/v1/cases/:caseId/commands` with `{ type, expectedVersion, ...payload }`: validated
 * here, decided by the workflow service (the single writer), answered with its verdict.
 * The actor is the authenticated principal (`res.locals.actor`); a case outside its districts answers 404.
 */
export function commandsRoutes(deps: { mongo: Connection; producer: Producer; topics: TopicNames; waitMs: number; logger: Logger }) {
  const router = Router();
  const results = deps.mongo.collection<CommandResultDoc>(COLLECTIONS.commandResults);
  const cases = deps.mongo.collection<CaseDoc>(COLLECTIONS.cases);

  router.post('/cases/:caseId/commands', requireJson, async (req, res) => {
    const body = req.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw new ValidationError('Body must be a JSON object', [{ pointer: '/', rule: 'type', message: 'must be an object' }]);
    }
    const { type, expectedVersion, ...payload } = body;
    const details = [];
    if (typeof type !== 'string' || !(PUBLIC_COMMANDS as readonly string[]).includes(type)) {
      details.push({ pointer: '/type', rule: 'enum', message: `must be one of ${PUBLIC_COMMANDS.join(', ')}` });
    }
    if (typeof expectedVersion !== 'number' || !Number.isInteger(expectedVersion) || expectedVersion < 0) {
      details.push({ pointer: '/expectedVersion', rule: 'required', message: 'must be the case version you saw (integer ≥ 0)' });
    }
    if (details.length > 0) throw new ValidationError('Invalid command', details);
    commandValidator(type as CommandType).assert(payload, `${String(type)} payload`);

    const caseId = String(req.params.caseId);
    const principal = res.locals.actor as Principal;
    noteAudit(res, { action: `command:${String(type)}`, caseId });
    const target = await cases.findOne({ _id: caseId }, { projection: AUDITED_PROJECTION });
    if (!target) throw new NotFoundError(`No case ${caseId}`);
    if (!canSeeCase(principal, target)) {
      logRefusal(deps.logger, req, res, '/api/v1/cases/:caseId/commands', 'case-out-of-scope');
      throw new NotFoundError(`No case ${caseId}`);
    }

    const actor = envelopeActorOf(principal);
    const now = new Date().toISOString();
    // A root cause: the command is its own causation; the correlation id comes from the caller if given.
    const command: Envelope = commandEnvelope({
      id: randomUUID(), type: type as CommandType, caseId, caseVersion: expectedVersion as number,
      occurredAt: now, recordedAt: now, correlationId: (req.headers['x-correlation-id'] as string | undefined)?.slice(0, 100) || randomUUID(),
      actor, source: 'gateway', data: payload,
    });
    noteAudit(res, { commandId: command.id });
    await sendJson(deps.producer, deps.topics.caseCommands, [{ key: caseId, value: command }]);
    const result = await waitFor(() => results.findOne({ _id: command.id }), deps.waitMs);
    if (result?.status === 'applied') {
      // Before → after of the fields a person cares about, for the audit trail.
      const after = await cases.findOne({ _id: caseId }, { projection: AUDITED_PROJECTION });
      noteAudit(res, { changes: changesBetween(target as Record<string, unknown>, after as Record<string, unknown> | null, AUDITED_FIELDS) });
    }
    if (!result) {
      res.status(202).location(`/api/v1/commands/${command.id}`).json({ commandId: command.id, caseId, status: 'pending' });
      return;
    }
    const out = answerFor(result);
    res.status(out.status).json(out.body);
  });

  router.get('/commands/:commandId', async (req, res) => {
    // A registration's or an imported history's verdict is read from the case document (not stored);
    // that read also serves the scope check below.
    const read = new Map<string, CaseDoc | null>();
    const result = await lookUpVerdict(String(req.params.commandId), {
      findVerdict: (id) => results.findOne({ _id: id }),
      findCase: async (id) => {
        const doc = await cases.findOne({ _id: id }, { projection: { _id: 1, kind: 1, district: 1, version: 1, updatedAt: 1, historyPending: 1, historyRefused: 1 } });
        read.set(id, doc);
        return doc;
      },
    });
    if (!result) throw new NotFoundError(`No verdict yet for command ${req.params.commandId}`);
    const target = read.has(result.caseId) ? read.get(result.caseId)! : await cases.findOne({ _id: result.caseId }, { projection: { _id: 1, kind: 1, district: 1 } });
    if (target && !canSeeCase(res.locals.actor as Principal, target)) {
      logRefusal(deps.logger, req, res, '/api/v1/commands/:commandId', 'case-out-of-scope');
      throw new NotFoundError(`No verdict yet for command ${req.params.commandId}`);
    }
    const out = answerFor(result);
    res.status(out.status).json(out.body);
  });

  return router;
}
