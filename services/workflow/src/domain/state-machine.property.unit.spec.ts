import { expect } from 'chai';
import fc from 'fast-check';
import {
  CALLBACK_RESULTS, DECLINE_REASON_CODES, MEDIATION_TERMINATED_REASON_CODES, NOT_ACCEPTED_REASON_CODES,
  CLOCK_NAMES, DISPUTE_OUTCOMES, NOTICE_METHODS, PAUSABLE_CLOCKS, PAUSE_REASONS, REQUEST_TYPES_12345, TRANSFER_TARGET_KINDS,
  PUBLIC_COMMANDS, commandValidator, eventValidator,
  type Actor, type CaseCommand, type CaseEvent, type PublicCommandType,
} from '@cw/contracts';
import { RuleViolationError } from '@cw/platform';
import { MEDIATOR, OTHER_MEDIATOR, SUPERVISOR, SYSTEM, aRegistration, command, routing } from '../testing/case-kit.js';
import { availableActions } from './actions.js';
import { decide } from './decide.js';
import { evolve } from './evolve.js';
import { initialState, type CaseState, type RegisteredCase } from './case-state.js';
import { DEFAULT_WORKFLOW_CONFIG } from './rule-sets.js';
import { INITIAL_STATUS, isAllowedOrderTransition, isAllowedTransition, isOrderEvent } from './transitions.js';
import { addDays } from './local-date.js';
import { computeDeadline } from '@cw/calendar';

const text = fc.constantFrom('x', '说明', 'reason given');
const note = fc.option(text, { nil: undefined });
const yuan = fc.bigInt({ min: 0n, max: 100_000_00n }).map((fen) => {
  const s = fen.toString().padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
});
const money = fc.option(yuan.map((amountYuan) => ({ amountYuan })), { nil: undefined });

/** `{ k: v }` without keys whose value is undefined (the schemas forbid explicit undefined nowhere, but keep it clean). */
const clean = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const registration = fc.record({
  kind: fc.constantFrom('complaint', 'report', 'work-order'),
  ruleSet: fc.constantFrom('SAMR-20', 'SAMR-121'),
  viaHotline: fc.boolean(),
  requestType: fc.constantFrom(...REQUEST_TYPES_12345),
}).map(({ kind, ruleSet, viaHotline, requestType }) => {
  const order = kind === 'work-order' || viaHotline;
  return command('RegisterCase', aRegistration({
    kind,
    ruleSet,
    receivedAt: ruleSet === 'SAMR-20' ? '2025-03-03T09:00:00+08:00' : '2026-05-04T09:00:00+08:00',
    ...(order ? { channel: '12345-hotline', sourceSystem: '12345', workOrder: { orderNo: 'W-1', requestType } } : {}),
  }));
});

