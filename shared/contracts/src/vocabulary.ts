/**
 * The workflow's vocabulary (DOMAIN.md §2–4, docs/decisions/0004-case-state-machines.md): reason
 * codes with their display text, statuses, clocks and their periods. The messages that use them
 * are in `messages/`, one file per message version.
 */
import { Type, type Static } from '@sinclair/typebox';
import { StringEnum, RULE_SET_CODES, type RuleSet } from './common.js';

// ---------------------------------------------------------------------------------------------
// Reason codes and display tables (DOMAIN.md §3). Codes are stored; the text is for display.
// ---------------------------------------------------------------------------------------------

/** One row of a display table: a stored code with Chinese and English text. */
export interface CodeLabel<C extends string = string> {
  code: C;
  zh: string;
  en: string;
}

export const NOT_ACCEPTED_REASON_CODES = [
  'no-authority',
  'handled-elsewhere',
  'not-consumer-dispute',
  'time-barred',
  'materials-missing',
  'materials-false',
  'identity-refused',
  'other-legal-grounds',
] as const;
export type NotAcceptedReason = (typeof NOT_ACCEPTED_REASON_CODES)[number];

/**
 * A ground in the rule sets that have it: its item number in each (Order No. 20 and Order No. 121
 * number their lists differently); a rule set not named in `items` does not have the ground.
 * `ruleSets` lists the same keys, for consoles that filter a list by the case's rule set; `null`
 * is a ground that exists there without an item number.
 */
export interface Ground<C extends string> extends CodeLabel<C> {
  items: Readonly<Partial<Record<RuleSet, number | null>>>;
  ruleSets: readonly RuleSet[];
}

function ground<C extends string, X extends object = object>(code: C, items: Partial<Record<RuleSet, number | null>>, zh: string, en: string, extra?: X): Ground<C> & X {
  return { code, items, ruleSets: RULE_SET_CODES.filter((r) => items[r] !== undefined), zh, en, ...(extra as X) };
}

/** Whether a ground exists under a rule set (an unknown code does not). */
export function groundInRuleSet<C extends string>(table: readonly Ground<C>[], code: C, ruleSet: RuleSet): boolean {
  return table.some((r) => r.code === code && r.items[ruleSet] !== undefined);
}

/** The item number of a ground under a rule set ("第N项"): undefined where it does not exist, null where unnumbered. */
export function groundItem<C extends string>(table: readonly Ground<C>[], code: C, ruleSet: RuleSet): number | null | undefined {
  return table.find((r) => r.code === code)?.items[ruleSet];
}

/**
 * Grounds for not accepting a complaint: Order 121 Art 16 items 1–7; Order No. 20's list has six
 * items, without "false materials" (121's item 5 is split into "missing" and "false") and without
 * 121's item 6 (identity).
 */
export const NOT_ACCEPTED_REASONS: readonly Ground<NotAcceptedReason>[] = [
  ground('no-authority', { 'SAMR-20': 1, 'SAMR-121': 1 }, '不属于市场监督管理部门职责，或者本机关不具有处理权限', 'Outside market regulation, or this office has no authority'),
  ground('handled-elsewhere', { 'SAMR-20': 2, 'SAMR-121': 2 }, '法院、仲裁机构、其他行政机关或者消费者协会等已经受理或者处理过', 'Already accepted or handled by a court, arbitration, another agency or the consumer council'),
  ground('not-consumer-dispute', { 'SAMR-20': 3, 'SAMR-121': 3 }, '不是为生活消费需要购买、使用商品或者接受服务，或者不能证明存在消费者权益争议', 'Not personal consumption, or no consumer dispute shown'),
  ground('time-barred', { 'SAMR-20': 4, 'SAMR-121': 4 }, '知道或者应当知道权益受到侵害之日起超过三年', 'More than three years since the consumer knew of the harm'),
  ground('materials-missing', { 'SAMR-20': 5, 'SAMR-121': 5 }, '未提供有效的身份信息、被投诉人信息、诉求或者事实等材料', 'Required materials missing'),
  ground('materials-false', { 'SAMR-121': 5 }, '提供的材料虚假', 'Materials provided are false'),
  ground('identity-refused', { 'SAMR-121': 6 }, '冒用他人身份或者拒不配合身份核验', "Uses another person's identity or refuses identity checks"),
  ground('other-legal-grounds', { 'SAMR-20': 6, 'SAMR-121': 7 }, '法律、法规、规章规定不予受理的其他情形', 'Other grounds under laws, regulations or rules'),
];

