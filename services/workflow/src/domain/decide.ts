/**
 * `decide(command, state, ctx) → events`: the rules of DOMAIN.md §2–4 as one pure function.
 * Illegal commands throw a RuleViolationError whose stable `code` callers can branch on and whose
 * message is English / Chinese. An empty array means "already so" (idempotent no-op).
 */
import {
  APPROVER_ROLES,
  CASE_STATUS_LABELS,
  DECLINE_REASONS,
  MEDIATION_TERMINATED_REASONS,
  groundInRuleSet,
  OVERRIDE_ROLES,
  addYuan,
  caseIdFor,
  leadSourceKey,
  yuanToFen,
  isNotAcceptedReasonValid,
  normalizeYuan,
  type Actor,
  type CaseCommand,
  type CaseEvent,
  type ClockName,
  type ClockStart,
  type CommandOf,
  type CommandType,
  type EventType,
  type RuleSet,
} from '@cw/contracts';
import { computeDeadline as nationalDeadline, ruleSetFor } from '@cw/calendar';
import { RuleViolationError } from '@cw/errors';
import { isPaused, isRunning, type CaseState, type Clock, type RegisteredCase, type Track } from './case-state.js';
import { clockDeadline, type ComputeDeadline } from './deadlines.js';
import { shanghaiDate } from './local-date.js';
import { RULE_SET_RULES, type RequestType12345, type WorkflowConfig } from './rule-sets.js';
import { canHappen, canHappenToOrder, isOrderEvent } from './transitions.js';

export interface DecideContext {
  /** ISO instant of the decision; becomes each event's `at`. */
  now: string;
  actor: Actor;
  config: WorkflowConfig;
  /** The working-day calendar for rules judged by due dates (default: the national one). */
  computeDeadline?: ComputeDeadline;
}



/** Commands only the assignee (or an override role) may give: the handler's own decisions. */
export const ASSIGNEE_COMMANDS: readonly CommandType[] = [
  'AcceptComplaint', 'RefuseComplaint', 'StartMediation', 'DelegateToCouncil', 'PauseClock', 'ResumeClock',
  'RecordMediationSuccess', 'TerminateMediation', 'NotifyTermination', 'RecordLead', 'TransferCase', 'RaiseJurisdictionDispute', 'StartVerification',
  'OpenEnforcementCase', 'DeclineEnforcementCase', 'MergeDuplicateReport', 'AcknowledgeOrder', 'ReturnOrder', 'ReplyOrder', 'RequestOrderExtension',
];

/** Tracks each command applies to; 12345 commands also need the case to have a work order. */
export const COMMAND_TRACKS: Readonly<Record<CommandType, readonly Track[]>> = (() => {
  const all: readonly Track[] = ['complaint', 'report', 'work-order'];
  const complaint: readonly Track[] = ['complaint'];
  const report: readonly Track[] = ['report'];
  return {
    RegisterCase: all, RouteCase: all, ClaimCase: all, ReleaseCase: all, ReassignCase: all,
    AcceptComplaint: complaint, RefuseComplaint: complaint, StartMediation: complaint, DelegateToCouncil: complaint,
    RecordMediationSuccess: complaint, TerminateMediation: complaint, NotifyTermination: complaint, RecordLead: complaint, WithdrawComplaint: complaint,
    PauseClock: ['complaint', 'report'], ResumeClock: ['complaint', 'report'], TransferCase: ['complaint', 'report'],
    RaiseJurisdictionDispute: ['complaint', 'report'], SettleJurisdictionDispute: ['complaint', 'report'],
    StartVerification: report, ExtendVerification: report, OpenEnforcementCase: report, DeclineEnforcementCase: report,
    MergeDuplicateReport: report, AbsorbMergedReport: report,
    AcknowledgeOrder: all, ReturnOrder: all, ReplyOrder: all, RecordCallback: all, RedoOrder: all,
    RequestOrderExtension: all, DecideOrderExtension: all, ReviewOrderReply: all, RedispatchOrder: all,
    RecordDeadlineWarning: all, RecordDeadlineMiss: all,
  };
})();