const anyCommand: fc.Arbitrary<CaseCommand> = fc.oneof(
  registration,
  fc.constantFrom('q-a', 'q-b').map((q) => command('RouteCase', routing(q))),
  fc.constant(command('ClaimCase', {})),
  note.map((n) => command('ReleaseCase', clean({ note: n }))),
  fc.constantFrom('mediator-1', 'mediator-2').map((toUserId) => command('ReassignCase', { toUserId })),
  note.map((n) => command('AcceptComplaint', clean({ note: n }))),
  fc.record({ reasonCode: fc.constantFrom(...NOT_ACCEPTED_REASON_CODES), explanation: fc.option(text, { nil: undefined }), otherRoutes: fc.option(fc.array(text, { maxLength: 2 }), { nil: undefined }) })
    .map((d) => command('RefuseComplaint', clean(d))),
  note.map((n) => command('StartMediation', clean({ note: n }))),
  fc.constantFrom('汕尾市消委会', '城区消委会').map((council) => command('DelegateToCouncil', { council })),
  fc.record({ clock: fc.constantFrom(...PAUSABLE_CLOCKS), reason: fc.constantFrom(...PAUSE_REASONS) }).map((d) => command('PauseClock', d)),
  fc.constantFrom(...PAUSABLE_CLOCKS).map((clock) => command('ResumeClock', { clock })),
  fc.record({ refund: money, compensation: money, replacementValue: money }).map((d) => command('RecordMediationSuccess', clean(d))),
  fc.constantFrom(...MEDIATION_TERMINATED_REASON_CODES).map((reasonCode) => command('TerminateMediation', { reasonCode })),
  note.map((n) => command('WithdrawComplaint', clean({ note: n }))),
  fc.constantFrom(...TRANSFER_TARGET_KINDS).map((kind) => command('TransferCase', { target: { kind, name: '海丰县局' }, reason: 'jurisdiction' })),
  fc.constantFrom(...NOTICE_METHODS).map((method) => command('NotifyTermination', { method })),
  fc.constant(command('RecordLead', { facts: '商家销售的商品涉嫌假冒注册商标' })),
  fc.constant(command('RaiseJurisdictionDispute', { withOffice: '深圳市市场监督管理局' })),
  fc.constantFrom(...DISPUTE_OUTCOMES).map((outcome) => command('SettleJurisdictionDispute', { outcome })),
  fc.constant(command('StartVerification', {})),
  fc.constant(command('ExtendVerification', { approvedBy: SUPERVISOR.id, reason: 'lab results' })),
  fc.constant(command('OpenEnforcementCase', { enforcementCaseNo: 'E-1' })),
  fc.constantFrom(...DECLINE_REASON_CODES).map((reason) => command('DeclineEnforcementCase', { reason, explanation: 'x' })),
  fc.constantFrom('case-0', 'case-1').map((intoCaseId) => command('MergeDuplicateReport', { intoCaseId })),
  fc.record({ mergedCaseId: fc.constantFrom('case-1', 'case-2', 'case-3'), days: fc.integer({ min: -10, max: 30 }) })
    .map(({ mergedCaseId, days }) => command('AbsorbMergedReport', { mergedCaseId, latestReceivedAt: `${addDays('2026-05-04', days)}T09:00:00+08:00` })),
  fc.constant(command('AcknowledgeOrder', {})),
  fc.constant(command('ReturnOrder', { reason: 'not ours' })),
  fc.constant(command('ReplyOrder', { reply: 'done' })),
  fc.record({ result: fc.constantFrom(...CALLBACK_RESULTS), handlerAtFault: fc.option(fc.boolean(), { nil: undefined }) })
    .map((d) => command('RecordCallback', clean(d))),
  fc.constant(command('RedoOrder', {})),
  fc.integer({ min: 1, max: 40 }).map((d) => command('RequestOrderExtension', { requestedDueOn: addDays('2026-05-05', d), reason: 'lab results' })),
  fc.record({ approved: fc.boolean(), days: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }) })
    .map(({ approved, days }) => command('DecideOrderExtension', clean({ approved, newDueOn: days === undefined ? undefined : addDays('2026-05-05', days) }))),
  fc.record({ accepted: fc.boolean(), reason: fc.option(text, { nil: undefined }) }).map((d) => command('ReviewOrderReply', clean(d))),
  fc.integer({ min: 0, max: 30 }).map((d) => command('RedispatchOrder', { dispatchedAt: `${addDays('2026-05-05', d)}T09:00:00+08:00` })),
  fc.constantFrom(...CLOCK_NAMES).map((clock) => command('RecordDeadlineWarning', { clock })),
  fc.constantFrom(...CLOCK_NAMES).map((clock) => command('RecordDeadlineMiss', { clock })),
);

const actor: fc.Arbitrary<Actor> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(MEDIATOR) },
  { weight: 1, arbitrary: fc.constant(OTHER_MEDIATOR) },
  { weight: 1, arbitrary: fc.constant(SUPERVISOR) },
  { weight: 1, arbitrary: fc.constant(SYSTEM) },
);