/** Whether a not-accepted reason code exists under a rule set. */
export function isNotAcceptedReasonValid(code: NotAcceptedReason, ruleSet: RuleSet): boolean {
  return groundInRuleSet(NOT_ACCEPTED_REASONS, code, ruleSet);
}

export const MEDIATION_TERMINATED_REASON_CODES = [
  'withdrawn-or-settled',
  'party-refuses',
  'no-agreement-possible',
  'testing-cost-disputed',
  'time-limit-reached',
  'refusal-ground-or-fraud',
  'party-ceased',
  'other-legal-grounds',
] as const;
export type MediationTerminatedReason = (typeof MEDIATION_TERMINATED_REASON_CODES)[number];

/**
 * Grounds for terminating mediation: Order 121 Art 23 items 1–8; Order No. 20 has seven, in
 * another order (testing costs second, refusal third), without "a party died or ceased" and
 * without the fraud referral (its item 6 is a refusal ground found after acceptance).
 * `mediationFailed` marks the grounds the annual report counts as "调解不成" (121's items 2–5).
 */
export const MEDIATION_TERMINATED_REASONS: readonly (Ground<MediationTerminatedReason> & { mediationFailed: boolean })[] = [
  ground('withdrawn-or-settled', { 'SAMR-20': 1, 'SAMR-121': 1 }, '投诉人撤回投诉或者双方自行和解', 'Complaint withdrawn or settled privately', { mediationFailed: false }),
  ground('party-refuses', { 'SAMR-20': 3, 'SAMR-121': 2 }, '一方拒绝参加调解', 'A party refuses to take part', { mediationFailed: true }),
  ground('no-agreement-possible', { 'SAMR-20': 4, 'SAMR-121': 3 }, '一方明确表示无法达成调解协议', 'A party states no agreement is possible', { mediationFailed: true }),
  ground('testing-cost-disputed', { 'SAMR-20': 2, 'SAMR-121': 4 }, '对检验、检测、鉴定机构或者费用承担无法协商一致', 'No agreement on the testing body or who pays for testing', { mediationFailed: true }),
  ground('time-limit-reached', { 'SAMR-20': 5, 'SAMR-121': 5 }, '调解期限届满仍未达成调解协议', 'Time limit reached without agreement', { mediationFailed: true }),
  ground('refusal-ground-or-fraud', { 'SAMR-20': 6, 'SAMR-121': 6 }, '发现不予受理情形或者涉嫌欺诈、敲诈勒索（移送公安机关）', 'A refusal ground or suspected fraud/extortion found (fraud referred to the police; SAMR-20: a refusal ground only)', { mediationFailed: false }),
  ground('party-ceased', { 'SAMR-121': 7 }, '一方死亡或者终止', 'A party died or ceased to exist', { mediationFailed: false }),
  ground('other-legal-grounds', { 'SAMR-20': 7, 'SAMR-121': 8 }, '法律、法规、规章规定的应当终止调解的其他情形', 'Other grounds under laws, regulations or rules', { mediationFailed: false }),
];

export const DECLINE_REASON_CODES = [
  'minor-and-corrected',
  'first-minor-offence',
  'no-fault-proven',
  'other',
  'no-authority',
  'duplicate-not-handled',
] as const;
export type DeclineReason = (typeof DECLINE_REASON_CODES)[number];

/**
 * Why a report does not lead to an enforcement case; the last two give their own report outcome.
 * "Duplicate, not handled again" exists only under Order 121 (items are not numbered here: the
 * grounds come from several articles of the penalty-procedure rules).
 */
const both = { 'SAMR-20': null, 'SAMR-121': null } as const;
export const DECLINE_REASONS: readonly Ground<DeclineReason>[] = [
  ground('minor-and-corrected', both, '违法行为轻微并及时改正，没有造成危害后果', 'Minor, corrected, no harm'),
  ground('first-minor-offence', both, '初次违法且危害后果轻微并及时改正', 'First minor offence, corrected'),
  ground('no-fault-proven', both, '当事人有证据足以证明没有主观过错', 'No fault proven'),
  ground('other', both, '其他不予立案情形', 'Other grounds for not opening a case'),
  ground('no-authority', both, '不属于本部门管辖（已告知举报人）', 'No authority (reporter informed)'),
  ground('duplicate-not-handled', { 'SAMR-121': null }, '重复举报，不再处理', 'Duplicate report, not handled again'),
];

