import {
  ValidationError, sendJson, type Logger, type MessageContext, type Producer,
} from '@cw/platform';
import {
  SYSTEM_ACTOR, assertImportStep, duplicateHintKey, intakeKey, validateIntakeMessage, validateIntakeRecord12315, validateWorkOrder12345,
  type CaseRegistration, type Envelope, type HistoryStep, type TopicNames,
} from '@cw/contracts';
import { formatCaseNo, planFrom12315, planFrom12345, shanghaiDate, type PlannedCase } from '../domain/normalise.js';
import type { ReceiptStore } from '../persistence/receipts.js';
import type { DuplicateHintStore } from '../persistence/duplicate-hints.js';

function parseJson(raw: Buffer | null): unknown {
  if (!raw) throw new ValidationError('Empty message', [{ pointer: '/', rule: 'required', message: 'message has no value' }]);
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw new ValidationError(`Message is not valid JSON: ${(e as Error).message}`, [{ pointer: '/', rule: 'json', message: 'not valid JSON' }]);
  }
}

/**
 * One record from `intake.records` → cases. Idempotent at every step: a receipt per source key,
 * deterministic case ids, and `RegisterCase` commands whose id the workflow dedupes, so a redelivery
 * or a crash at any point creates nothing twice.
 */
export function createIntakeRecordHandler(deps: { store: ReceiptStore; hints: DuplicateHintStore; producer: Producer; topics: TopicNames; logger: Logger; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  return async (ctx: MessageContext): Promise<void> => {
    const message = validateIntakeMessage.assert(parseJson(ctx.message.value), 'intake message');
    const system = message.type === 'IntakeRecord12315' ? '12315' : '12345';
    let plan: PlannedCase[];
    let key: string;
    if (message.type === 'IntakeRecord12315') {
      const record = validateIntakeRecord12315.assert(message.data, '12315 intake record');
      key = intakeKey('12315', record.sourceRef);
      plan = planFrom12315(record, key);
    } else {
      const order = validateWorkOrder12345.assert(message.data, '12345 work order');
      key = intakeKey('12345', order.orderNo);
      plan = planFrom12345(order, key);
    }

    // Historical import: the steps ride with the record; each goes to its case (default: the first).
    const history = new Map<string, HistoryStep[]>();
    for (const [j, step] of (message.history ?? []).entries()) {
      if (message.type !== 'IntakeRecord12315') throw new ValidationError('history is only for 12315 records', [{ pointer: '/history', rule: 'not-allowed', message: 'only for IntakeRecord12315' }]);
      assertImportStep(step, `history step ${j + 1}`, `/history/${j}`);
      const kind = step.case ?? plan[0]!.kind;
      const target = plan.find((p) => p.kind === kind);
      if (!target) throw new ValidationError(`history step ${j + 1}: the record has no ${kind} case`, [{ pointer: `/history/${j}/case`, rule: 'enum', message: `the record has no ${kind} case` }]);
      history.set(target.caseId, [...(history.get(target.caseId) ?? []), { type: step.type, occurredAt: step.occurredAt, data: step.data }]);
    }

    let receipt = await deps.store.find(key);
    if (!receipt) {
      const cases = [];
      for (const p of plan) {
        const year = shanghaiDate(p.receivedAt).slice(0, 4);
        cases.push({ caseId: p.caseId, kind: p.kind, caseNo: formatCaseNo(p.kind, year, await deps.store.numberFor(p.caseId, year)) });
      }
      receipt = await deps.store.insertOnce({ _id: key, system, sourceRef: plan[0]!.sourceRef, cases, createdAt: now() });
    }

    // Complaints only: the hint tells an operator that this caller already complained about this business.
    for (const p of plan) {
      if (p.kind !== 'complaint' || !p.consumer) continue;
      const hintKey = duplicateHintKey(p.consumer.phone, p.business.name);
      const caseNo = receipt.cases.find((c) => c.caseId === p.caseId)?.caseNo;
      if (hintKey && caseNo) await deps.hints.record(hintKey, [{ caseNo, receivedOn: shanghaiDate(p.receivedAt) }]);
    }

    const recordedAt = now().toISOString();
    const messageId = message.id ?? `${ctx.topic}:${ctx.partition}:${ctx.offset}`;
    const commands: Envelope<'RegisterCase', CaseRegistration>[] = plan.map((p) => {
      const { caseId, ...rest } = p;
      const caseNo = receipt.cases.find((c) => c.caseId === caseId)?.caseNo;
      if (!caseNo) throw new Error(`receipt ${key} has no number for case ${caseId}`);
      return {
        id: `register:${caseId}`,
        type: 'RegisterCase',
        version: 1,
        caseId,
        caseVersion: 0,
        occurredAt: p.receivedAt,
        recordedAt,
        correlationId: key,
        causationId: messageId,
        actor: SYSTEM_ACTOR('intake'),
        source: 'intake',
        data: {
          ...rest, caseNo, linkedCaseIds: plan.filter((o) => o.caseId !== caseId).map((o) => o.caseId),
          ...(history.has(caseId) ? { history: history.get(caseId) } : {}),
        },
      };
    });
    await sendJson(deps.producer, deps.topics.caseCommands, commands.map((c) => ({ key: c.caseId, value: c })));
    ctx.logger.info({ key, cases: receipt.cases.map((c) => c.caseNo) }, 'intake registered');
  };
}