/** Steps forward along each track, weighted in so that sequences reach the late states too. */
const progress: fc.Arbitrary<CaseCommand> = fc.constantFrom(
  command('RouteCase', routing('q-a')),
  command('ClaimCase', {}),
  command('AcceptComplaint', {}),
  command('StartMediation', {}),
  command('RecordMediationSuccess', { refund: { amountYuan: '0.10' }, compensation: { amountYuan: '0.20' } }),
  command('StartVerification', {}),
  command('OpenEnforcementCase', {}),
  command('AcknowledgeOrder', {}),
  command('ReplyOrder', { reply: 'done' }),
  command('RecordCallback', { result: 'satisfied' }),
  command('RecordCallback', { result: 'dissatisfied', handlerAtFault: true }),
  command('RedoOrder', {}),
  command('PauseClock', { clock: 'mediation', reason: 'testing-appraisal' }),
  command('ResumeClock', { clock: 'mediation' }),
  command('PauseClock', { clock: 'verification', reason: 'suspension' }),
  command('ResumeClock', { clock: 'verification' }),
);

const stepArb = fc.record({
  command: fc.oneof({ weight: 2, arbitrary: anyCommand }, { weight: 3, arbitrary: progress }),
  actor,
  days: fc.integer({ min: 0, max: 6 }),
});
/** The forward path of each track; a scenario starts with a random-length prefix of it. */
function happyPath(first: CaseCommand): CaseCommand[] {
  const kind = first.type === 'RegisterCase' ? first.data.kind : 'complaint';
  const start = [command('RouteCase', routing('q-a')), command('ClaimCase', {})];
  if (kind === 'complaint') return [...start, command('AcceptComplaint', {}), command('StartMediation', {}), command('AcknowledgeOrder', {})];
  if (kind === 'report') return [...start, command('StartVerification', {}), command('AcknowledgeOrder', {})];
  return [...start, command('AcknowledgeOrder', {}), command('ReplyOrder', { reply: 'done' })];
}

const scenario = fc.tuple(registration, fc.nat({ max: 5 }), fc.array(stepArb, { minLength: 1, maxLength: 40, size: 'max' }))
  .map(([first, prefix, steps]) => [
    { command: first, actor: SYSTEM, days: 0 },
    ...happyPath(first).slice(0, prefix).map((c) => ({ command: c, actor: MEDIATOR, days: 1 })),
    ...steps,
  ]);

