/**
 * The messages of the workflow service, the single writer of each case (DOMAIN.md §2–4,
 * docs/decisions/0004-case-state-machines.md, 0020-versioned-contracts.md). Commands are imperative,
 * events past tense; every message is `{ type, data }` inside the common envelope.
 *
 * One file per message version under `commands/<family>/` and `events/<family>/` (in the spirit of
 * kafkajs's protocol folders). A message type's schema never changes once published: a change is a
 * new version file with an upcaster from the previous one, listed in {@link EVENT_HISTORY}. Producers
 * write the current version; consumers read every version through {@link upcastEvent}.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import { ValidationError } from '@cw/errors';
import { decodeEnvelope, type Envelope } from '../envelope.js';
import { createValidator, type Validator } from '../validate.js';
import { ClaimCaseV1 } from './commands/case/claim-case.v1.js';
import { PauseClockV1 } from './commands/case/pause-clock.v1.js';
import { ReassignCaseV1 } from './commands/case/reassign-case.v1.js';
import { RecordDeadlineV1 } from './commands/case/record-deadline.v1.js';
import { RegisterCaseV1 } from './commands/case/register-case.v1.js';
import { RegisterCaseV2, registerCaseV1toV2 } from './commands/case/register-case.v2.js';
import { RecordLeadV1 } from './commands/complaint/record-lead.v1.js';
import { ReleaseCaseV1 } from './commands/case/release-case.v1.js';
import { ResumeClockV1 } from './commands/case/resume-clock.v1.js';
import { RouteCaseV1 } from './commands/case/route-case.v1.js';
import { TransferCaseV1 } from './commands/case/transfer-case.v1.js';
import { RaiseJurisdictionDisputeV1 } from './commands/case/raise-jurisdiction-dispute.v1.js';
import { SettleJurisdictionDisputeV1 } from './commands/case/settle-jurisdiction-dispute.v1.js';
import { NotifyTerminationV1 } from './commands/complaint/notify-termination.v1.js';
import { AcceptComplaintV1 } from './commands/complaint/accept-complaint.v1.js';
import { DelegateToCouncilV1 } from './commands/complaint/delegate-to-council.v1.js';
import { RecordMediationSuccessV1 } from './commands/complaint/record-mediation-success.v1.js';
import { RefuseComplaintV1 } from './commands/complaint/refuse-complaint.v1.js';
import { StartMediationV1 } from './commands/complaint/start-mediation.v1.js';
import { TerminateMediationV1 } from './commands/complaint/terminate-mediation.v1.js';
import { TerminateMediationV2, terminateMediationV1toV2 } from './commands/complaint/terminate-mediation.v2.js';
import { WithdrawComplaintV1 } from './commands/complaint/withdraw-complaint.v1.js';
import { AbsorbMergedReportV1 } from './commands/report/absorb-merged-report.v1.js';
import { DeclineEnforcementCaseV1 } from './commands/report/decline-enforcement-case.v1.js';
import { ExtendVerificationV1 } from './commands/report/extend-verification.v1.js';
import { MergeDuplicateReportV1 } from './commands/report/merge-duplicate-report.v1.js';
import { OpenEnforcementCaseV1 } from './commands/report/open-enforcement-case.v1.js';
import { StartVerificationV1 } from './commands/report/start-verification.v1.js';
import { AcknowledgeOrderV1 } from './commands/work-order/acknowledge-order.v1.js';
import { RecordCallbackV1 } from './commands/work-order/record-callback.v1.js';
import { RedoOrderV1 } from './commands/work-order/redo-order.v1.js';
import { ReplyOrderV1 } from './commands/work-order/reply-order.v1.js';
import { ReturnOrderV1 } from './commands/work-order/return-order.v1.js';
import { RedispatchOrderV1 } from './commands/work-order/redispatch-order.v1.js';
import { RequestOrderExtensionV1 } from './commands/work-order/request-order-extension.v1.js';
import { DecideOrderExtensionV1 } from './commands/work-order/decide-order-extension.v1.js';
import { ReviewOrderReplyV1 } from './commands/work-order/review-order-reply.v1.js';
import { CaseClaimedV1 } from './events/case/case-claimed.v1.js';
import { CaseReassignedV1 } from './events/case/case-reassigned.v1.js';
import { CaseRegisteredV1 } from './events/case/case-registered.v1.js';
import { CaseRegisteredV2, caseRegisteredV1toV2 } from './events/case/case-registered.v2.js';
import { LeadFoundV1 } from './events/complaint/lead-found.v1.js';
import { CaseReleasedV1 } from './events/case/case-released.v1.js';
import { CaseRoutedV1 } from './events/case/case-routed.v1.js';
import { CaseTransferredV1 } from './events/case/case-transferred.v1.js';
import { ClockPausedV1 } from './events/case/clock-paused.v1.js';
import { ClockResumedV1 } from './events/case/clock-resumed.v1.js';
import { DeadlineRecordV1 } from './events/case/deadline-record.v1.js';
import { JurisdictionDisputeRaisedV1 } from './events/case/jurisdiction-dispute-raised.v1.js';
import { JurisdictionDisputeSettledV1 } from './events/case/jurisdiction-dispute-settled.v1.js';
import { TerminationNotifiedV1 } from './events/complaint/termination-notified.v1.js';
import { ComplaintAcceptedV1 } from './events/complaint/complaint-accepted.v1.js';
import { ComplaintRefusedV1 } from './events/complaint/complaint-refused.v1.js';
import { ComplaintWithdrawnV1 } from './events/complaint/complaint-withdrawn.v1.js';
import { DelegatedToCouncilV1 } from './events/complaint/delegated-to-council.v1.js';
import { MediationStartedV1 } from './events/complaint/mediation-started.v1.js';
import { MediationSucceededV1 } from './events/complaint/mediation-succeeded.v1.js';
import { MediationTerminatedV1 } from './events/complaint/mediation-terminated.v1.js';
import { MediationTerminatedV2, mediationTerminatedV1toV2 } from './events/complaint/mediation-terminated.v2.js';
import { MediationTerminatedV3, mediationTerminatedV2toV3 } from './events/complaint/mediation-terminated.v3.js';
import { EnforcementCaseDeclinedV1 } from './events/report/enforcement-case-declined.v1.js';
import { EnforcementCaseOpenedV1 } from './events/report/enforcement-case-opened.v1.js';
import { MergedReportAbsorbedV1 } from './events/report/merged-report-absorbed.v1.js';
import { ReportMergedV1 } from './events/report/report-merged.v1.js';
import { VerificationExtendedV1 } from './events/report/verification-extended.v1.js';
import { VerificationStartedV1 } from './events/report/verification-started.v1.js';
import { CallbackRecordedV1 } from './events/work-order/callback-recorded.v1.js';
import { OrderAcknowledgedV1 } from './events/work-order/order-acknowledged.v1.js';
import { OrderRedoneV1 } from './events/work-order/order-redone.v1.js';
import { OrderRepliedV1 } from './events/work-order/order-replied.v1.js';
import { OrderReturnedV1 } from './events/work-order/order-returned.v1.js';
import { OrderRedispatchedV1 } from './events/work-order/order-redispatched.v1.js';
import { OrderExtensionRequestedV1 } from './events/work-order/order-extension-requested.v1.js';
import { OrderExtensionDecidedV1 } from './events/work-order/order-extension-decided.v1.js';
import { OrderReplyReviewedV1 } from './events/work-order/order-reply-reviewed.v1.js';
import { MediationSucceededV2, mediationSucceededV1toV2 } from './events/complaint/mediation-succeeded.v2.js';

// ---------------------------------------------------------------------------------------------
// Commands (current versions)
// ---------------------------------------------------------------------------------------------

export const COMMAND_SCHEMAS = {
  RegisterCase: RegisterCaseV2,
  RouteCase: RouteCaseV1,
  ClaimCase: ClaimCaseV1,
  ReleaseCase: ReleaseCaseV1,
  ReassignCase: ReassignCaseV1,
  AcceptComplaint: AcceptComplaintV1,
  RefuseComplaint: RefuseComplaintV1,
  StartMediation: StartMediationV1,
  DelegateToCouncil: DelegateToCouncilV1,
  PauseClock: PauseClockV1,
  ResumeClock: ResumeClockV1,
  RecordMediationSuccess: RecordMediationSuccessV1,
  TerminateMediation: TerminateMediationV2,
  NotifyTermination: NotifyTerminationV1,
  RecordLead: RecordLeadV1,
  WithdrawComplaint: WithdrawComplaintV1,
  TransferCase: TransferCaseV1,
  RaiseJurisdictionDispute: RaiseJurisdictionDisputeV1,
  SettleJurisdictionDispute: SettleJurisdictionDisputeV1,
  StartVerification: StartVerificationV1,
  ExtendVerification: ExtendVerificationV1,
  OpenEnforcementCase: OpenEnforcementCaseV1,
  DeclineEnforcementCase: DeclineEnforcementCaseV1,
  MergeDuplicateReport: MergeDuplicateReportV1,
  AbsorbMergedReport: AbsorbMergedReportV1,
  AcknowledgeOrder: AcknowledgeOrderV1,
  ReturnOrder: ReturnOrderV1,
  ReplyOrder: ReplyOrderV1,
  RecordCallback: RecordCallbackV1,
  RedoOrder: RedoOrderV1,
  RequestOrderExtension: RequestOrderExtensionV1,
  DecideOrderExtension: DecideOrderExtensionV1,
  ReviewOrderReply: ReviewOrderReplyV1,
  RedispatchOrder: RedispatchOrderV1,
  RecordDeadlineWarning: RecordDeadlineV1,
  RecordDeadlineMiss: RecordDeadlineV1,
} as const satisfies Record<string, TSchema>;

export type CommandType = keyof typeof COMMAND_SCHEMAS;
export const COMMAND_TYPES = Object.keys(COMMAND_SCHEMAS) as CommandType[];
/**
 * Commands only the system sends (registration and routing, deadlines, merge follow-ups): the
 * public command API refuses them and an import may not carry them as steps.
 */
