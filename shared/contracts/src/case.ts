import { Type, type Static } from '@sinclair/typebox';
import { StringEnum, Business, CaseKind, Category, Channel, Instant, MoneyYuan, Person, RuleSet } from './common.js';
import { REQUEST_TYPES_12345 } from './intake.js';
import { createValidator } from './validate.js';

/** The 12345 side of a case that came as a work order. */
export const WorkOrderInfo = Type.Object({
  orderNo: Type.String({ description: '12345 work order number' }),
  requestType: StringEnum(REQUEST_TYPES_12345, { description: '12345 request type' }),
  replyDueAt: Type.Optional(Instant('Reply deadline set by the hotline')),
}, { additionalProperties: false });
export type WorkOrderInfo = Static<typeof WorkOrderInfo>;

/**
 * One past workflow step of a historical case (imports, docs/import-format.md): a command name
 * other than those the system sends itself, when it happened, and its payload. The workflow
 * applies a case's history in the same write as its first routing.
 */
export const HistoryStep = Type.Object({
  type: Type.String({ minLength: 1, maxLength: 60, description: 'Workflow command name' }),
  occurredAt: Instant('When the step happened'),
  data: Type.Unknown({ description: "The command's payload" }),
}, { additionalProperties: false });
export type HistoryStep = Static<typeof HistoryStep>;

export const RoutingReason = Type.Object({
  ruleId: Type.String({ description: 'The rule that fired' }),
  matched: Type.Array(Type.String(), { description: 'What it matched (keywords, address fragment, code)' }),
}, { additionalProperties: false });

/** Data of `RouteCase` (from router) and `CaseRouted`. */
export const CaseRouting = Type.Object({
  category: Category,
  district: Type.String({ description: 'County-level office code (or functional-zone id, or the city bureau)' }),
  queue: Type.String({ description: 'Work queue the case is put in' }),
  reasons: Type.Object({ category: RoutingReason, jurisdiction: RoutingReason }, { additionalProperties: false }),
  configVersion: Type.String({ description: 'Version (hash) of the routing configuration used' }),
}, { additionalProperties: false });
export type CaseRouting = Static<typeof CaseRouting>;

/**
 * Where a report opened from a lead found during mediation comes from (DOMAIN.md §3): the
 * complaint, and when the lead was found (its verification counts from that day).
 */
export const LeadOrigin = Type.Object({
  fromCaseId: Type.String({ minLength: 1, maxLength: 64, description: 'The complaint whose mediation found the lead' }),
  fromCaseNo: Type.String({ minLength: 1, maxLength: 40, description: "The complaint's case number" }),
  leadNo: Type.Integer({ minimum: 1, maximum: 1000, description: 'Which lead of that complaint (1, 2, …)' }),
  discoveredAt: Instant('When the lead was found'),
}, { additionalProperties: false, description: 'A report opened from a lead found during mediation' });
export type LeadOrigin = Static<typeof LeadOrigin>;

/**
 * What the workflow sends to intake when mediation finds a lead (`LeadRecord` on `intake.records`):
 * intake numbers, routes and registers the report like any other record. Version 1.
 */
export const LeadRecord = Type.Object({
  lead: LeadOrigin,
  business: Business,
  category: Type.Optional(Category),
  facts: Type.String({ minLength: 1, maxLength: 4000, description: 'What was found' }),
}, { $id: 'LeadRecord.v1', additionalProperties: false });
export type LeadRecord = Static<typeof LeadRecord>;
export const validateLeadRecord = createValidator(LeadRecord);

/**
 * Data of `RegisterCase` (command, from intake) and `CaseRegistered` (event), current version
 * (2: `lead`, `possibleDuplicates`). Version 1 is frozen in messages/commands/case/register-case.v1.ts.
 */
export const CaseRegistration = Type.Object({
  caseNo: Type.String({ description: 'Human-readable case number, unique, restarting each year' }),
  kind: CaseKind,
  channel: Channel,
  ruleSet: RuleSet,
  receivedAt: Instant('When the regulator received the submission'),
  sourceRef: Type.String({ description: "Id in the source system (12315 record or 12345 order)" }),
  sourceSystem: StringEnum(['12315', '12345'] as const, { description: 'Which hotline system it came from' }),
  consumer: Type.Optional(Person),
  anonymous: Type.Optional(Type.Boolean({ description: 'Anonymous report' })),
  business: Business,
  category: Type.Optional(Category),
  summary: Type.String({ description: 'One-line summary' }),
  narrative: Type.String({ description: "The caller's account" }),
  claimAmountYuan: Type.Optional(MoneyYuan('Claimed amount')),
  workOrder: Type.Optional(WorkOrderInfo),
  linkedCaseIds: Type.Array(Type.String(), { description: 'Other cases split from the same submission, or the complaint a lead came from' }),
  lead: Type.Optional(LeadOrigin),
  possibleDuplicates: Type.Optional(Type.Array(Type.Object({
    caseId: Type.String({ minLength: 1, maxLength: 64 }),
    caseNo: Type.String({ minLength: 1, maxLength: 40 }),
    receivedOn: Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
  }, { additionalProperties: false }), { maxItems: 10, description: 'Earlier reports of the same reporter about the same business in the window (flagged at intake, newest first): to merge or not handle again' })),
  history: Type.Optional(Type.Array(HistoryStep, { maxItems: 100, description: 'Past steps of an imported case, replayed with its first routing' })),
  routing: Type.Optional(Type.Object(CaseRouting.properties, { additionalProperties: false, description: 'The first routing, decided at intake and applied with the registration' })),
}, { additionalProperties: false });
export type CaseRegistration = Static<typeof CaseRegistration>;

