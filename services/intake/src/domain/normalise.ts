import { ruleSetFor as ruleSetOnDate, toShanghaiDate } from '@cw/calendar';
import type { CaseRegistration, IntakeRecord12315, LeadRecord, RuleSet, WorkOrder12345 } from '@cw/contracts';

/** The calendar date in Asia/Shanghai of an ISO instant. */
export const shanghaiDate = (instant: string): string => toShanghaiDate(instant);

/** The rule set is chosen by the date of receipt in Shanghai (DOMAIN.md §3). */
export const ruleSetFor = (receivedAt: string): RuleSet => ruleSetOnDate(toShanghaiDate(receivedAt));

/** A stable case id from the source key and the part (shared with the import, which predicts it). */
export { caseIdFor } from '@cw/contracts';
import { caseIdFor, kindsOf12345 } from '@cw/contracts';

const PREFIX = { complaint: 'TS', report: 'JB', 'work-order': 'GD' } as const;

/** TS-2026-000123: 投诉/举报/工单 prefix, year of receipt (Shanghai), sequence restarting each year. */
export function formatCaseNo(kind: keyof typeof PREFIX, year: string, seq: number): string {
  return `${PREFIX[kind]}-${year}-${String(seq).padStart(6, '0')}`;
}

/** A case to create, before its number is assigned. */
export type PlannedCase = Omit<CaseRegistration, 'caseNo' | 'linkedCaseIds'> & { caseId: string };

/** Splits a 12315 submission: a complaint, a report, or both (two cases, each on its own clock). */
export function planFrom12315(record: IntakeRecord12315, sourceKey: string): PlannedCase[] {
  const kinds = record.kind === 'complaint+report' ? (['complaint', 'report'] as const) : [record.kind];
  return kinds.map((kind) => ({
    caseId: caseIdFor(sourceKey, kind),
    kind,
    channel: record.channel,
    ruleSet: ruleSetFor(record.receivedAt),
    receivedAt: record.receivedAt,
    sourceRef: record.sourceRef,
    sourceSystem: '12315',
    ...(record.consumer ? { consumer: normalisePerson(record.consumer) } : {}),
    ...(record.anonymous ? { anonymous: true } : {}),
    business: { ...record.business, name: record.business.name.trim() },
    ...(record.category ? { category: record.category } : {}),
    summary: record.summary.trim(),
    narrative: record.narrative.trim(),
    ...(record.claimAmountYuan ? { claimAmountYuan: record.claimAmountYuan } : {}),
  }));
}

/**
 * A 12345 work order becomes one case, or two. A complaint or report order is a complaint or report
 * case that also runs the 12345 clocks; consultations, help requests and suggestions are work-order
 * cases. An order that is both is split like a 12315 record: the complaint and the report each run
 * their statutory clock, and the complaint carries the order (one acknowledgment, one reply, one
 * callback to the hotline); the report names the order as its source and is linked to the complaint.
 */
export function planFrom12345(order: WorkOrder12345, sourceKey: string): PlannedCase[] {
  const text = order.text.trim();
  return kindsOf12345(order.requestType).map((kind, i) => ({
    caseId: caseIdFor(sourceKey, kind),
    kind,
    channel: '12345-hotline',
    ruleSet: ruleSetFor(order.dispatchedAt),
    receivedAt: order.dispatchedAt,
    sourceRef: order.orderNo,
    sourceSystem: '12345',
    consumer: normalisePerson(order.caller),
    business: { ...order.business, name: order.business.name.trim() },
    ...(order.category ? { category: order.category } : {}),
    summary: (order.title?.trim() || [...text].slice(0, 60).join('')),
    narrative: text,
    ...(i === 0 ? { workOrder: { orderNo: order.orderNo, requestType: order.requestType, ...(order.replyDueAt ? { replyDueAt: order.replyDueAt } : {}) } } : {}),
  }));
}

/**
 * A lead found during mediation becomes a report raised by the office itself (no reporter): received
 * when the lead was found, so its verification counts from the discovery; linked to the complaint.
 */
export function planFromLead(record: LeadRecord, sourceKey: string): PlannedCase[] {
  const facts = record.facts.trim();
  return [{
    caseId: caseIdFor(sourceKey, 'report'),
    kind: 'report',
    channel: 'mediation-lead',
    ruleSet: ruleSetFor(record.lead.discoveredAt),
    receivedAt: record.lead.discoveredAt,
    sourceRef: `${record.lead.fromCaseNo}#${record.lead.leadNo}`,
    sourceSystem: '12315',
    business: { ...record.business, name: record.business.name.trim() },
    ...(record.category ? { category: record.category } : {}),
    summary: `调解中发现违法线索：${[...facts].slice(0, 50).join('')}`,
    narrative: facts,
    lead: record.lead,
  }];
}

function normalisePerson<P extends { name: string; phone: string; idNumber?: string }>(p: P): P {
  return { ...p, name: p.name.trim(), phone: p.phone.replace(/[\s-]/g, ''), ...(p.idNumber ? { idNumber: p.idNumber.toUpperCase() } : {}) };
}