export const SYSTEM_COMMANDS = ['RegisterCase', 'RouteCase', 'RecordDeadlineWarning', 'RecordDeadlineMiss', 'AbsorbMergedReport', 'RedispatchOrder'] as const satisfies readonly CommandType[];
export type SystemCommandType = (typeof SYSTEM_COMMANDS)[number];
/** Commands people send (over `POST /api/v1/cases/:caseId/commands`, or as imported steps). */
export type PublicCommandType = Exclude<CommandType, SystemCommandType>;
export const PUBLIC_COMMANDS = COMMAND_TYPES.filter((t): t is PublicCommandType => !(SYSTEM_COMMANDS as readonly string[]).includes(t));
export const isSystemCommand = (type: string): type is SystemCommandType => (SYSTEM_COMMANDS as readonly string[]).includes(type);
export type CommandData<T extends CommandType> = Static<(typeof COMMAND_SCHEMAS)[T]>;
/** A command to the workflow service: `{ type, data }`, discriminated by `type`. */
export type CaseCommand = { [T in CommandType]: { type: T; data: CommandData<T> } }[CommandType];
export type CommandOf<T extends CommandType> = Extract<CaseCommand, { type: T }>;
/** The version of the commands that never changed; a changed one has its history in {@link COMMAND_HISTORY}. */
export const COMMAND_VERSION = 1;