export const COMPLAINT_OUTCOMES = ['mediation-succeeded', 'mediation-terminated', 'refused', 'withdrawn', 'transferred', 'order-returned'] as const;
export const REPORT_OUTCOMES = ['case-opened', 'not-opened', 'no-authority', 'duplicate-not-handled', 'merged', 'transferred', 'order-returned'] as const;
export const WORK_ORDER_OUTCOMES = ['completed', 'order-returned'] as const;
export const CASE_OUTCOMES = [...new Set([...COMPLAINT_OUTCOMES, ...REPORT_OUTCOMES, ...WORK_ORDER_OUTCOMES])] as (
  | (typeof COMPLAINT_OUTCOMES)[number]
  | (typeof REPORT_OUTCOMES)[number]
  | (typeof WORK_ORDER_OUTCOMES)[number]
)[];
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

/** Display text of every case outcome. */
export const CASE_OUTCOME_LABELS: Readonly<Record<CaseOutcome, { zh: string; en: string }>> = {
  'mediation-succeeded': { zh: '调解成功', en: 'Mediation succeeded' },
  'mediation-terminated': { zh: '终止调解', en: 'Mediation terminated' },
  refused: { zh: '不予受理', en: 'Not accepted' },
  withdrawn: { zh: '撤回投诉', en: 'Withdrawn' },
  transferred: { zh: '移送/转办', en: 'Transferred' },
  'order-returned': { zh: '退单', en: 'Work order returned' },
  'case-opened': { zh: '立案', en: 'Enforcement case opened' },
  'not-opened': { zh: '不予立案', en: 'Not opened' },
  'no-authority': { zh: '无管辖权（已告知举报人）', en: 'No authority (reporter informed)' },
  'duplicate-not-handled': { zh: '重复举报不再处理', en: 'Duplicate, not handled' },
  merged: { zh: '合并处理', en: 'Merged' },
  completed: { zh: '办结', en: 'Completed' },
};

export const CALLBACK_RESULTS = ['very-satisfied', 'satisfied', 'neutral', 'dissatisfied'] as const;
export type CallbackResult = (typeof CALLBACK_RESULTS)[number];
export const CALLBACK_RESULT_LABELS: readonly CodeLabel<CallbackResult>[] = [
  { code: 'very-satisfied', zh: '非常满意', en: 'Very satisfied' },
  { code: 'satisfied', zh: '满意', en: 'Satisfied' },
  { code: 'neutral', zh: '一般', en: 'Neutral' },
  { code: 'dissatisfied', zh: '不满意', en: 'Dissatisfied' },
];

export const PAUSE_REASONS = ['testing-appraisal', 'suspension'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];
export const PAUSE_REASON_LABELS: readonly CodeLabel<PauseReason>[] = [
  { code: 'testing-appraisal', zh: '检验、检测、鉴定', en: 'Product testing or appraisal' },
  { code: 'suspension', zh: '中止（如申请回避）', en: 'Suspension (e.g. a recusal request)' },
];

/** Ways the parties are told that mediation was terminated (告知方式). */
export const NOTICE_METHODS = ['written', 'phone', 'sms', 'online', 'in-person'] as const;
export type NoticeMethod = (typeof NOTICE_METHODS)[number];
export const NOTICE_METHOD_LABELS: readonly CodeLabel<NoticeMethod>[] = [
  { code: 'written', zh: '书面告知（终止调解告知书）', en: 'In writing (termination notice)' },
  { code: 'phone', zh: '电话告知', en: 'By phone' },
  { code: 'sms', zh: '短信告知', en: 'By text message' },
  { code: 'online', zh: '平台在线告知', en: 'On the online platform' },
  { code: 'in-person', zh: '当面告知', en: 'In person' },
];

/** Who handles a case once a jurisdiction dispute is settled: this office, or the other one (the case is then transferred). */
export const DISPUTE_OUTCOMES = ['this-office', 'other-office'] as const;
export type DisputeOutcome = (typeof DISPUTE_OUTCOMES)[number];
export const DISPUTE_OUTCOME_LABELS: readonly CodeLabel<DisputeOutcome>[] = [
  { code: 'this-office', zh: '由本单位管辖', en: 'This office handles it' },
  { code: 'other-office', zh: '由对方单位管辖（移送）', en: 'The other office handles it (transfer)' },
];

