/**
 * Commands and events of the workflow service, the single writer of each case (DOMAIN.md §2–4,
 * docs/decisions/0004-case-state-machines.md). Commands are imperative, events past tense; every
 * message is `{ type, data }` inside the common envelope.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { StringEnum, Instant, MoneyYuan, RULE_SET_CODES, type RuleSet } from './common.js';
import { CaseRegistration, CaseRouting } from './case.js';
import { ValidationError } from '@cw/errors';
import { createValidator, type Validator } from './validate.js';

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
 * Grounds for not accepting a complaint (Order 121 Art 16 items 1–7). Item 5 is split into
 * "missing" and "false" because SAMR-20 knows only the first; SAMR-20 also lacks item 6.
 */
export const NOT_ACCEPTED_REASONS: readonly (CodeLabel<NotAcceptedReason> & { item: number; ruleSets: readonly RuleSet[] })[] = [
  { code: 'no-authority', item: 1, ruleSets: RULE_SET_CODES, zh: '不属于市场监督管理部门职责，或者本机关不具有处理权限', en: 'Outside market regulation, or this office has no authority' },
  { code: 'handled-elsewhere', item: 2, ruleSets: RULE_SET_CODES, zh: '法院、仲裁机构、其他行政机关或者消费者协会等已经受理或者处理过', en: 'Already accepted or handled by a court, arbitration, another agency or the consumer council' },
  { code: 'not-consumer-dispute', item: 3, ruleSets: RULE_SET_CODES, zh: '不是为生活消费需要购买、使用商品或者接受服务，或者不能证明存在消费者权益争议', en: 'Not personal consumption, or no consumer dispute shown' },
  { code: 'time-barred', item: 4, ruleSets: RULE_SET_CODES, zh: '知道或者应当知道权益受到侵害之日起超过三年', en: 'More than three years since the consumer knew of the harm' },
  { code: 'materials-missing', item: 5, ruleSets: RULE_SET_CODES, zh: '未提供有效的身份信息、被投诉人信息、诉求或者事实等材料', en: 'Required materials missing' },
  { code: 'materials-false', item: 5, ruleSets: ['SAMR-121'], zh: '提供的材料虚假', en: 'Materials provided are false' },
  { code: 'identity-refused', item: 6, ruleSets: ['SAMR-121'], zh: '冒用他人身份或者拒不配合身份核验', en: "Uses another person's identity or refuses identity checks" },
  { code: 'other-legal-grounds', item: 7, ruleSets: RULE_SET_CODES, zh: '法律、法规、规章规定不予受理的其他情形', en: 'Other grounds under laws, regulations or rules' },
];