// ---------------------------------------------------------------------------------------------
// Events (current versions) and the versions before them
// ---------------------------------------------------------------------------------------------

export const EVENT_SCHEMAS = {
  CaseRegistered: CaseRegisteredV2,
  CaseRouted: CaseRoutedV1,
  CaseClaimed: CaseClaimedV1,
  CaseReleased: CaseReleasedV1,
  CaseReassigned: CaseReassignedV1,
  ComplaintAccepted: ComplaintAcceptedV1,
  ComplaintRefused: ComplaintRefusedV1,
  MediationStarted: MediationStartedV1,
  DelegatedToCouncil: DelegatedToCouncilV1,
  ClockPaused: ClockPausedV1,
  ClockResumed: ClockResumedV1,
  MediationSucceeded: MediationSucceededV2,
  MediationTerminated: MediationTerminatedV3,
  TerminationNotified: TerminationNotifiedV1,
  LeadFound: LeadFoundV1,
  ComplaintWithdrawn: ComplaintWithdrawnV1,
  CaseTransferred: CaseTransferredV1,
  JurisdictionDisputeRaised: JurisdictionDisputeRaisedV1,
  JurisdictionDisputeSettled: JurisdictionDisputeSettledV1,
  VerificationStarted: VerificationStartedV1,
  VerificationExtended: VerificationExtendedV1,
  EnforcementCaseOpened: EnforcementCaseOpenedV1,
  EnforcementCaseDeclined: EnforcementCaseDeclinedV1,
  ReportMerged: ReportMergedV1,
  MergedReportAbsorbed: MergedReportAbsorbedV1,
  OrderAcknowledged: OrderAcknowledgedV1,
  OrderReturned: OrderReturnedV1,
  OrderReplied: OrderRepliedV1,
  CallbackRecorded: CallbackRecordedV1,
  OrderRedone: OrderRedoneV1,
  OrderExtensionRequested: OrderExtensionRequestedV1,
  OrderExtensionDecided: OrderExtensionDecidedV1,
  OrderReplyReviewed: OrderReplyReviewedV1,
  OrderRedispatched: OrderRedispatchedV1,
  DeadlineWarned: DeadlineRecordV1,
  DeadlineMissed: DeadlineRecordV1,
} as const satisfies Record<string, TSchema>;