const ORDER_COMMANDS: readonly CommandType[] = [
  'AcknowledgeOrder', 'ReturnOrder', 'ReplyOrder', 'RecordCallback', 'RedoOrder',
  'RequestOrderExtension', 'DecideOrderExtension', 'ReviewOrderReply', 'RedispatchOrder',
];

function violation(code: string, en: string, zh: string, extra: Record<string, unknown> = {}): RuleViolationError {
  return new RuleViolationError(code, `${en} / ${zh}`, extra);
}

/** Refuses unless `event` may happen now on this case (main status and, for 12345 events, the order's). */
function allow(state: RegisteredCase, event: EventType, command: CommandType): void {
  const orderOk = !isOrderEvent(event) || state.order === null || canHappenToOrder(state.order.status, event);
  if (canHappen(state.kind, state.status, event) && orderOk) return;
  const status = !orderOk && state.order !== null ? state.order.status : state.status;
  const label = CASE_STATUS_LABELS[status];
  throw violation('NOT_ALLOWED_IN_STATUS', `${command} is not allowed while the case is ${label.en.toLowerCase()}`,
    `案件当前状态为“${label.zh}”，不能执行此操作`, { command, status });
}

function assertAssignee(state: RegisteredCase, actor: Actor, command: CommandType): void {
  if (OVERRIDE_ROLES.includes(actor.role) || state.assignee === actor.id) return;
  if (state.assignee === null) {
    throw violation('NOT_CLAIMED', `Claim the case before ${command}`, '请先认领案件再办理', { command });
  }
  throw violation('NOT_ASSIGNEE', `Only the assignee may ${command}`, '只有案件承办人可以办理此操作', { command, assignee: state.assignee });
}

function runningClock(state: RegisteredCase, name: ClockName): Clock {
  const clock = state.clocks[name];
  if (!isRunning(clock)) {
    throw violation('CLOCK_NOT_RUNNING', `The ${name} clock is not running`, `${name} 时限未在计时`, { clock: name });
  }
  return clock;
}


/** sla's observations, dated when it looks, not steps of the case: they follow no order. */
const DEADLINE_COMMANDS: readonly CommandType[] = ['RecordDeadlineWarning', 'RecordDeadlineMiss'];

/**
 * How far a step may seem to come before the one it follows: the clocks of the hosts that stamp
 * commands (gateway, intake, sla) may differ by this much. An imported step a day early is refused.
 */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** Refuses a step dated before the case's receipt or before the last step it follows. */
function assertChronology(state: RegisteredCase, at: string, command: CommandType): void {
  const t = Date.parse(at);
  const after = state.lastStepAt ?? state.receivedAt;
  if (t + CLOCK_SKEW_MS >= Date.parse(after)) return;
  const first = after === state.receivedAt;
  throw violation('OUT_OF_ORDER',
    first ? `${command} is dated ${at}, before the case was received (${after})` : `${command} is dated ${at}, before the step it follows (${after})`,
    first ? `${command} 的时间（${at}）早于案件收到时间（${after}）` : `${command} 的时间（${at}）早于前一环节（${after}）`,
    { command, at, after });
}

/** The mediation clock's due date on `at`'s day (pauses counted), or the refusal when it has no clock. */
function mediationDue(state: RegisteredCase, at: string, compute: ComputeDeadline): string {
  const clock = runningClock(state, 'mediation');
  return clockDeadline(clock, shanghaiDate(at), compute).due;
}

function assertInRuleSet(found: boolean, what: string, code: string, ruleSet: RuleSet, zh: string): void {
  if (found) return;
  throw violation('REASON_NOT_IN_RULE_SET', `${what} '${code}' does not exist under ${ruleSet}`, `${ruleSet} 未规定该${zh}（${code}）`, { reasonCode: code, ruleSet });
}

function ev<T extends CaseEvent['type']>(type: T, data: Extract<CaseEvent, { type: T }>['data']): CaseEvent {
  return { type, data } as CaseEvent;
}

/**
 * Clocks a receipt starts (DOMAIN.md §3–4): the case's statutory clock and, for a 12345 order, the
 * order's two — at registration, and again when a returned order is dispatched again.
 */
