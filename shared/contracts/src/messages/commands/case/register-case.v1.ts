import { Type } from '@sinclair/typebox';
import { StringEnum, Business, CaseKind, Category, Channel, Instant, MoneyYuan, Person, RuleSet } from '../../../common.js';
import { CaseRouting, HistoryStep, WorkOrderInfo } from '../../../case.js';

/** RegisterCase, version 1 (frozen): the registration before a report could come from a lead. */
export const RegisterCaseV1 = Type.Object({
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
  linkedCaseIds: Type.Array(Type.String(), { description: 'Other cases split from the same submission' }),
  history: Type.Optional(Type.Array(HistoryStep, { maxItems: 100, description: 'Past steps of an imported case, replayed with its first routing' })),
  routing: Type.Optional(Type.Object(CaseRouting.properties, { additionalProperties: false, description: 'The first routing, decided at intake and applied with the registration' })),
}, { additionalProperties: false });