describe('state machine properties (fast-check)', () => {
  it('every event follows the transition table, validates against its schema, and version === events applied', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(scenario, (steps) => {
        let state: CaseState = initialState('case-1');
        let applied = 0;
        let day = '2026-05-05';
        for (const s of steps) {
          day = addDays(day, s.days);
          expect(commandValidator(s.command.type)(s.command.data), `generated ${s.command.type} must be valid`).to.equal(true);
          let events: CaseEvent[];
          try {
            events = decide(s.command, state, { now: `${day}T10:00:00+08:00`, actor: s.actor, config: DEFAULT_WORKFLOW_CONFIG });
          } catch (error) {
            if (error instanceof RuleViolationError) continue; // refused: state unchanged
            throw error;
          }
          for (const event of events) {
            expect(eventValidator(event.type)(event.data), `${event.type} data must match its schema`).to.equal(true);
            const before = state;
            state = evolve(state, event);
            applied++;
            seen.add(`${before.status === 'unregistered' ? '' : before.kind}|${before.status}|${event.type}`);
            if (state.status === 'unregistered') {
              expect.fail(`${event.type} left the case unregistered`);
            } else if (before.status === 'unregistered') {
              expect(event.type).to.equal('CaseRegistered');
              expect(state.status).to.equal(INITIAL_STATUS[state.kind]);
            } else {
              expect(isAllowedTransition(before.kind, before.status, event.type, state.status), `${before.kind}: ${before.status} --${event.type}--> ${state.status}`).to.equal(true);
              if (before.order !== null && state.order !== null && isOrderEvent(event.type)) {
                expect(isAllowedOrderTransition(before.order.status, event.type, state.order.status), `order: ${before.order.status} --${event.type}--> ${state.order.status}`).to.equal(true);
              }
              // Closed is final, but for a returned 12345 order dispatched again.
              if (before.status === 'closed' && event.type === 'OrderRedispatched') expect(before.outcome).to.equal('order-returned');
              else if (before.status === 'closed') expect(state.status).to.equal('closed');
            }
            expect(state.version).to.equal(applied);
          }
        }
      }),
      { numRuns: 300 },
    );
    // the generator does reach deep states, not just registration
    for (const reached of ['complaint|mediating|MediationSucceeded', 'report|verifying|EnforcementCaseOpened', 'work-order|replied|CallbackRecorded']) {
      expect([...seen], reached).to.include(reached);
    }
  });

  it('lists as a case\'s actions exactly the commands people send that the decider accepts in its state', () => {
    const PROBE: Actor = { id: 'probe-supervisor', role: 'supervisor' };
    /** One payload per command that no state refuses for its content (a new council, another user, another case). */
    const probe = (type: PublicCommandType, st: RegisteredCase): CaseCommand => {
      const clock = st.kind === 'report' ? 'verification' : 'mediation';
      const data: Record<PublicCommandType, unknown> = {
        ClaimCase: {}, ReleaseCase: {}, ReassignCase: { toUserId: 'probe-user' }, AcceptComplaint: {},
        RefuseComplaint: { reasonCode: 'no-authority', explanation: 'x', otherRoutes: ['x'] }, StartMediation: {},
        DelegateToCouncil: { council: '探测消委会' }, PauseClock: { clock, reason: 'testing-appraisal' }, ResumeClock: { clock },
        RecordMediationSuccess: {}, TerminateMediation: { reasonCode: MEDIATION_TERMINATED_REASON_CODES[0] }, WithdrawComplaint: {},
        TransferCase: { target: { kind: 'office', name: 'x' }, reason: 'x' }, StartVerification: {},
        ExtendVerification: { approvedBy: PROBE.id, reason: 'x' }, OpenEnforcementCase: {},
        DeclineEnforcementCase: { reason: DECLINE_REASON_CODES[0], explanation: 'x' }, MergeDuplicateReport: { intoCaseId: 'another-case' },
        AcknowledgeOrder: {}, ReturnOrder: { reason: 'x' }, ReplyOrder: { reply: 'x' }, RecordCallback: { result: 'satisfied' }, RedoOrder: {},
        NotifyTermination: { method: 'written' }, RecordLead: { facts: 'x' },
        RequestOrderExtension: { requestedDueOn: '2099-12-31', reason: 'x' }, DecideOrderExtension: { approved: false }, ReviewOrderReply: { accepted: true }, RaiseJurisdictionDispute: { withOffice: 'x' }, SettleJurisdictionDispute: { outcome: 'this-office' },
      };
      return command(type, data[type] as never);
    };
    let compared = 0;
    fc.assert(
      fc.property(scenario, (steps) => {
        let state: CaseState = initialState('case-1');
        let day = '2026-05-05';
        for (const s of steps) {
          day = addDays(day, s.days);
          const ctx = (actor: Actor) => ({ now: `${day}T10:00:00+08:00`, actor, config: DEFAULT_WORKFLOW_CONFIG });
          if (state.status !== 'unregistered') {
            const st = state;
            // A supervisor who is not the assignee may give every command: what it may do is what the case allows.
            const accepted = PUBLIC_COMMANDS.filter((type) => {
              try { return decide(probe(type, st), st, ctx(PROBE)).length > 0; } catch (e) { if (e instanceof RuleViolationError) return false; throw e; }
            });
            expect(availableActions(st, day, computeDeadline).map((a) => a.type), `${st.kind} ${st.status}, order ${st.order?.status ?? '-'}, assignee ${st.assignee ?? '-'}`)
              .to.deep.equal(accepted);
            compared += 1;
          }
          try {
            for (const event of decide(s.command, state, ctx(s.actor))) state = evolve(state, event);
          } catch (error) {
            if (!(error instanceof RuleViolationError)) throw error;
          }
        }
      }),
      { numRuns: 200 },
    );
    expect(compared).to.be.greaterThan(1000);
  });
});
