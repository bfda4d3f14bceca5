import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { Connection } from 'mongoose';
import { sendJson, type Producer } from '@cw/platform';
import {
  kindsOf12345,
  COLLECTIONS, caseIdFor, intakeKey, validateIntakeRecord12315, validateWorkOrder12345,
  type CaseDoc, type IntakeMessage, type IntakeReceipt, type TopicNames,
} from '@cw/contracts';
import { requireJson } from '../problem.js';
import { noteAudit } from '../audit/audit-trail.js';
import { waitFor } from '../wait.js';

type Kind = IntakeReceipt['cases'][number]['kind'];
const KINDS: Kind[] = ['complaint', 'report', 'work-order'];

export type IntakeAnswer = { status: 202; body: IntakeReceipt | { cases: []; pending: true; receipt: string } };

/**
 * Publishes intake records on the live lane (`intake.records`) and waits (bounded) for their cases.
 * Case ids derive from the source key (`caseIdFor`), so the answer is read from the case documents
 * by `_id`; a record already received is answered from them and nothing is published again. Used
 * by the intake routes and the Open311 facade (the same path into the system).
 */
export function createIntakeSubmitter(deps: { mongo: Connection; producer: Producer; topics: TopicNames; waitMs: number }) {
  const cases = deps.mongo.collection<Pick<CaseDoc, '_id' | 'caseNo' | 'kind' | 'receivedAtDate'>>(COLLECTIONS.cases);

  /** The registered cases of a source key among `kinds` (with their receipt); null until all of them are there. */
  const registered = async (key: string, kinds: Kind[], all: boolean): Promise<(IntakeReceipt['cases'][number] & { receivedAt: Date })[] | null> => {
    const found = await Promise.all(kinds.map((kind) => cases.findOne({ _id: caseIdFor(key, kind) }, { projection: { caseNo: 1, kind: 1, receivedAtDate: 1 } })));
    const list = found.filter((c): c is NonNullable<typeof c> => c !== null).map((c) => ({ caseId: c._id, caseNo: c.caseNo, kind: c.kind, receivedAt: c.receivedAtDate }));
    return list.length > 0 && (!all || list.length === kinds.length) ? list : null;
  };

  const answer = (list: Awaited<ReturnType<typeof registered>>, system: '12315' | '12345', ref: string): IntakeAnswer =>
    list
      ? { status: 202, body: { cases: list.map(({ caseId, caseNo, kind }) => ({ caseId, caseNo, kind })) } }
      : { status: 202, body: { cases: [], pending: true, receipt: `/api/v1/intake/${system}/${encodeURIComponent(ref)}` } };

  /**
   * Sends a record unless its cases exist: then it is a repeat and they are the answer. A 12345
   * order dispatched again (the same number, another dispatch time) goes on to the workflow, which
   * reopens its returned case (`receivedAt`: the dispatch time of this submission).
   */
  const submit = (system: '12315' | '12345') => async (ref: string, kinds: Kind[], message: IntakeMessage, receivedAt?: string): Promise<IntakeAnswer> => {
    const key = intakeKey(system, ref);
    const existing = await registered(key, kinds, false);
    const again = existing !== null && receivedAt !== undefined && existing.some((c) => c.receivedAt.getTime() !== Date.parse(receivedAt));
    if (existing && !again) return answer(existing, system, ref);
    await sendJson(deps.producer, deps.topics.intakeRecords, [{ key, value: message }]);
    if (existing) return answer(existing, system, ref);
    return answer(await waitFor(() => registered(key, kinds, true), deps.waitMs), system, ref);
  };

  /** The receipt of a record sent earlier: its cases, or a pending answer. */
  const receipt = async (system: '12315' | '12345', ref: string) => {
    const list = await registered(intakeKey(system, ref), KINDS, false);
    return { found: list !== null, ...answer(list, system, ref) };
  };

  return { submit, receipt };
}
export type IntakeSubmitter = ReturnType<typeof createIntakeSubmitter>;

/**
 * Intake over HTTP, on the live lane (`intake.records`). The gateway validates, publishes and waits
 * (bounded) for the cases to be registered, so the operator sees the case numbers at once.
 */
export function intakeRoutes({ submit, receipt }: IntakeSubmitter) {
  const router = Router();

  router.post('/12315', requireJson, async (req, res) => {
    const record = validateIntakeRecord12315.assert(req.body, '12315 intake record');
    const kinds: Kind[] = record.kind === 'complaint+report' ? ['complaint', 'report'] : [record.kind];
    const out = await submit('12315')(record.sourceRef, kinds, { type: 'IntakeRecord12315', version: 1, id: randomUUID(), source: 'gateway', data: record });
    noteAudit(res, { action: `intake:12315 ${record.kind}`, target: `12315:${record.sourceRef}`, caseIds: out.body.cases.map((c) => c.caseId) });
    res.status(out.status).json(out.body);
  });

  router.post('/12345', requireJson, async (req, res) => {
    const order = validateWorkOrder12345.assert(req.body, '12345 work order');
    const out = await submit('12345')(order.orderNo, kindsOf12345(order.requestType), { type: 'WorkOrder12345', version: 1, id: randomUUID(), source: 'gateway', data: order }, order.dispatchedAt);
    noteAudit(res, { action: `intake:12345 ${order.requestType}`, target: `12345:${order.orderNo}`, caseIds: out.body.cases.map((c) => c.caseId) });
    res.status(out.status).json(out.body);
  });

  router.get('/:system/:ref', async (req, res) => {
    const out = await receipt(req.params.system === '12345' ? '12345' : '12315', req.params.ref);
    res.status(out.found ? 200 : 404).json(out.body);
  });

  return router;
}
