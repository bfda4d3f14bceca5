/**
 * The pieces every message schema is built from (one file per message version imports them).
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Instant, MoneyYuan, StringEnum } from '../common.js';
import {
  CALLBACK_RESULTS, ClockStart, DECLINE_REASON_CODES, MEDIATION_TERMINATED_REASON_CODES, NOT_ACCEPTED_REASON_CODES,
  PAUSABLE_CLOCKS, PAUSE_REASONS, TRANSFER_TARGET_KINDS,
} from '../vocabulary.js';

/** An object schema that refuses unknown fields. */
export const obj = <P extends Record<string, TSchema>>(properties: P, description: string) =>
  Type.Object(properties, { additionalProperties: false, description });

export const At = Instant('When it happened (the envelope occurredAt)');
export const Note = Type.Optional(Type.String({ maxLength: 2000, description: 'Free-text note' }));
export const UserId = (description: string) => Type.String({ minLength: 1, maxLength: 100, description });

export const NotAcceptedReasonSchema = StringEnum(NOT_ACCEPTED_REASON_CODES, { description: 'Ground for not accepting (Order 121 Art 16); validity depends on the rule set' });
export const MediationTerminatedReasonSchema = StringEnum(MEDIATION_TERMINATED_REASON_CODES, { description: 'Ground for terminating mediation (Order 121 Art 23)' });
export const DeclineReasonSchema = StringEnum(DECLINE_REASON_CODES, { description: 'Why no enforcement case is opened' });
export const CallbackResultSchema = StringEnum(CALLBACK_RESULTS, { description: 'Result of the 12345 callback (回访)' });
export const PauseReasonSchema = StringEnum(PAUSE_REASONS, { description: 'testing-appraisal (检验检测鉴定) or suspension (中止, e.g. recusal)' });
export const PausableClockSchema = StringEnum(PAUSABLE_CLOCKS, { description: 'The clock to stop or restart' });

export const AmountPart = Type.Object({
  amountYuan: MoneyYuan('Amount in yuan, decimal string, at most two decimals'),
}, { additionalProperties: false, description: 'One part of the money recovered' });

export const PoliceReferral = Type.Object({
  authority: Type.String({ minLength: 1, maxLength: 200, description: 'The public security organ the case was referred to' }),
  referredOn: Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Shanghai date of the referral' }),
  referenceNo: Type.Optional(Type.String({ maxLength: 100, description: 'Transfer letter number (移送函号), if any' })),
}, { additionalProperties: false, description: 'Suspected fraud or extortion referred to the police (移送公安机关, Order 121 Art 23 item 6)' });

export const TransferTarget = Type.Object({
  kind: StringEnum(TRANSFER_TARGET_KINDS, { description: 'office (another market-regulation office), agency or judicial' }),
  name: Type.String({ minLength: 1, maxLength: 200, description: 'Name of the receiving office or agency' }),
  code: Type.Optional(Type.String({ maxLength: 40, description: 'District or organisation code, if known' })),
}, { additionalProperties: false, description: 'Where the case goes' });

export const Clocks = Type.Array(ClockStart, { description: 'Clocks this event starts or restarts' });

export const RecoveredAmounts = Type.Object({
  refund: AmountPart,
  compensation: AmountPart,
  replacementValue: AmountPart,
  totalYuan: MoneyYuan('refund + compensation + replacementValue, exact'),
}, { additionalProperties: false, description: 'Money recovered for the consumer (挽回经济损失), two decimals each' });
export type RecoveredAmounts = Static<typeof RecoveredAmounts>;
