import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { Connection } from 'mongoose';
import { sendJson, type Producer } from '@cw/platform';
import {
  COLLECTIONS, intakeKey, validateIntakeRecord12315, validateWorkOrder12345,
  type IntakeReceiptDoc, type IntakeMessage, type TopicNames,
} from '@cw/contracts';
import { requireJson } from '../problem.js';
import { waitFor } from '../wait.js';

/**
 * Intake over HTTP. The gateway validates, publishes to `intake.records` and waits (bounded) for the
 * intake service's receipt so the operator sees the case number at once. A record already received
 * is answered from its receipt and nothing is published again.
 */
export function intakeRoutes(deps: { mongo: Connection; producer: Producer; topics: TopicNames; waitMs: number }) {
  const router = Router();
  const receipts = deps.mongo.collection<IntakeReceiptDoc>(COLLECTIONS.intakeReceipts);

  const answer = (receipt: IntakeReceiptDoc | null, system: '12315' | '12345', ref: string) =>
    receipt
      ? { status: 202, body: { cases: receipt.cases } }
      : { status: 202, body: { cases: [], pending: true, receipt: `/api/v1/intake/${system}/${encodeURIComponent(ref)}` } };

  const submit = (system: '12315' | '12345') => async (ref: string, message: IntakeMessage) => {
    const key = intakeKey(system, ref);
    const existing = await receipts.findOne({ _id: key });
    if (existing) return answer(existing, system, ref);
    await sendJson(deps.producer, deps.topics.intakeRecords, [{ key, value: message }]);
    const receipt = await waitFor(() => receipts.findOne({ _id: key }), deps.waitMs);
    return answer(receipt, system, ref);
  };

  router.post('/12315', requireJson, async (req, res) => {
    const record = validateIntakeRecord12315.assert(req.body, '12315 intake record');
    const out = await submit('12315')(record.sourceRef, { type: 'IntakeRecord12315', version: 1, id: randomUUID(), source: 'gateway', data: record });
    res.status(out.status).json(out.body);
  });

  router.post('/12345', requireJson, async (req, res) => {
    const order = validateWorkOrder12345.assert(req.body, '12345 work order');
    const out = await submit('12345')(order.orderNo, { type: 'WorkOrder12345', version: 1, id: randomUUID(), source: 'gateway', data: order });
    res.status(out.status).json(out.body);
  });

  router.get('/:system/:ref', async (req, res) => {
    const system = req.params.system === '12345' ? '12345' : '12315';
    const receipt = await receipts.findOne({ _id: intakeKey(system, req.params.ref) });
    const out = answer(receipt, system, req.params.ref);
    res.status(receipt ? 200 : 404).json(out.body);
  });

  return router;
}
