import {
  ValidationError, sendJsonBatch, type BatchContext, type BatchOutcome, type Producer,
} from '@cw/platform';
import {
  DUPLICATE_HINT_WINDOW_DAYS, DUPLICATE_REPORT_WINDOW_DAYS, SYSTEM_ACTOR, duplicateReportKey, assertImportStep, commandEnvelope, commandIds, parseJsonValue, duplicateHintKey, intakeKey, leadSourceKey, validateIntakeMessage, validateLeadRecord, validateIntakeRecord12315, validateWorkOrder12345,
  type CaseRegistration, type Envelope, type HistoryStep, type TopicNames,
} from '@cw/contracts';
import { decideRouting, type ActiveRules } from '@cw/routing';
import { formatCaseNo, planFrom12315, planFrom12345, planFromLead, shanghaiDate, type PlannedCase } from '../domain/normalise.js';
import type { CaseNumbers } from '../persistence/case-numbers.js';
import type { DuplicateHintStore } from '../persistence/duplicate-hints.js';

/** One record, validated and split into the cases it makes, with their steps if imported. */
function planRecord(raw: Buffer | null): { key: string; plan: PlannedCase[]; history: Map<string, HistoryStep[]>; messageId?: string } {
  const message = validateIntakeMessage.assert(parseJsonValue(raw, 'Intake message'), 'intake message');
  let plan: PlannedCase[];
  let key: string;
  if (message.type === 'IntakeRecord12315') {
    const record = validateIntakeRecord12315.assert(message.data, '12315 intake record');
    key = intakeKey('12315', record.sourceRef);
    plan = planFrom12315(record, key);
  } else if (message.type === 'LeadRecord') {
    const record = validateLeadRecord.assert(message.data, 'lead record');
    key = leadSourceKey(record.lead.fromCaseId, record.lead.leadNo);
    plan = planFromLead(record, key);
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
  return { key, plan, history, ...(message.id ? { messageId: message.id } : {}) };
}

const HINT_WINDOW_MS = DUPLICATE_HINT_WINDOW_DAYS * 24 * 3600 * 1000;

/**
 * A batch of `intake.records` (or `intake.imports`) → `RegisterCase` commands, one produce for the
 * batch. Each case is numbered from the in-memory block and routed under the rules in force, so the
 * workflow registers and routes it in one write. Idempotent: case ids derive from the source key,
 * and the workflow keeps a case's first registration, so a redelivery creates nothing twice (its
 * fresh numbers are a gap). Invalid records are dead letters with the reason.
 */
export function createIntakeRecordHandler(deps: {
  numbers: CaseNumbers; hints: DuplicateHintStore; producer: Producer; topics: TopicNames; rules: () => ActiveRules; now?: () => Date;
  /** Where the registrations go: `case.commands`, or `case.commands.bulk` for the bulk lane. */
  commandsTopic?: string;
  /** An earlier report of the same reporter about the same business this many days before flags a report. */
  duplicateReportWindowDays?: number;
}) {
  const reportWindowMs = (deps.duplicateReportWindowDays ?? DUPLICATE_REPORT_WINDOW_DAYS) * 24 * 3600 * 1000;
  const now = deps.now ?? (() => new Date());
  return async (batch: BatchContext): Promise<BatchOutcome> => {
    const deadLetters: BatchOutcome['deadLetters'] = [];
    const planned: (ReturnType<typeof planRecord> & { offset: string })[] = [];
    for (const message of batch.messages) {
      try {
        planned.push({ ...planRecord(message.value), offset: message.offset });
      } catch (error) {
        deadLetters.push({ message, error });
      }
    }
    const at = now();
    const recordedAt = at.toISOString();
    const rules = deps.rules();
    const commands: Envelope<'RegisterCase', CaseRegistration>[] = [];
    const hints: { k: string; caseId: string; caseNo: string; receivedOn: string }[] = [];
    const records = [];
    for (const r of planned) {
      const numbered = [];
      for (const p of r.plan) {
        const year = shanghaiDate(p.receivedAt).slice(0, 4);
        numbered.push({ ...p, caseNo: formatCaseNo(p.kind, year, await deps.numbers.take(year)) });
      }
      records.push({ ...r, numbered });
    }
    // Reports of a known reporter: earlier reports about the same business, found in one request
    // for the batch (and among the batch's own reports, in order).
    const reportKey = (p: PlannedCase) => (p.kind === 'report' && p.consumer && !p.anonymous ? duplicateReportKey(p.consumer.phone, p.business.name) : null);
    const reportKeys = records.flatMap((r) => r.numbered.map(reportKey)).filter((k): k is string => k !== null);
    const earlier = new Map<string, { caseId: string; caseNo: string; receivedOn: string }[]>();
    const reportsUnder = (k: string) => earlier.get(k) ?? earlier.set(k, []).get(k)!;
    for (const h of await deps.hints.find(reportKeys)) {
      if (h.caseId !== undefined) reportsUnder(h.k).push({ caseId: h.caseId, caseNo: h.caseNo, receivedOn: h.receivedOn });
    }
    for (const { key, plan, history, messageId, offset, numbered } of records) {
      for (const p of numbered) {
        const { caseId, ...rest } = p;
        const rk = reportKey(p);
        const receivedOn = shanghaiDate(p.receivedAt);
        let possibleDuplicates: { caseId: string; caseNo: string; receivedOn: string }[] = [];
        if (rk !== null) {
          const from = shanghaiDate(new Date(Date.parse(p.receivedAt) - reportWindowMs).toISOString());
          possibleDuplicates = reportsUnder(rk)
            .filter((h) => h.caseId !== caseId && h.receivedOn >= from && h.receivedOn <= receivedOn)
            .sort((a, b) => b.receivedOn.localeCompare(a.receivedOn)).slice(0, 10);
          reportsUnder(rk).push({ caseId, caseNo: p.caseNo, receivedOn });
          hints.push({ k: rk, caseId, caseNo: p.caseNo, receivedOn });
        }
        commands.push(commandEnvelope({
          id: commandIds.register(caseId),
          type: 'RegisterCase',
          caseId,
          caseVersion: 0,
          occurredAt: p.receivedAt,
          recordedAt,
          correlationId: key,
          causationId: messageId ?? `${batch.topic}:${batch.partition}:${offset}`,
          actor: SYSTEM_ACTOR('intake'),
          source: 'intake',
          data: {
            ...rest,
            // The other case of a split record; for a report opened on a lead, the complaint it came from.
            linkedCaseIds: [...plan.filter((o) => o.caseId !== caseId).map((o) => o.caseId), ...(rest.lead ? [rest.lead.fromCaseId] : [])],
            ...(possibleDuplicates.length > 0 ? { possibleDuplicates } : {}),
            ...(history.has(caseId) ? { history: history.get(caseId) } : {}),
            routing: decideRouting(rules, rest),
          },
        }));
        // Complaints only, and only recent ones: the hint tells an operator that this caller complained about this business lately.
        if (p.kind !== 'complaint' || !p.consumer || at.getTime() - Date.parse(p.receivedAt) > HINT_WINDOW_MS) continue;
        const hintKey = duplicateHintKey(p.consumer.phone, p.business.name);
        if (hintKey) hints.push({ k: hintKey, caseId, caseNo: p.caseNo, receivedOn });
      }
    }
    await deps.hints.record(hints);
    await sendJsonBatch(deps.producer, [{ topic: deps.commandsTopic ?? deps.topics.caseCommands, messages: commands.map((c) => ({ key: c.caseId, value: c })) }]);
    return { deadLetters };
  };
}