function receiptClocks(
  r: { kind: Track; receivedAt: string; ruleSet: RuleSet; workOrder?: { requestType: RequestType12345; replyDueAt?: string } },
  config: WorkflowConfig,
): ClockStart[] {
  const startedOn = shanghaiDate(r.receivedAt);
  const rules = RULE_SET_RULES[r.ruleSet];
  const clocks: ClockStart[] = [];
  if (r.kind === 'complaint') clocks.push({ name: 'accept', startedOn, period: rules.accept });
  // A report opened on a lead found during mediation is received when the lead was found (intake
  // sets receivedAt = lead.discoveredAt), so it too is verified within 15 WD of that day.
  if (r.kind === 'report') clocks.push({ name: 'verification', startedOn, period: rules.verification });
  if (r.workOrder !== undefined) {
    clocks.push({ name: 'acknowledge12345', startedOn, period: config.workOrder.acknowledge });
    clocks.push({
      name: 'reply12345',
      startedOn,
      period: config.workOrder.reply[r.workOrder.requestType],
      ...(r.workOrder.replyDueAt === undefined ? {} : { fixedDueOn: shanghaiDate(r.workOrder.replyDueAt) }),
    });
  }
  return clocks;
}

/** A new 12345 reply cycle from `at` (a redo, a reply sent back), by the order's request type. */
function replyCycle(s: RegisteredCase, at: string, config: WorkflowConfig): ClockStart[] {
  return [{ name: 'reply12345', startedOn: shanghaiDate(at), period: config.workOrder.reply[s.order?.requestType ?? 'complaint'] }];
}

/** The termination-notice clock a termination starts: the parties are told within 7 working days of the decision. */
function noticeClock(s: RegisteredCase, at: string): ClockStart[] {
  return [{ name: 'terminationNotice', startedOn: shanghaiDate(at), period: RULE_SET_RULES[s.ruleSet].terminationNotice }];
}

function assertRefusal(cmd: CommandOf<'RefuseComplaint'>, ruleSet: RuleSet): void {
  const { reasonCode, explanation, otherRoutes } = cmd.data;
  assertInRuleSet(isNotAcceptedReasonValid(reasonCode, ruleSet), 'Reason', reasonCode, ruleSet, '不予受理情形');
  if (RULE_SET_RULES[ruleSet].refusalNeedsReasonsAndRoutes
    && ((explanation ?? '').trim() === '' || (otherRoutes ?? []).length === 0)) {
    throw violation('REFUSAL_INCOMPLETE', `Under ${ruleSet} a refusal must state its reasons and other routes`,
      `依据${ruleSet}，不予受理应当说明理由并告知其他解决途径`, { ruleSet });
  }
}

