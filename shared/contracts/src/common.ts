import { Type, type Static, type TUnsafe } from '@sinclair/typebox';
import { YUAN_INPUT_PATTERN } from './money.js';

/** A string enum rendered as JSON Schema `enum`, so a bad value reports the allowed values. */
export const StringEnum = <T extends readonly string[]>(values: T, options: { description: string }): TUnsafe<T[number]> =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

export const CATEGORY_CODES = [
  'price', 'food', 'ip', 'drug-cosmetic-device', 'special-equipment', 'product-quality', 'advertising', 'contract-service', 'other',
] as const;
export const Category = StringEnum(CATEGORY_CODES, { description: 'Category code of DOMAIN.md §6' });
export type Category = Static<typeof Category>;

export const CHANNELS = ['12315-hotline', '12315-web', '12315-app', '12315-wechat', 'letter', 'visit', 'consumer-council', '12345-hotline', 'mediation-lead'] as const;
export const Channel = StringEnum(CHANNELS, { description: 'Where the case came in' });
export type Channel = Static<typeof Channel>;

export const CASE_KINDS = ['complaint', 'report', 'work-order'] as const;
export const CaseKind = StringEnum(CASE_KINDS, {
  description: 'complaint (投诉), report (举报) or a 12345 work order (工单) that is neither',
});
export type CaseKind = Static<typeof CaseKind>;

export const RULE_SET_CODES = ['SAMR-20', 'SAMR-121'] as const;
export const RuleSet = StringEnum(RULE_SET_CODES, { description: 'Rule set chosen by the date of receipt' });
export type RuleSet = Static<typeof RuleSet>;

/** ISO 8601 instant with an explicit offset (Z or ±hh:mm). */
export const Instant = (description: string) =>
  Type.String({ format: 'date-time', pattern: '(Z|[+-]\\d{2}:\\d{2})$', description });

/** A yuan amount as a decimal string with at most two decimals, kept exact (no floats). */
export const MoneyYuan = (description: string) =>
  Type.String({ pattern: YUAN_INPUT_PATTERN, description });

export const Phone = Type.String({ pattern: '^\\+?[0-9][0-9 -]{4,19}$', description: 'Phone number, digits with optional +, spaces or dashes' });

export const Business = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200, description: 'Business name as the caller gave it' }),
  address: Type.Optional(Type.String({ maxLength: 500, description: 'Address of the business (where it operates)' })),
  districtCode: Type.Optional(Type.String({ pattern: '^[0-9A-Z-]{6,16}$', description: 'County-level district code if known' })),
  platform: Type.Optional(Type.String({ maxLength: 100, description: 'E-commerce platform, when the seller is online' })),
}, { additionalProperties: false, description: 'The business complained about or reported' });
export type Business = Static<typeof Business>;

export const Person = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100, description: 'Full name (personal data)' }),
  phone: Phone,
  idNumber: Type.Optional(Type.String({ pattern: '^[0-9]{17}[0-9Xx]$|^[A-Z0-9]{6,20}$', description: 'ID card number (personal data)' })),
}, { additionalProperties: false, description: 'The consumer, reporter or caller (personal data: masked on read)' });
export type Person = Static<typeof Person>;