/** Whether a not-accepted reason code exists under a rule set. */
export function isNotAcceptedReasonValid(code: NotAcceptedReason, ruleSet: RuleSet): boolean {
  return NOT_ACCEPTED_REASONS.some((r) => r.code === code && r.ruleSets.includes(ruleSet));
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
 * Grounds for terminating mediation (Order 121 Art 23 items 1–8). `mediationFailed` marks the
 * items the annual report counts as "调解不成" (2–5). Both rule sets accept every code.
 */
export const MEDIATION_TERMINATED_REASONS: readonly (CodeLabel<MediationTerminatedReason> & { item: number; mediationFailed: boolean })[] = [
  { code: 'withdrawn-or-settled', item: 1, mediationFailed: false, zh: '投诉人撤回投诉或者双方自行和解', en: 'Complaint withdrawn or settled privately' },
  { code: 'party-refuses', item: 2, mediationFailed: true, zh: '一方拒绝参加调解', en: 'A party refuses to take part' },
  { code: 'no-agreement-possible', item: 3, mediationFailed: true, zh: '一方明确表示无法达成调解协议', en: 'A party states no agreement is possible' },
  { code: 'testing-cost-disputed', item: 4, mediationFailed: true, zh: '对检验、检测、鉴定费用承担无法协商一致', en: 'No agreement on who pays for testing' },
  { code: 'time-limit-reached', item: 5, mediationFailed: true, zh: '调解期限届满仍未达成调解协议', en: 'Time limit reached without agreement' },
  { code: 'refusal-ground-or-fraud', item: 6, mediationFailed: false, zh: '发现不予受理情形或者涉嫌欺诈、敲诈勒索（移送公安机关）', en: 'A refusal ground or suspected fraud/extortion found (fraud referred to the police)' },
  { code: 'party-ceased', item: 7, mediationFailed: false, zh: '一方死亡或者终止', en: 'A party died or ceased to exist' },
  { code: 'other-legal-grounds', item: 8, mediationFailed: false, zh: '法律、法规、规章规定的应当终止调解的其他情形', en: 'Other grounds under laws, regulations or rules' },
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

/** Why a report does not lead to an enforcement case; the last two give their own report outcome. */
export const DECLINE_REASONS: readonly CodeLabel<DeclineReason>[] = [
  { code: 'minor-and-corrected', zh: '违法行为轻微并及时改正，没有造成危害后果', en: 'Minor, corrected, no harm' },
  { code: 'first-minor-offence', zh: '初次违法且危害后果轻微并及时改正', en: 'First minor offence, corrected' },
  { code: 'no-fault-proven', zh: '当事人有证据足以证明没有主观过错', en: 'No fault proven' },
  { code: 'other', zh: '其他不予立案情形', en: 'Other grounds for not opening a case' },
  { code: 'no-authority', zh: '不属于本部门管辖（已告知举报人）', en: 'No authority (reporter informed)' },
  { code: 'duplicate-not-handled', zh: '重复举报，不再处理', en: 'Duplicate report, not handled again' },
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

export const CLOCK_NAMES = ['accept', 'mediation', 'verification', 'acknowledge12345', 'reply12345'] as const;
export type ClockName = (typeof CLOCK_NAMES)[number];
export const ClockNameSchema = StringEnum(CLOCK_NAMES, {
  description: 'accept (受理), mediation (调解), verification (核查), acknowledge12345 (签收), reply12345 (回复)',
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

const At = Instant('When it happened (the envelope occurredAt)');
const Note = Type.Optional(Type.String({ maxLength: 2000, description: 'Free-text note' }));
const UserId = (description: string) => Type.String({ minLength: 1, maxLength: 100, description });

export const NotAcceptedReasonSchema = StringEnum(NOT_ACCEPTED_REASON_CODES, { description: 'Ground for not accepting (Order 121 Art 16); validity depends on the rule set' });
export const MediationTerminatedReasonSchema = StringEnum(MEDIATION_TERMINATED_REASON_CODES, { description: 'Ground for terminating mediation (Order 121 Art 23)' });
export const DeclineReasonSchema = StringEnum(DECLINE_REASON_CODES, { description: 'Why no enforcement case is opened' });
export const CallbackResultSchema = StringEnum(CALLBACK_RESULTS, { description: 'Result of the 12345 callback (回访)' });
export const PauseReasonSchema = StringEnum(PAUSE_REASONS, { description: 'testing-appraisal (检验检测鉴定) or suspension (中止, e.g. recusal)' });
export const PausableClockSchema = StringEnum(PAUSABLE_CLOCKS, { description: 'The clock to stop or restart' });

export const AmountPart = Type.Object({
  amountYuan: MoneyYuan('Amount in yuan, decimal string, at most two decimals'),
}, { additionalProperties: false, description: 'One part of the money recovered' });

export const TransferTarget = Type.Object({
  kind: StringEnum(TRANSFER_TARGET_KINDS, { description: 'office (another market-regulation office), agency or judicial' }),
  name: Type.String({ minLength: 1, maxLength: 200, description: 'Name of the receiving office or agency' }),
  code: Type.Optional(Type.String({ maxLength: 40, description: 'District or organisation code, if known' })),
}, { additionalProperties: false, description: 'Where the case goes' });

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

const obj = <P extends Record<string, TSchema>>(properties: P, description: string) =>
  Type.Object(properties, { additionalProperties: false, description });

export const ClaimCaseData = obj({}, 'The actor takes the case from its queue');
export const ReleaseCaseData = obj({ note: Note }, 'The assignee puts the case back in its queue');
export const ReassignCaseData = obj({ toUserId: UserId('User the case is given to'), note: Note }, 'A supervisor (or the assignee) gives the case to another user');
export const AcceptComplaintData = obj({ note: Note }, 'Accept the complaint (受理); starts the mediation clock');
export const RefuseComplaintData = obj({
  reasonCode: NotAcceptedReasonSchema,
  explanation: Type.Optional(Type.String({ maxLength: 4000, description: 'Reasons told to the consumer (required under SAMR-121)' })),
  otherRoutes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 10, description: 'Other routes the consumer can take, e.g. court or arbitration (required under SAMR-121)' })),
}, 'Do not accept the complaint (不予受理)');
export const StartMediationData = obj({ note: Note }, 'Start mediating between consumer and business');
export const DelegateToCouncilData = obj({ council: Type.String({ minLength: 1, maxLength: 200, description: 'Consumer council the mediation is delegated to' }), note: Note }, 'Delegate the mediation to the consumer council (委托消委会调解)');
export const PauseClockData = obj({ clock: PausableClockSchema, reason: PauseReasonSchema, note: Note }, 'Stop a clock for testing/appraisal or a suspension');
export const ResumeClockData = obj({ clock: PausableClockSchema }, 'Restart a stopped clock');
export const RecordMediationSuccessData = obj({
  refund: Type.Optional(AmountPart),
  compensation: Type.Optional(AmountPart),
  replacementValue: Type.Optional(AmountPart),
  agreement: Type.Optional(Type.String({ maxLength: 4000, description: 'What the parties agreed' })),
}, 'Mediation reached agreement; the money recovered for the consumer (missing parts count as 0)');
export const TerminateMediationData = obj({
  reasonCode: MediationTerminatedReasonSchema,
  explanation: Type.Optional(Type.String({ maxLength: 4000, description: 'Details of the termination' })),
}, 'Terminate mediation (终止调解)');
export const WithdrawComplaintData = obj({ note: Note }, 'The consumer withdraws the complaint');
export const TransferCaseData = obj({ target: TransferTarget, reason: Type.String({ minLength: 1, maxLength: 2000, description: 'Why the case is transferred' }) }, 'Transfer the case to another office or agency (移送)');
export const StartVerificationData = obj({ note: Note }, 'Start verifying a report (核查)');
export const ExtendVerificationData = obj({
  approvedBy: UserId('Who approved the extension'),
  reason: Type.String({ minLength: 1, maxLength: 2000, description: 'Why more time is needed' }),
}, 'Extend the verification period once (+15 working days) with approval');
export const OpenEnforcementCaseData = obj({
  enforcementCaseNo: Type.Optional(Type.String({ maxLength: 64, description: 'Number of the enforcement case opened' })),
  note: Note,
}, 'Open an enforcement case (立案)');
export const DeclineEnforcementCaseData = obj({
  reason: DeclineReasonSchema,
  explanation: Type.String({ minLength: 1, maxLength: 4000, description: 'Explanation recorded and told to the reporter' }),
}, 'Decide not to open an enforcement case (不予立案)');
export const MergeDuplicateReportData = obj({
  intoCaseId: Type.String({ minLength: 1, maxLength: 64, description: 'The earlier case this report is merged into' }),
  note: Note,
}, 'Merge a report with new facts into an earlier case on the same matter; this case closes');
export const AbsorbMergedReportData = obj({
  mergedCaseId: Type.String({ minLength: 1, maxLength: 64, description: 'The later report merged into this case' }),
  latestReceivedAt: Instant('When the later report was received; the verification clock restarts from it'),
}, 'The surviving case takes in a merged report; its verification clock restarts');
export const AcknowledgeOrderData = obj({}, 'Acknowledge the 12345 work order (签收)');
export const ReturnOrderData = obj({ reason: Type.String({ minLength: 1, maxLength: 2000, description: 'Why the order is outside our remit' }) }, 'Return the 12345 work order (退单)');
export const ReplyOrderData = obj({ reply: Type.String({ minLength: 1, maxLength: 8000, description: 'Reply to the hotline (回复/办结)' }) }, 'Reply to the 12345 hotline');
export const RecordCallbackData = obj({
  result: CallbackResultSchema,
  handlerAtFault: Type.Optional(Type.Boolean({ description: 'A dissatisfied result caused by the handler (the order is then redone)' })),
  note: Note,
}, 'Result of the 12345 callback to the requester');
export const RedoOrderData = obj({ reason: Type.Optional(Type.String({ maxLength: 2000, description: 'Why it is redone' })) }, 'Handle the 12345 order again (重办); the reply clock restarts');
export const RecordDeadlineData = obj({ clock: ClockNameSchema }, 'A clock is close to (warning) or past (miss) its due date, as seen by the SLA service');

export const COMMAND_SCHEMAS = {
  RegisterCase: CaseRegistration,
  RouteCase: CaseRouting,
  ClaimCase: ClaimCaseData,
  ReleaseCase: ReleaseCaseData,
  ReassignCase: ReassignCaseData,
  AcceptComplaint: AcceptComplaintData,
  RefuseComplaint: RefuseComplaintData,
  StartMediation: StartMediationData,
  DelegateToCouncil: DelegateToCouncilData,
  PauseClock: PauseClockData,
  ResumeClock: ResumeClockData,
  RecordMediationSuccess: RecordMediationSuccessData,
  TerminateMediation: TerminateMediationData,
  WithdrawComplaint: WithdrawComplaintData,
  TransferCase: TransferCaseData,
  StartVerification: StartVerificationData,
  ExtendVerification: ExtendVerificationData,
  OpenEnforcementCase: OpenEnforcementCaseData,
  DeclineEnforcementCase: DeclineEnforcementCaseData,
  MergeDuplicateReport: MergeDuplicateReportData,
  AbsorbMergedReport: AbsorbMergedReportData,
  AcknowledgeOrder: AcknowledgeOrderData,
  ReturnOrder: ReturnOrderData,
  ReplyOrder: ReplyOrderData,
  RecordCallback: RecordCallbackData,
  RedoOrder: RedoOrderData,
  RecordDeadlineWarning: RecordDeadlineData,
  RecordDeadlineMiss: RecordDeadlineData,
} as const satisfies Record<string, TSchema>;

export type CommandType = keyof typeof COMMAND_SCHEMAS;
export const COMMAND_TYPES = Object.keys(COMMAND_SCHEMAS) as CommandType[];
/**
 * Commands only the system sends (registration and routing, deadlines, merge follow-ups): the
 * public command API refuses them and an import may not carry them as steps.
 */
export const SYSTEM_COMMANDS = ['RegisterCase', 'RouteCase', 'RecordDeadlineWarning', 'RecordDeadlineMiss', 'AbsorbMergedReport'] as const satisfies readonly CommandType[];
export type SystemCommandType = (typeof SYSTEM_COMMANDS)[number];
/** Commands people send (over `POST /api/v1/cases/:caseId/commands`, or as imported steps). */
export type PublicCommandType = Exclude<CommandType, SystemCommandType>;
export const PUBLIC_COMMANDS = COMMAND_TYPES.filter((t): t is PublicCommandType => !(SYSTEM_COMMANDS as readonly string[]).includes(t));
export const isSystemCommand = (type: string): type is SystemCommandType => (SYSTEM_COMMANDS as readonly string[]).includes(type);
export type CommandData<T extends CommandType> = Static<(typeof COMMAND_SCHEMAS)[T]>;
/** A command to the workflow service: `{ type, data }`, discriminated by `type`. */
export type CaseCommand = { [T in CommandType]: { type: T; data: CommandData<T> } }[CommandType];
export type CommandOf<T extends CommandType> = Extract<CaseCommand, { type: T }>;

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

const Clocks = Type.Array(ClockStart, { description: 'Clocks this event starts or restarts' });

export const CaseRegisteredData = Type.Object(
  { ...CaseRegistration.properties, clocks: Clocks },
  { additionalProperties: false, description: 'The case exists; the registration plus the clocks it starts' },
);
export const CaseRoutedData = CaseRouting;
export const CaseClaimedData = obj({ userId: UserId('New assignee'), at: At }, 'A user took the case');
export const CaseReleasedData = obj({ userId: UserId('The assignee who let go'), note: Note, at: At }, 'The case is back in its queue');
export const CaseReassignedData = obj({
  fromUserId: Type.Optional(UserId('Previous assignee, if any')),
  toUserId: UserId('New assignee'),
  note: Note,
  at: At,
}, 'The case was given to another user');
export const ComplaintAcceptedData = obj({ note: Note, at: At, clocks: Clocks }, 'The complaint was accepted');
export const ComplaintRefusedData = obj({
  reasonCode: NotAcceptedReasonSchema,
  explanation: Type.Optional(Type.String({ maxLength: 4000, description: 'Reasons told to the consumer' })),
  otherRoutes: Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 10, description: 'Other routes the consumer can take' }),
  at: At,
}, 'The complaint was not accepted');
export const MediationStartedData = obj({ note: Note, at: At }, 'Mediation started');
export const DelegatedToCouncilData = obj({ council: Type.String({ minLength: 1, maxLength: 200, description: 'Consumer council' }), note: Note, at: At }, 'Mediation delegated to the consumer council');
export const ClockPausedData = obj({ clock: PausableClockSchema, reason: PauseReasonSchema, note: Note, at: At }, 'A clock stopped; from this Shanghai date on, days do not count');
export const ClockResumedData = obj({ clock: PausableClockSchema, at: At }, 'A clock restarted; days count again from this Shanghai date');
export const RecoveredAmounts = Type.Object({
  refund: AmountPart,
  compensation: AmountPart,
  replacementValue: AmountPart,
  totalYuan: MoneyYuan('refund + compensation + replacementValue, exact'),
}, { additionalProperties: false, description: 'Money recovered for the consumer (挽回经济损失), two decimals each' });
export type RecoveredAmounts = Static<typeof RecoveredAmounts>;
export const MediationSucceededData = obj({
  recovered: RecoveredAmounts,
  agreement: Type.Optional(Type.String({ maxLength: 4000, description: 'What the parties agreed' })),
  at: At,
}, 'Mediation succeeded; the case closes');
export const MediationTerminatedData = obj({
  reasonCode: MediationTerminatedReasonSchema,
  explanation: Type.Optional(Type.String({ maxLength: 4000, description: 'Details' })),
  at: At,
}, 'Mediation terminated; the case closes');
export const ComplaintWithdrawnData = obj({ note: Note, at: At }, 'The consumer withdrew before acceptance; the case closes');
export const CaseTransferredData = obj({ target: TransferTarget, reason: Type.String({ minLength: 1, maxLength: 2000, description: 'Why' }), at: At }, 'The case went to another office or agency; it closes here');
export const VerificationStartedData = obj({ note: Note, at: At }, 'Verification of the report started');
export const VerificationExtendedData = obj({
  approvedBy: UserId('Who approved'),
  reason: Type.String({ minLength: 1, maxLength: 2000, description: 'Why' }),
  extension: ClockPeriod,
  at: At,
}, 'The verification period was extended (once)');
export const EnforcementCaseOpenedData = obj({
  enforcementCaseNo: Type.Optional(Type.String({ maxLength: 64, description: 'Enforcement case number' })),
  note: Note,
  at: At,
}, 'An enforcement case was opened; the report closes');
export const EnforcementCaseDeclinedData = obj({
  reason: DeclineReasonSchema,
  explanation: Type.String({ minLength: 1, maxLength: 4000, description: 'Explanation' }),
  at: At,
}, 'No enforcement case; the report closes');
export const ReportMergedData = obj({ intoCaseId: Type.String({ minLength: 1, maxLength: 64, description: 'Surviving case' }), note: Note, at: At }, 'This report was merged into another case; it closes');
export const MergedReportAbsorbedData = obj({
  mergedCaseId: Type.String({ minLength: 1, maxLength: 64, description: 'The report merged into this case' }),
  latestReceivedAt: Instant('Receipt of the later report'),
  at: At,
  clocks: Clocks,
}, 'This case took in a later report; its verification clock restarted');
export const OrderAcknowledgedData = obj({ at: At }, 'The 12345 order was acknowledged');
export const OrderReturnedData = obj({ reason: Type.String({ minLength: 1, maxLength: 2000, description: 'Why' }), at: At }, 'The 12345 order was returned to the hotline');
export const OrderRepliedData = obj({ reply: Type.String({ minLength: 1, maxLength: 8000, description: 'Reply text' }), at: At }, 'The 12345 order was replied to');
export const CallbackRecordedData = obj({
  result: CallbackResultSchema,
  handlerAtFault: Type.Boolean({ description: 'Dissatisfied because of the handler: the order waits for a redo' }),
  note: Note,
  at: At,
}, 'The 12345 callback result');
export const OrderRedoneData = obj({ reason: Type.Optional(Type.String({ maxLength: 2000, description: 'Why' })), at: At, clocks: Clocks }, 'The 12345 order is handled again');
export const DeadlineRecordData = obj({ clock: ClockNameSchema, at: At }, 'A deadline warning or miss');