/** Decides the events a command causes in the current state, or throws a RuleViolationError. */
export function decide(command: CaseCommand, state: CaseState, ctx: DecideContext): CaseEvent[] {
  const at = ctx.now;
  if (command.type === 'RegisterCase') {
    if (state.status !== 'unregistered') {
      throw violation('ALREADY_REGISTERED', 'The case is already registered', '案件已登记');
    }
    const { lead } = command.data;
    if (lead !== undefined && (command.data.kind !== 'report' || Date.parse(lead.discoveredAt) !== Date.parse(command.data.receivedAt))) {
      throw violation('LEAD_NOT_A_REPORT', 'A lead found during mediation opens a report received when the lead was found',
        '调解中发现的违法线索应当作为举报登记，收到时间为发现线索的时间');
    }
    if (command.data.kind === 'work-order' && command.data.workOrder === undefined) {
      throw violation('WORK_ORDER_REQUIRED', 'A work-order case needs its 12345 order details', '工单案件须包含12345工单信息');
    }
    // The rule set is chosen by the date of receipt (DOMAIN.md §3); a producer cannot pick another.
    const receivedOn = shanghaiDate(command.data.receivedAt);
    const applies = ruleSetFor(receivedOn);
    if (command.data.ruleSet !== applies) {
      throw violation('RULE_SET_MISMATCH', `A case received on ${receivedOn} runs under ${applies}, not ${command.data.ruleSet}`,
        `${receivedOn} 收到的案件适用 ${applies}，不适用 ${command.data.ruleSet}`, { ruleSet: command.data.ruleSet, applies, receivedOn });
    }
    return [ev('CaseRegistered', { ...command.data, clocks: receiptClocks(command.data, ctx.config) })];
  }
  if (state.status === 'unregistered') {
    throw violation('CASE_NOT_REGISTERED', 'The case does not exist yet', '案件尚未登记');
  }
  const s = state;
  if (!COMMAND_TRACKS[command.type].includes(s.kind)) {
    throw violation('WRONG_TRACK', `${command.type} does not apply to a ${s.kind} case`, '该操作不适用于此类案件', { command: command.type, track: s.kind });
  }
  if (ORDER_COMMANDS.includes(command.type) && s.order === null) {
    throw violation('NO_WORK_ORDER', `${command.type} needs a case that came as a 12345 work order`, '该案件不是12345工单', { command: command.type });
  }
  if (ASSIGNEE_COMMANDS.includes(command.type)) assertAssignee(s, ctx.actor, command.type);
  if (!DEADLINE_COMMANDS.includes(command.type)) assertChronology(s, at, command.type);
  const rules = RULE_SET_RULES[s.ruleSet];
  const compute = ctx.computeDeadline ?? nationalDeadline;

  switch (command.type) {
    case 'RouteCase':
      allow(s, 'CaseRouted', command.type);
      return [ev('CaseRouted', command.data)];

    case 'ClaimCase':
      allow(s, 'CaseClaimed', command.type);
      if (s.queue === null) throw violation('NOT_ROUTED', 'The case is in no queue yet', '案件尚未分派到队列');
      if (s.assignee === ctx.actor.id) return [];
      if (s.assignee !== null) {
        throw violation('ALREADY_CLAIMED', 'Another user has already claimed the case', '案件已被他人认领', { assignee: s.assignee });
      }
      return [ev('CaseClaimed', { userId: ctx.actor.id, at })];

    case 'ReleaseCase':
      allow(s, 'CaseReleased', command.type);
      if (s.assignee === null) throw violation('NOT_CLAIMED', 'The case is not claimed', '案件尚未被认领');
      assertAssignee(s, ctx.actor, command.type);
      return [ev('CaseReleased', { userId: s.assignee, ...opt('note', command.data.note), at })];

    case 'ReassignCase': {
      allow(s, 'CaseReassigned', command.type);
      if (!OVERRIDE_ROLES.includes(ctx.actor.role) && s.assignee !== ctx.actor.id) {
        throw violation('FORBIDDEN', 'Only a supervisor or the assignee may reassign the case', '只有负责人或案件承办人可以改派案件');
      }
      const { toUserId, note } = command.data;
      if (s.assignee === toUserId) return [];
      return [ev('CaseReassigned', { ...opt('fromUserId', s.assignee ?? undefined), toUserId, ...opt('note', note), at })];
    }

    case 'AcceptComplaint':
      allow(s, 'ComplaintAccepted', command.type);
      return [ev('ComplaintAccepted', {
        ...opt('note', command.data.note), at,
        clocks: [{ name: 'mediation', startedOn: shanghaiDate(at), period: rules.mediation }],
      })];

    case 'RefuseComplaint':
      allow(s, 'ComplaintRefused', command.type);
      assertRefusal(command, s.ruleSet);
      return [ev('ComplaintRefused', {
        reasonCode: command.data.reasonCode,
        ...opt('explanation', command.data.explanation),
        otherRoutes: command.data.otherRoutes ?? [],
        at,
      })];

    case 'StartMediation':
      allow(s, 'MediationStarted', command.type);
      return [ev('MediationStarted', { ...opt('note', command.data.note), at })];

    case 'DelegateToCouncil':
      allow(s, 'DelegatedToCouncil', command.type);
      if (s.delegatedTo === command.data.council) return [];
      return [ev('DelegatedToCouncil', { council: command.data.council, ...opt('note', command.data.note), at })];

    case 'PauseClock': {
      allow(s, 'ClockPaused', command.type);
      const clock = runningClock(s, command.data.clock);
      if (isPaused(clock)) throw violation('CLOCK_ALREADY_PAUSED', `The ${clock.name} clock is already paused`, '该时限已暂停计算');
      return [ev('ClockPaused', { clock: command.data.clock, reason: command.data.reason, ...opt('note', command.data.note), at })];
    }

    case 'ResumeClock': {
      allow(s, 'ClockResumed', command.type);
      const clock = runningClock(s, command.data.clock);
      if (!isPaused(clock)) throw violation('CLOCK_NOT_PAUSED', `The ${clock.name} clock is not paused`, '该时限未暂停');
      return [ev('ClockResumed', { clock: command.data.clock, at })];
    }

    case 'RecordMediationSuccess': {
      allow(s, 'MediationSucceeded', command.type);
      // After the cut-off mediation must be terminated (item 5), not recorded as a success; paused
      // days do not count, so a clock paused for testing ends later.
      const due = mediationDue(s, at, compute);
      if (shanghaiDate(at) > due) {
        throw violation('MEDIATION_PERIOD_ENDED', `The mediation period ended on ${due}: terminate it (time limit reached)`,
          `调解期限已于 ${due} 届满，应当终止调解`, { due });
      }
      const { refund, compensation, replacementValue, agreement } = command.data;
      const parts = {
        refund: { amountYuan: normalizeYuan(refund?.amountYuan ?? '0') },
        compensation: { amountYuan: normalizeYuan(compensation?.amountYuan ?? '0') },
        replacementValue: { amountYuan: normalizeYuan(replacementValue?.amountYuan ?? '0') },
      };
      const totalYuan = addYuan(parts.refund.amountYuan, parts.compensation.amountYuan, parts.replacementValue.amountYuan);
      return [ev('MediationSucceeded', { recovered: { ...parts, totalYuan, totalFen: yuanToFen(totalYuan).toString() }, ...opt('agreement', agreement), at })];
    }

    case 'TerminateMediation': {
      allow(s, 'MediationTerminated', command.type);
      const { reasonCode } = command.data;
      assertInRuleSet(groundInRuleSet(MEDIATION_TERMINATED_REASONS, reasonCode, s.ruleSet), 'Termination ground', reasonCode, s.ruleSet, '终止调解情形');
      if (reasonCode === 'time-limit-reached') {
        // "Time limit reached" only once the period (pauses not counted) has passed.
        const due = mediationDue(s, at, compute);
        if (shanghaiDate(at) <= due) {
          throw violation('TIME_LIMIT_NOT_REACHED', `The mediation period runs until ${due}`, `调解期限至 ${due} 届满，尚未届满`, { due });
        }
      }
      const { policeReferral, settledAmount } = command.data;
      if (policeReferral !== undefined) {
        // Referral to the police belongs to item 6 of Order 121 ("suspected fraud or extortion"); Order No. 20 has none.
        if (reasonCode !== 'refusal-ground-or-fraud' || s.ruleSet !== 'SAMR-121') {
          throw violation('REFERRAL_NOT_ALLOWED', 'A police referral goes with the ground "refusal ground or suspected fraud" under SAMR-121',
            '移送公安机关仅适用于 SAMR-121 “涉嫌欺诈、敲诈勒索”情形', { reasonCode, ruleSet: s.ruleSet });
        }
        if (policeReferral.referredOn > shanghaiDate(at)) {
          throw violation('OUT_OF_ORDER', `The referral date ${policeReferral.referredOn} is after the termination`, '移送日期不能晚于终止调解日期', { referredOn: policeReferral.referredOn });
        }
      }
      if (settledAmount !== undefined && reasonCode !== 'withdrawn-or-settled') {
        throw violation('SETTLEMENT_NOT_ALLOWED', 'A settled amount goes with the ground "withdrawn or settled privately" (item 1)',
          '和解金额仅适用于“双方自行和解”情形', { reasonCode });
      }
      const settled = settledAmount === undefined ? undefined
        : { amountYuan: normalizeYuan(settledAmount.amountYuan), amountFen: yuanToFen(settledAmount.amountYuan).toString() };
      return [ev('MediationTerminated', {
        reasonCode, ...opt('explanation', command.data.explanation), ...opt('policeReferral', policeReferral), ...opt('settled', settled), at,
        clocks: noticeClock(s, at),
      })];
    }

    case 'RecordLead': {
      allow(s, 'LeadFound', command.type);
      const leadNo = (s.leads?.length ?? 0) + 1;
      return [ev('LeadFound', {
        leadNo, leadCaseId: caseIdFor(leadSourceKey(s.caseId, leadNo), 'report'), facts: command.data.facts, ...opt('note', command.data.note), at,
      })];
    }

    case 'NotifyTermination':
      allow(s, 'TerminationNotified', command.type);
      runningClock(s, 'terminationNotice');
      return [ev('TerminationNotified', { method: command.data.method, ...opt('note', command.data.note), at })];

    case 'WithdrawComplaint':
      // After acceptance a withdrawal ends mediation: Order 121 Art 23 item 1.
      if (s.status === 'accepted' || s.status === 'mediating') {
        allow(s, 'MediationTerminated', command.type);
        return [ev('MediationTerminated', { reasonCode: 'withdrawn-or-settled', ...opt('explanation', command.data.note), at, clocks: noticeClock(s, at) })];
      }
      allow(s, 'ComplaintWithdrawn', command.type);
      return [ev('ComplaintWithdrawn', { ...opt('note', command.data.note), at })];

    case 'TransferCase':
      allow(s, 'CaseTransferred', command.type);
      return [ev('CaseTransferred', { target: command.data.target, reason: command.data.reason, at })];

    case 'RaiseJurisdictionDispute': {
      allow(s, 'JurisdictionDisputeRaised', command.type);
      if (isRunning(s.clocks.jurisdictionDispute)) {
        throw violation('DISPUTE_ALREADY_RAISED', 'A jurisdiction dispute is already open on this case', '本案已有未处理的管辖争议');
      }
      // 7 working days to settle; the case's own clocks run on (the dispute pauses nothing).
      return [ev('JurisdictionDisputeRaised', {
        withOffice: command.data.withOffice, ...opt('note', command.data.note), at,
        clocks: [{ name: 'jurisdictionDispute', startedOn: shanghaiDate(at), period: rules.jurisdictionDispute }],
      })];
    }

    case 'SettleJurisdictionDispute':
      allow(s, 'JurisdictionDisputeSettled', command.type);
      runningClock(s, 'jurisdictionDispute');
      if (!APPROVER_ROLES.includes(ctx.actor.role)) {
        throw violation('DISPUTE_NEEDS_SUPERVISOR', 'A jurisdiction dispute is settled by a supervisor', '管辖争议须由负责人处理', { role: ctx.actor.role });
      }
      return [ev('JurisdictionDisputeSettled', { outcome: command.data.outcome, ...opt('decidedBy', command.data.decidedBy), ...opt('note', command.data.note), at })];

    case 'StartVerification':
      allow(s, 'VerificationStarted', command.type);
      return [ev('VerificationStarted', { ...opt('note', command.data.note), at })];

    case 'ExtendVerification': {
      allow(s, 'VerificationExtended', command.type);
      // Approved by a supervisor who is not the case's assignee, who sends the command: the
      // approver recorded is the actor, so `approvedBy` must name them.
      if (!APPROVER_ROLES.includes(ctx.actor.role)) {
        throw violation('EXTENSION_NEEDS_APPROVAL', 'A verification extension is approved by a supervisor', '延长核查期限须经负责人批准', { role: ctx.actor.role });
      }
      if (s.assignee === ctx.actor.id) {
        throw violation('EXTENSION_SELF_APPROVED', 'The assignee cannot approve an extension of their own case', '承办人不能批准本人承办案件的延期');
      }
      if (command.data.approvedBy !== ctx.actor.id) {
        throw violation('EXTENSION_APPROVER_MISMATCH', `approvedBy must be the approving supervisor (${ctx.actor.id}), who sends the command`,
          '批准人须为发出此操作的负责人本人', { approvedBy: command.data.approvedBy, actor: ctx.actor.id });
      }
      const clock = runningClock(s, 'verification');
      if (clock.extension !== undefined) {
        throw violation('EXTENSION_ALREADY_USED', 'Verification can be extended only once', '核查期限只能延长一次');
      }
      // Judged by dates, not by whether sla has flagged the miss yet: on or before the due date.
      const { due } = clockDeadline(clock, shanghaiDate(at), compute);
      if (clock.missed || shanghaiDate(at) > due) {
        throw violation('EXTENSION_TOO_LATE', `An extension must be approved by the due date ${due}`, `延长期限须在期限届满（${due}）前批准`, { due });
      }
      return [ev('VerificationExtended', { approvedBy: ctx.actor.id, reason: command.data.reason, extension: rules.verificationExtension, at })];
    }

    case 'OpenEnforcementCase':
      allow(s, 'EnforcementCaseOpened', command.type);
      return [ev('EnforcementCaseOpened', { ...opt('enforcementCaseNo', command.data.enforcementCaseNo), ...opt('note', command.data.note), at })];

    case 'DeclineEnforcementCase':
      allow(s, 'EnforcementCaseDeclined', command.type);
      assertInRuleSet(groundInRuleSet(DECLINE_REASONS, command.data.reason, s.ruleSet), 'Decline reason', command.data.reason, s.ruleSet, '不予立案情形');
      return [ev('EnforcementCaseDeclined', { reason: command.data.reason, explanation: command.data.explanation, at })];

    case 'MergeDuplicateReport':
      allow(s, 'ReportMerged', command.type);
      if (s.ruleSet !== 'SAMR-121') {
        throw violation('MERGE_NOT_IN_RULE_SET', `Merging a duplicate report exists only under SAMR-121, not ${s.ruleSet}`,
          `合并处理重复举报仅适用于 SAMR-121，本案适用 ${s.ruleSet}`, { ruleSet: s.ruleSet });
      }
      if (command.data.intoCaseId === s.caseId) {
        throw violation('SELF_MERGE', 'A report cannot be merged into itself', '举报不能与自身合并');
      }
      return [ev('ReportMerged', { intoCaseId: command.data.intoCaseId, ...opt('note', command.data.note), at })];

    case 'AbsorbMergedReport': {
      allow(s, 'MergedReportAbsorbed', command.type);
      const { mergedCaseId, latestReceivedAt } = command.data;
      if (mergedCaseId === s.caseId) throw violation('SELF_MERGE', 'A report cannot be merged into itself', '举报不能与自身合并');
      if (s.mergedReports.includes(mergedCaseId)) return [];
      const current = s.clocks.verification;
      const latestOn = shanghaiDate(latestReceivedAt);
      // The clock restarts from the latest report; an older report changes nothing.
      const restart = current === undefined || current.completedOn !== undefined || latestOn > current.startedOn;
      return [ev('MergedReportAbsorbed', {
        mergedCaseId, latestReceivedAt, at,
        clocks: restart ? [{ name: 'verification', startedOn: latestOn, period: rules.verification }] : [],
      })];
    }

    case 'AcknowledgeOrder':
      allow(s, 'OrderAcknowledged', command.type);
      return [ev('OrderAcknowledged', { at })];

    case 'ReturnOrder':
      allow(s, 'OrderReturned', command.type);
      return [ev('OrderReturned', { reason: command.data.reason, at })];

    case 'ReplyOrder':
      allow(s, 'OrderReplied', command.type);
      return [ev('OrderReplied', { reply: command.data.reply, at })];

    case 'RecordCallback': {
      allow(s, 'CallbackRecorded', command.type);
      const { result, handlerAtFault, note } = command.data;
      return [ev('CallbackRecorded', { result, handlerAtFault: result === 'dissatisfied' && handlerAtFault === true, ...opt('note', note), at })];
    }

    case 'RedoOrder':
      allow(s, 'OrderRedone', command.type);
      return [ev('OrderRedone', { ...opt('reason', command.data.reason), at, clocks: replyCycle(s, at, ctx.config) })];

    case 'RequestOrderExtension': {
      allow(s, 'OrderExtensionRequested', command.type);
      const clock = runningClock(s, 'reply12345');
      if (s.order?.extensionRequest) {
        throw violation('EXTENSION_ALREADY_REQUESTED', 'An extension request is waiting for the hotline', '已有延期申请待12345审核');
      }
      // Before the deadline (DOMAIN.md §4), and for a later date than it.
      const { due } = clockDeadline(clock, shanghaiDate(at), compute);
      if (clock.missed || shanghaiDate(at) > due) {
        throw violation('EXTENSION_TOO_LATE', `An extension must be requested by the reply deadline ${due}`, `延期须在答复期限（${due}）届满前申请`, { due });
      }
      if (command.data.requestedDueOn <= due) {
        throw violation('EXTENSION_NOT_LATER', `The date asked for must be after the deadline ${due}`, `申请延期的日期须晚于原期限（${due}）`, { due });
      }
      return [ev('OrderExtensionRequested', { requestedDueOn: command.data.requestedDueOn, reason: command.data.reason, at })];
    }

    case 'DecideOrderExtension': {
      allow(s, 'OrderExtensionDecided', command.type);
      const request = s.order?.extensionRequest;
      if (!request) throw violation('NO_EXTENSION_REQUESTED', 'No extension request is waiting', '没有待审核的延期申请');
      const { approved, note } = command.data;
      if (!approved) return [ev('OrderExtensionDecided', { approved, ...opt('note', note), at })];
      const newDueOn = command.data.newDueOn ?? request.requestedDueOn;
      const { due } = clockDeadline(runningClock(s, 'reply12345'), shanghaiDate(at), compute);
      if (newDueOn <= due) {
        throw violation('EXTENSION_NOT_LATER', `The new date must be after the deadline ${due}`, `延期后的日期须晚于原期限（${due}）`, { due });
      }
      return [ev('OrderExtensionDecided', { approved, newDueOn, ...opt('note', note), at })];
    }

    case 'ReviewOrderReply': {
      allow(s, 'OrderReplyReviewed', command.type);
      const { accepted, reason } = command.data;
      if (accepted) return [ev('OrderReplyReviewed', { accepted, at, clocks: [] })];
      if ((reason ?? '').trim() === '') throw violation('REASON_REQUIRED', 'A reply sent back needs the reason', '退回答复须说明原因');
      // Sent back: handled again, with a new reply cycle from today.
      return [ev('OrderReplyReviewed', { accepted, reason: reason!, at, clocks: replyCycle(s, at, ctx.config) })];
    }

    case 'RedispatchOrder': {
      if (s.outcome !== 'order-returned') {
        throw violation('ORDER_NOT_RETURNED', 'Only a returned order can be dispatched again', '只有已退单的工单可以重新派单', { status: s.order?.status });
      }
      allow(s, 'OrderRedispatched', command.type);
      const { dispatchedAt, replyDueAt } = command.data;
      const requestType = s.order!.requestType;
      return [ev('OrderRedispatched', {
        at,
        clocks: receiptClocks({ kind: s.kind, receivedAt: dispatchedAt, ruleSet: s.ruleSet, workOrder: { requestType, ...opt('replyDueAt', replyDueAt) } }, ctx.config),
      })];
    }

    case 'RecordDeadlineWarning':
    case 'RecordDeadlineMiss': {
      const name = command.data.clock;
      const clock = s.clocks[name];
      if (clock === undefined) {
        throw violation('CLOCK_NOT_RUNNING', `The case has no ${name} clock`, `案件没有 ${name} 时限`, { clock: name });
      }
      const warning = command.type === 'RecordDeadlineWarning';
      // The SLA service may race with the act itself: a stopped or already flagged clock is a no-op.
      if (clock.completedOn !== undefined || (warning ? clock.warned : clock.missed)) return [];
      const type = warning ? 'DeadlineWarned' : 'DeadlineMissed';
      allow(s, type, command.type);
      return [ev(type, { clock: name, at })];
    }
  }
}

/** `{ [key]: value }` when value is defined, else `{}` (keeps optional fields absent, not undefined). */
function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