export type EventType = keyof typeof EVENT_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];
export type EventData<T extends EventType> = Static<(typeof EVENT_SCHEMAS)[T]>;
/** An event of a case: `{ type, data }`, discriminated by `type`. */
export type CaseEvent = { [T in EventType]: { type: T; data: EventData<T> } }[EventType];
export type EventOf<T extends EventType> = Extract<CaseEvent, { type: T }>;

/** An earlier version of an event: its schema, and how its data becomes the next version's. */
export interface EarlierVersion {
  schema: TSchema;
  upcast: (data: never) => unknown;
}

/** Event type → version → that earlier version (the current one is the next after the last listed). */
export const EVENT_HISTORY: { readonly [T in EventType]?: Readonly<Record<number, EarlierVersion>> } = {
  CaseRegistered: { 1: { schema: CaseRegisteredV1, upcast: caseRegisteredV1toV2 } },
  MediationSucceeded: { 1: { schema: MediationSucceededV1, upcast: mediationSucceededV1toV2 } },
  MediationTerminated: {
    1: { schema: MediationTerminatedV1, upcast: mediationTerminatedV1toV2 },
    2: { schema: MediationTerminatedV2, upcast: mediationTerminatedV2toV3 },
  },
};

/** Command type → version → that earlier version, as for events: a sender on the old version is still understood. */
export const COMMAND_HISTORY: { readonly [T in CommandType]?: Readonly<Record<number, EarlierVersion>> } = {
  TerminateMediation: { 1: { schema: TerminateMediationV1, upcast: terminateMediationV1toV2 } },
  RegisterCase: { 1: { schema: RegisterCaseV1, upcast: registerCaseV1toV2 } },
};

/** The version producers write for a command type. */
export const commandVersion = (type: CommandType): number => COMMAND_VERSION + Object.keys(COMMAND_HISTORY[type] ?? {}).length;

/** The version producers write for an event type. */
export const eventVersion = (type: EventType): number => 1 + Object.keys(EVENT_HISTORY[type] ?? {}).length;

// ---------------------------------------------------------------------------------------------
// Validators (compiled on first use), upcasting and decoding
// ---------------------------------------------------------------------------------------------

const validators = new WeakMap<TSchema, Validator<unknown>>();
const validatorOf = (schema: TSchema): Validator<unknown> => {
  let v = validators.get(schema);
  if (v === undefined) { v = createValidator(schema); validators.set(schema, v); }
  return v;
};

/** The validator of one command type's data. */
export const commandValidator = <T extends CommandType>(type: T) => validatorOf(COMMAND_SCHEMAS[type]) as Validator<CommandData<T>>;

/** The validator of one event type's data (current version). */
export const eventValidator = <T extends EventType>(type: T) => validatorOf(EVENT_SCHEMAS[type]) as Validator<EventData<T>>;

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

/** Checks `{ type, data }` against the event schemas (current versions); throws a ValidationError otherwise. */
export function assertCaseEvent(value: { type: unknown; data: unknown }): CaseEvent {
  if (!isEventType(value.type)) {
    throw new ValidationError(`unknown event type ${String(value.type)}`, [{ pointer: '/type', rule: 'enum', message: 'must be a known event type' }]);
  }
  eventValidator(value.type).assert(value.data, `${value.type} data`);
  return value as CaseEvent;
}

