/**
 * What a case accepts now, for the consoles (docs/decisions/0021-actions-from-the-workflow.md):
 * the commands people send whose event the transition table allows from the case's status (and,
 * for 12345 commands, its work order's), with the guards the decider applies before any payload
 * is read. Published on the case document (`actions`); the gateway keeps those the caller may give.
 * A property test holds it equal to what `decide` accepts.
 */
import { PUBLIC_COMMANDS, type CaseAction, type EventType, type PublicCommandType } from '@cw/contracts';
import { isPaused, isRunning, type RegisteredCase } from './case-state.js';
import { clockDeadline, type ComputeDeadline } from './deadlines.js';
import type { LocalDate } from './local-date.js';
import { ASSIGNEE_COMMANDS, COMMAND_TRACKS } from './decide.js';
import { canHappen, canHappenToOrder, isOrderEvent } from './transitions.js';

/** The events each command may produce (a withdrawal after acceptance ends the mediation). */
export const COMMAND_EVENTS: Readonly<Record<PublicCommandType, readonly EventType[]>> = {
  ClaimCase: ['CaseClaimed'], ReleaseCase: ['CaseReleased'], ReassignCase: ['CaseReassigned'],
  AcceptComplaint: ['ComplaintAccepted'], RefuseComplaint: ['ComplaintRefused'], StartMediation: ['MediationStarted'],
  DelegateToCouncil: ['DelegatedToCouncil'], PauseClock: ['ClockPaused'], ResumeClock: ['ClockResumed'],
  RecordMediationSuccess: ['MediationSucceeded'], TerminateMediation: ['MediationTerminated'], NotifyTermination: ['TerminationNotified'], RecordLead: ['LeadFound'],
  RaiseJurisdictionDispute: ['JurisdictionDisputeRaised'], SettleJurisdictionDispute: ['JurisdictionDisputeSettled'],
  WithdrawComplaint: ['ComplaintWithdrawn', 'MediationTerminated'], TransferCase: ['CaseTransferred'],
  StartVerification: ['VerificationStarted'], ExtendVerification: ['VerificationExtended'],
  OpenEnforcementCase: ['EnforcementCaseOpened'], DeclineEnforcementCase: ['EnforcementCaseDeclined'],
  MergeDuplicateReport: ['ReportMerged'],
  AcknowledgeOrder: ['OrderAcknowledged'], ReturnOrder: ['OrderReturned'], ReplyOrder: ['OrderReplied'],
  RecordCallback: ['CallbackRecorded'], RedoOrder: ['OrderRedone'],
  RequestOrderExtension: ['OrderExtensionRequested'], DecideOrderExtension: ['OrderExtensionDecided'], ReviewOrderReply: ['OrderReplyReviewed'],
};

/** Guards of `decide` that depend on the state and the day only (not on the payload or the actor). */
function guardHolds(s: RegisteredCase, type: PublicCommandType, today: LocalDate, compute: ComputeDeadline): boolean {
  const pausable = [s.clocks.mediation, s.clocks.verification].filter(isRunning);
  switch (type) {
    case 'ClaimCase': return s.queue !== null && s.assignee === null;
    case 'ReleaseCase': return s.assignee !== null;
    case 'PauseClock': return pausable.some((c) => !isPaused(c));
    case 'ResumeClock': return pausable.some(isPaused);
    case 'MergeDuplicateReport': return s.ruleSet === 'SAMR-121';
    case 'NotifyTermination': return isRunning(s.clocks.terminationNotice);
    case 'RaiseJurisdictionDispute': return !isRunning(s.clocks.jurisdictionDispute);
    case 'SettleJurisdictionDispute': return isRunning(s.clocks.jurisdictionDispute);
    case 'RecordMediationSuccess': {
      const m = s.clocks.mediation;
      return isRunning(m) && today <= clockDeadline(m, today, compute).due;
    }
    case 'RequestOrderExtension': {
      const r = s.clocks.reply12345;
      return isRunning(r) && !s.order?.extensionRequest && !r.missed && today <= clockDeadline(r, today, compute).due;
    }
    case 'DecideOrderExtension': return Boolean(s.order?.extensionRequest);
    case 'ExtendVerification': {
      const v = s.clocks.verification;
      return isRunning(v) && v.extension === undefined && !v.missed && today <= clockDeadline(v, today, compute).due;
    }
    default: return true;
  }
}

/** The commands people may send to this case on `today`, in the order of the command list. */
export function availableActions(s: RegisteredCase, today: LocalDate, compute: ComputeDeadline): CaseAction[] {
  return PUBLIC_COMMANDS.filter((type) => COMMAND_TRACKS[type].includes(s.kind)
    && COMMAND_EVENTS[type].some((event) => canHappen(s.kind, s.status, event)
      && (!isOrderEvent(event) || (s.order !== null && canHappenToOrder(s.order.status, event))))
    && guardHolds(s, type, today, compute))
    .map((type) => ({
      type,
      by: type === 'ExtendVerification' || type === 'SettleJurisdictionDispute' ? 'approver' : type === 'ReleaseCase' || type === 'ReassignCase' || ASSIGNEE_COMMANDS.includes(type) ? 'assignee' : 'anyone',
    }));
}