export const EVENT_SCHEMAS = {
  CaseRegistered: CaseRegisteredData,
  CaseRouted: CaseRoutedData,
  CaseClaimed: CaseClaimedData,
  CaseReleased: CaseReleasedData,
  CaseReassigned: CaseReassignedData,
  ComplaintAccepted: ComplaintAcceptedData,
  ComplaintRefused: ComplaintRefusedData,
  MediationStarted: MediationStartedData,
  DelegatedToCouncil: DelegatedToCouncilData,
  ClockPaused: ClockPausedData,
  ClockResumed: ClockResumedData,
  MediationSucceeded: MediationSucceededData,
  MediationTerminated: MediationTerminatedData,
  ComplaintWithdrawn: ComplaintWithdrawnData,
  CaseTransferred: CaseTransferredData,
  VerificationStarted: VerificationStartedData,
  VerificationExtended: VerificationExtendedData,
  EnforcementCaseOpened: EnforcementCaseOpenedData,
  EnforcementCaseDeclined: EnforcementCaseDeclinedData,
  ReportMerged: ReportMergedData,
  MergedReportAbsorbed: MergedReportAbsorbedData,
  OrderAcknowledged: OrderAcknowledgedData,
  OrderReturned: OrderReturnedData,
  OrderReplied: OrderRepliedData,
  CallbackRecorded: CallbackRecordedData,
  OrderRedone: OrderRedoneData,
  DeadlineWarned: DeadlineRecordData,
  DeadlineMissed: DeadlineRecordData,
} as const satisfies Record<string, TSchema>;

