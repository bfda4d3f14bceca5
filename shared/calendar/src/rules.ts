/**
 * Statutory deadlines of the two rule sets (DOMAIN.md §3) as data.
 */
import { assertLocalDate, type LocalDate } from './local-date.js';
import type { Period } from './calendar.js';

/** Identifier of a rule set; every case records the one it runs under. */
export type RuleSetId = 'SAMR-20' | 'SAMR-121';

/** The deadlines of one rule set. Each period counts from the event named in its comment. */
export interface RuleSet {
  readonly id: RuleSetId;
  /** Regulation the rule set implements. */
  readonly title: string;
  /** First date of receipt the rule set applies to (inclusive); `null` = no lower bound. */
  readonly appliesFrom: LocalDate | null;
  /** Last date of receipt the rule set applies to (inclusive); `null` = no upper bound. */
  readonly appliesThrough: LocalDate | null;
  /** Accept or refuse a complaint, from receipt. */
  readonly accept: Period;
  /** Mediation cut-off (terminate if no agreement), from acceptance. */
  readonly mediation: Period;
  /** Notify the parties of termination, from the termination decision. */
  readonly terminationNotice: Period;
  /** Verify a report and decide on opening a case (penalty rules Art 18), from receipt. */
  readonly verification: Period;
  /** One extension of `verification`, with approval; counted on from the original due date. */
  readonly verificationExtension: Period;
  /** Verify a lead found during mediation, from discovery (extension: `verificationExtension`). */
  readonly leadVerification: Period;
  /** Settle a jurisdiction dispute between offices. */
  readonly jurisdictionDispute: Period;
}

/** Date of receipt from which Order No. 121 applies (inclusive). */
export const SAMR_121_EFFECTIVE_FROM: LocalDate = '2026-04-15';

const working = (days: number): Period => Object.freeze({ days, unit: 'working' });
const calendar = (days: number): Period => Object.freeze({ days, unit: 'calendar' });

/** The deadlines of DOMAIN.md §3, keyed by rule set id. */
export const RULE_SETS: Readonly<Record<RuleSetId, RuleSet>> = Object.freeze({
  'SAMR-20': Object.freeze({
    id: 'SAMR-20',
    title: 'SAMR Order No. 20 of 2019 (amended 2022), 市场监督管理投诉举报处理暂行办法',
    appliesFrom: null,
    appliesThrough: '2026-04-14',
    accept: working(7),
    mediation: working(45),
    terminationNotice: working(7),
    verification: working(15),
    verificationExtension: working(15),
    leadVerification: working(15),
    jurisdictionDispute: working(7),
  }),
  'SAMR-121': Object.freeze({
    id: 'SAMR-121',
    title: 'SAMR Order No. 121, in force from 2026-04-15',
    appliesFrom: SAMR_121_EFFECTIVE_FROM,
    appliesThrough: null,
    accept: working(7),
    mediation: calendar(60),
    terminationNotice: working(7),
    verification: working(15),
    verificationExtension: working(15),
    leadVerification: working(15),
    jurisdictionDispute: working(7),
  }),
} satisfies Record<RuleSetId, RuleSet>);

/**
 * The rule set that applies to a complaint or report, chosen by its date of receipt:
 * `SAMR-121` from 2026-04-15 (inclusive), `SAMR-20` before.
 * @param receivedAt Shanghai calendar date of receipt (see `toShanghaiDate`)
 */
export function ruleSetFor(receivedAt: LocalDate): RuleSetId {
  assertLocalDate(receivedAt, 'receivedAt');
  return receivedAt >= SAMR_121_EFFECTIVE_FROM ? 'SAMR-121' : 'SAMR-20';
}