const unknownVersion = (what: string, type: string, version: unknown, current: number) =>
  new ValidationError(`${what} ${type} has version ${String(version)}; this build reads versions 1 to ${current}`, [
    { pointer: '/version', rule: 'enum', message: `must be an integer from 1 to ${current}` },
  ]);

/**
 * An event as its current version: an earlier version's data is checked against that version's
 * schema and carried forward by each upcaster in turn. An unknown type, or a version this build
 * does not know (a newer producer), is a ValidationError: poison, dead-lettered, never retried.
 */
export function upcastEvent<E extends Envelope>(event: E): E {
  if (!isEventType(event.type)) {
    throw new ValidationError(`unknown event type ${String(event.type)}`, [{ pointer: '/type', rule: 'enum', message: 'must be a known event type' }]);
  }
  return carriedForward('Event', event, eventVersion(event.type), EVENT_HISTORY[event.type]);
}

/** A message at `current`: each earlier version's data checked against its own schema and carried forward by its upcaster. */
function carriedForward<E extends Envelope>(what: string, m: E, current: number, history: Readonly<Record<number, EarlierVersion>> | undefined): E {
  const from = m.version;
  if (!Number.isInteger(from) || from < 1 || from > current) throw unknownVersion(what, m.type, from, current);
  if (from === current) return m;
  let data: unknown = m.data;
  for (let v = from; v < current; v += 1) {
    const earlier = history![v]!;
    validatorOf(earlier.schema).assert(data, `${m.type} v${v} data`);
    data = earlier.upcast(data as never);
  }
  return { ...m, version: current, data };
}

type DecodeOptions = Omit<Parameters<typeof decodeEnvelope>[1], 'what'> & { what?: string };

/** Decodes an event from a Kafka message value and brings it to its current version (see `decodeEnvelope`, `upcastEvent`). */
export function decodeEvent<E extends Envelope = Envelope>(raw: Uint8Array | string | null | undefined, opts: DecodeOptions): E {
  const e = decodeEnvelope<E>(raw, { ...opts, what: opts.what ?? 'Event', require: [...new Set([...opts.require, 'type' as const])] });
  return upcastEvent(e);
}

/** Decodes a command from a Kafka message value; an unknown version is poison like a bad envelope. */
export function decodeCommand<E extends Envelope = Envelope>(raw: Uint8Array | string | null | undefined, opts: DecodeOptions): E {
  const c = decodeEnvelope<E>(raw, { ...opts, what: opts.what ?? 'Command', require: [...new Set([...opts.require, 'type' as const])] });
  return upcastCommand(c);
}

/** A command as its current version (an earlier one checked against its own schema and carried forward); like {@link upcastEvent}. */
export function upcastCommand<E extends Envelope>(c: E): E {
  // An unknown type is refused later, by the command's schema check (as before versions).
  if (!isCommandType(c.type)) return carriedForward('Command', c, COMMAND_VERSION, undefined);
  return carriedForward('Command', c, commandVersion(c.type), COMMAND_HISTORY[c.type]);
}

// ---------------------------------------------------------------------------------------------
// Writing envelopes
// ---------------------------------------------------------------------------------------------

/** What a producer says of a message; the version is the registry's, causation and correlation default to the message itself. */
export type EnvelopeInput<T extends string, D> = Omit<Envelope<T, D>, 'version' | 'causationId' | 'correlationId' | 'after'>
  & { causationId?: string; correlationId?: string };

/** A command as this build writes it (its type's current version, {@link commandVersion}). */
export function commandEnvelope<T extends CommandType, D>(m: EnvelopeInput<T, D>): Envelope<T, D> {
  return { ...m, version: commandVersion(m.type), correlationId: m.correlationId ?? m.id, causationId: m.causationId ?? m.id };
}

/** An event as this build writes it (its type's current version, {@link eventVersion}). */
export function eventEnvelope<T extends EventType, D>(m: EnvelopeInput<T, D>): Envelope<T, D> {
  return { ...m, version: eventVersion(m.type), correlationId: m.correlationId ?? m.id, causationId: m.causationId ?? m.id };
}