export const TRANSFER_TARGET_KINDS = ['office', 'agency', 'judicial'] as const;
export const TRANSFER_TARGET_LABELS: readonly CodeLabel<(typeof TRANSFER_TARGET_KINDS)[number]>[] = [
  { code: 'office', zh: '其他市场监管部门', en: 'Another market-regulation office' },
  { code: 'agency', zh: '其他行政机关', en: 'Another agency' },
  { code: 'judicial', zh: '司法机关', en: 'Judicial organs' },
];

// ---------------------------------------------------------------------------------------------
// Statuses and clocks
// ---------------------------------------------------------------------------------------------

export const COMPLAINT_STATUSES = ['registered', 'pending-acceptance', 'accepted', 'mediating', 'closed'] as const;
export const REPORT_STATUSES = ['registered', 'pending-verification', 'verifying', 'closed'] as const;
export const WORK_ORDER_STATUSES = ['dispatched', 'acknowledged', 'replied', 'callback-recorded', 'closed'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];
export type CaseStatus = ComplaintStatus | ReportStatus | WorkOrderStatus;

/** Display text of every status. */
export const CASE_STATUS_LABELS: Readonly<Record<CaseStatus, { zh: string; en: string }>> = {
  registered: { zh: '已登记', en: 'Registered' },
  'pending-acceptance': { zh: '待受理', en: 'Pending acceptance' },
  accepted: { zh: '已受理', en: 'Accepted' },
  mediating: { zh: '调解中', en: 'Mediating' },
  'pending-verification': { zh: '待核查', en: 'Pending verification' },
  verifying: { zh: '核查中', en: 'Verifying' },
  dispatched: { zh: '已派单', en: 'Dispatched' },
  acknowledged: { zh: '已签收', en: 'Acknowledged' },
  replied: { zh: '已回复', en: 'Replied' },
  'callback-recorded': { zh: '已回访（待重办）', en: 'Callback recorded (awaiting redo)' },
  closed: { zh: '已办结', en: 'Closed' },
};

export const CLOCK_NAMES = ['accept', 'mediation', 'verification', 'terminationNotice', 'jurisdictionDispute', 'acknowledge12345', 'reply12345'] as const;
export type ClockName = (typeof CLOCK_NAMES)[number];
export const ClockNameSchema = StringEnum(CLOCK_NAMES, {
  description: 'accept (受理), mediation (调解), verification (核查), terminationNotice (终止调解告知), jurisdictionDispute (管辖争议), acknowledge12345 (签收), reply12345 (回复)',
});

/** Clocks that product testing/appraisal and suspensions stop (DOMAIN.md §3). */
export const PAUSABLE_CLOCKS = ['mediation', 'verification'] as const;
export type PausableClock = (typeof PAUSABLE_CLOCKS)[number];

export const LocalDateSchema = (description: string) =>
  Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });

export const ClockPeriod = Type.Object({
  days: Type.Integer({ minimum: 1, maximum: 3650, description: 'Length of the period' }),
  unit: StringEnum(['working', 'calendar'] as const, { description: 'Count working days or calendar days' }),
}, { additionalProperties: false, description: 'A time limit' });
export type ClockPeriod = Static<typeof ClockPeriod>;

/**
 * A clock's period with its approved extension: the one rule the workflow (due dates it
 * publishes) and stats (on time or not) both apply. Both must count the same unit; a mismatch
 * is refused (RangeError), never silently dropped.
 */
export function extendedPeriod(period: ClockPeriod, extension: ClockPeriod | undefined, clock = 'clock'): ClockPeriod {
  if (extension === undefined) return period;
  if (extension.unit !== period.unit) throw new RangeError(`${clock}: extension unit ${extension.unit} differs from ${period.unit}`);
  return { days: period.days + extension.days, unit: period.unit };
}

export const ClockStart = Type.Object({
  name: ClockNameSchema,
  startedOn: LocalDateSchema('Shanghai date the period counts from (that day itself does not count)'),
  period: ClockPeriod,
  fixedDueOn: Type.Optional(LocalDateSchema('A due date set by someone else (the 12345 hotline), used instead of the period')),
}, { additionalProperties: false, description: 'A clock started (or restarted) by this event; periods are recorded so replays do not depend on today\'s configuration' });
export type ClockStart = Static<typeof ClockStart>;
