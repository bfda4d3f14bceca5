import { Type, type Static } from '@sinclair/typebox';
import { StringEnum, Business, Category, Instant, MoneyYuan, Person } from './common.js';
import { createValidator } from './validate.js';

export const INTAKE_CHANNELS_12315 = ['12315-hotline', '12315-web', '12315-app', '12315-wechat', 'letter', 'visit', 'consumer-council'] as const;

/** A complaint and/or report as logged by a 12315 operator or sent by another system. Version 1. */
export const IntakeRecord12315 = Type.Object({
  sourceRef: Type.String({ minLength: 1, maxLength: 100, pattern: '^[\\x21-\\x7e]+$', description: "The record's id in the source system (idempotency key)" }),
  channel: StringEnum(INTAKE_CHANNELS_12315, { description: 'Intake channel' }),
  kind: StringEnum(['complaint', 'report', 'complaint+report'] as const, {
    description: 'complaint (投诉), report (举报), or both in one submission (split into two cases)',
  }),
  receivedAt: Instant('When the regulator received it (ISO 8601 with offset); decides the rule set'),
  consumer: Type.Optional(Person),
  anonymous: Type.Optional(Type.Boolean({ description: 'A report may be anonymous instead of naming the consumer' })),
  business: Business,
  category: Type.Optional(Category),
  summary: Type.String({ minLength: 1, maxLength: 500, description: 'One-line summary' }),
  narrative: Type.String({ minLength: 1, maxLength: 20000, description: "The caller's account" }),
  claimAmountYuan: Type.Optional(MoneyYuan('Amount the consumer claims, in yuan')),
}, {
  $id: 'IntakeRecord12315.v1',
  additionalProperties: false,
  allOf: [
    // consumer is required unless the submission is an anonymous report
    { if: { required: ['anonymous'], properties: { anonymous: { const: true } } }, then: { properties: { kind: { const: 'report' } } }, else: { required: ['consumer'] } },
  ],
});
export type IntakeRecord12315 = Static<typeof IntakeRecord12315>;
export const validateIntakeRecord12315 = createValidator(IntakeRecord12315);

export const REQUEST_TYPES_12345 = ['consultation', 'help', 'complaint', 'report', 'complaint+report', 'suggestion'] as const;
export type RequestType12345 = (typeof REQUEST_TYPES_12345)[number];

/**
 * The cases a 12345 order becomes: a complaint or a report case (running the statutory clock and
 * the order's), both for an order that is a complaint and a report (split like a 12315 record),
 * else a work-order case (consultations, help requests, suggestions).
 */
export function kindsOf12345(requestType: RequestType12345): ('complaint' | 'report' | 'work-order')[] {
  if (requestType === 'complaint+report') return ['complaint', 'report'];
  return requestType === 'complaint' || requestType === 'report' ? [requestType] : ['work-order'];
}

/** A work order forwarded by the 12345 government service hotline. Version 1. */
export const WorkOrder12345 = Type.Object({
  orderNo: Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7e]+$', description: '12345 work order number (idempotency key)' }),
  dispatchedAt: Instant('When 12345 dispatched the order to market regulation'),
  requestType: StringEnum(REQUEST_TYPES_12345, { description: 'consultation 咨询, help 求助, complaint 投诉, report 举报, complaint+report 投诉并举报 (two cases), suggestion 建议' }),
  replyDueAt: Type.Optional(Instant('Reply deadline set by the hotline, if given')),
  caller: Person,
  business: Business,
  category: Type.Optional(Category),
  title: Type.Optional(Type.String({ maxLength: 500, description: 'Order title' })),
  text: Type.String({ minLength: 1, maxLength: 20000, description: "The caller's request as written by the 12345 agent" }),
}, { $id: 'WorkOrder12345.v1', additionalProperties: false });
export type WorkOrder12345 = Static<typeof WorkOrder12345>;
export const validateWorkOrder12345 = createValidator(WorkOrder12345);

/** One kind of message on `intake.records`: a typed, versioned wrapper around one record. */
const intakeMessageOf = <T extends string>(type: T, what: string) => Type.Object({
  type: Type.Literal(type),
  version: Type.Literal(1),
  id: Type.Optional(Type.String({ description: 'Message id' })),
  source: Type.Optional(Type.String({ description: 'Sending system' })),
  data: Type.Unknown({ description: what }),
  history: Type.Optional(Type.Array(Type.Object({
    type: Type.String({ minLength: 1, maxLength: 60 }),
    occurredAt: Type.String({ minLength: 1 }),
    case: Type.Optional(StringEnum(['complaint', 'report'] as const, { description: 'Which case of a complaint+report record the step is for' })),
    data: Type.Unknown(),
  }, { additionalProperties: false }), { maxItems: 100, description: 'Historical import: past workflow steps (docs/import-format.md)' })),
}, { additionalProperties: false });

/** What travels on `intake.records`. */
export const IntakeMessage = Type.Union([
  intakeMessageOf('IntakeRecord12315', 'An IntakeRecord12315 v1'),
  intakeMessageOf('WorkOrder12345', 'A WorkOrder12345 v1'),
  intakeMessageOf('LeadRecord', 'A LeadRecord v1: a lead found during mediation, sent by the workflow'),
], { $id: 'IntakeMessage.v1' });
export type IntakeMessage = Static<typeof IntakeMessage>;
export const validateIntakeMessage = createValidator(IntakeMessage);

/** The answer to an intake submission. */
export interface IntakeReceipt {
  cases: { caseId: string; caseNo: string; kind: 'complaint' | 'report' | 'work-order' }[];
}