export type EventType = keyof typeof EVENT_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];
export type EventData<T extends EventType> = Static<(typeof EVENT_SCHEMAS)[T]>;
/** An event of a case: `{ type, data }`, discriminated by `type`. */
export type CaseEvent = { [T in EventType]: { type: T; data: EventData<T> } }[EventType];
export type EventOf<T extends EventType> = Extract<CaseEvent, { type: T }>;

// ---------------------------------------------------------------------------------------------
// Validators (compiled on first use)
// ---------------------------------------------------------------------------------------------

const commandValidators = new Map<CommandType, Validator<unknown>>();
const eventValidators = new Map<EventType, Validator<unknown>>();

/** The validator of one command type's data. */
export function commandValidator<T extends CommandType>(type: T): Validator<CommandData<T>> {
  let v = commandValidators.get(type);
  if (v === undefined) { v = createValidator(COMMAND_SCHEMAS[type]); commandValidators.set(type, v); }
  return v as Validator<CommandData<T>>;
}

/** The validator of one event type's data. */
export function eventValidator<T extends EventType>(type: T): Validator<EventData<T>> {
  let v = eventValidators.get(type);
  if (v === undefined) { v = createValidator(EVENT_SCHEMAS[type]); eventValidators.set(type, v); }
  return v as Validator<EventData<T>>;
}

const isCommandType = (t: unknown): t is CommandType => typeof t === 'string' && Object.hasOwn(COMMAND_SCHEMAS, t);
const isEventType = (t: unknown): t is EventType => typeof t === 'string' && Object.hasOwn(EVENT_SCHEMAS, t);

/** Checks `{ type, data }` against the command schemas; throws a ValidationError otherwise. */
export function assertCaseCommand(value: { type: unknown; data: unknown }): CaseCommand {
  if (!isCommandType(value.type)) {
    throw new ValidationError(`unknown command type ${String(value.type)}`, [{ pointer: '/type', rule: 'enum', message: 'must be a known command type' }]);
  }
  commandValidator(value.type).assert(value.data, `${value.type} data`);
  return value as CaseCommand;
}

/** Checks `{ type, data }` against the event schemas; throws a ValidationError otherwise. */
export function assertCaseEvent(value: { type: unknown; data: unknown }): CaseEvent {
  if (!isEventType(value.type)) {
    throw new ValidationError(`unknown event type ${String(value.type)}`, [{ pointer: '/type', rule: 'enum', message: 'must be a known event type' }]);
  }
  eventValidator(value.type).assert(value.data, `${value.type} data`);
  return value as CaseEvent;
}
