/**
 * Issue 12: no sequence of commands makes a rate exceed 100 % or count an item twice. Random
 * command sequences run through the workflow's pure decider (refusals skipped, as the service
 * does); the events it produces go through the stats domain; for every bucket, every rate's
 * numerator is part of its denominator however the open items are settled, and each clock of a
 * case is counted at most once per start. Pure: no servers.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { computeDeadline } from '@cw/calendar';
import {
  MEDIATION_TERMINATED_REASON_CODES, RATE_FIGURES, settleOpenItems,
  type Actor, type BucketDoc, type CaseCommand, type CaseEvent, type CommandData, type CommandType,
} from '@cw/contracts';
import { contributionOf, dimsOfKey, foldFacts, type CaseFacts, type ComputeDue, type Counters } from '@cw/stats';
import { DEFAULT_WORKFLOW_CONFIG, decide, evolve, initialState, type CaseState } from '@cw/workflow';
import { RuleViolationError } from '@cw/errors';

const due: ComputeDue = (s, p, pauses) => computeDeadline(s, p, pauses);
const MEDIATOR: Actor = { id: 'mediator-1', role: 'mediator' };
const SUPERVISOR: Actor = { id: 'boss-1', role: 'supervisor' };
const SYSTEM: Actor = { id: 'sla', role: 'system' };
const cmd = <T extends CommandType>(type: T, data: CommandData<T>): CaseCommand => ({ type, data }) as CaseCommand;

const routing = cmd('RouteCase', {
  category: 'food', district: '441502', queue: 'q-a', configVersion: 'v1',
  reasons: { category: { ruleId: 'r', matched: [] }, jurisdiction: { ruleId: 'j', matched: [] } },
});

const registration = fc.record({
  kind: fc.constantFrom('complaint', 'report', 'work-order'),
  viaHotline: fc.boolean(),
  receivedOn: fc.constantFrom('2026-05-04', '2026-05-28', '2026-09-25', '2026-12-24'),
}).map(({ kind, viaHotline, receivedOn }) => cmd('RegisterCase', {
  caseNo: 'SW-2026-000001', kind, ruleSet: 'SAMR-121', receivedAt: `${receivedOn}T09:00:00+08:00`,
  channel: kind === 'work-order' || viaHotline ? '12345-hotline' : '12315-hotline',
  sourceSystem: kind === 'work-order' || viaHotline ? '12345' : '12315', sourceRef: 'r-1',
  business: { name: '某店' }, summary: 's', narrative: 'n', linkedCaseIds: [],
  ...(kind === 'work-order' || viaHotline ? { workOrder: { orderNo: 'W-1', requestType: 'complaint' as const } } : {}),
}));

/** The commands that move a rate, with who gives them. */
/** Steps forward along each track, weighted in so that sequences reach decisions. */
const progress = fc.constantFrom<[CaseCommand, Actor]>(
  [cmd('AcceptComplaint', {}), MEDIATOR], [cmd('StartMediation', {}), MEDIATOR], [cmd('RecordMediationSuccess', { refund: { amountYuan: '1.00' } }), MEDIATOR],
  [cmd('StartVerification', {}), MEDIATOR], [cmd('OpenEnforcementCase', {}), MEDIATOR], [cmd('AcknowledgeOrder', {}), MEDIATOR], [cmd('ReplyOrder', { reply: 'x' }), MEDIATOR],
  [cmd('NotifyTermination', { method: 'written' }), MEDIATOR],
);

const step = fc.record({
  // Mostly a few days apart; now and then weeks (past a due date, into another month).
  days: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 4 }) }, { weight: 1, arbitrary: fc.integer({ min: 10, max: 45 }) }),
  command: fc.oneof({ weight: 2, arbitrary: progress }, { weight: 3, arbitrary: fc.oneof(
    fc.constant<[CaseCommand, Actor]>([cmd('ClaimCase', {}), MEDIATOR]),
    fc.constant<[CaseCommand, Actor]>([cmd('AcceptComplaint', {}), MEDIATOR]),
    fc.constant<[CaseCommand, Actor]>([cmd('RefuseComplaint', { reasonCode: 'no-authority', explanation: 'x', otherRoutes: ['y'] }), MEDIATOR]),
    fc.constant<[CaseCommand, Actor]>([cmd('StartMediation', {}), MEDIATOR]),
    fc.constant<[CaseCommand, Actor]>([cmd('RecordMediationSuccess', { refund: { amountYuan: '1.00' } }), MEDIATOR]),
    fc.constantFrom(...MEDIATION_TERMINATED_REASON_CODES).map((reasonCode): [CaseCommand, Actor] => [cmd('TerminateMediation', { reasonCode }), MEDIATOR]),
    fc.constant<[CaseCommand, Actor]>([cmd('WithdrawComplaint', {}), MEDIATOR]),
    fc.constant<[CaseCommand, Actor]>([cmd('NotifyTermination', { method: 'written' }), MEDIATOR]),
    fc.constant<[CaseCommand, Actor]>([cmd('RaiseJurisdictionDispute', { withOffice: 'x' }), MEDIATOR]),
    fc.constant<[CaseCommand, Actor]>([cmd('SettleJurisdictionDispute', { outcome: 'this-office' }), SUPERVISOR]),
    fc.constantFrom('mediation', 'verification').map((clock): [CaseCommand, Actor] => [cmd('PauseClock', { clock, reason: 'testing-appraisal' }), MEDIATOR]),
    fc.constantFrom('mediation', 'verification').map((clock): [CaseCommand, Actor] => [cmd('ResumeClock', { clock }), MEDIATOR]),
    fc.constant<[CaseCommand, Actor]>([cmd('StartVerification', {}), MEDIATOR]),
    fc.constant<[CaseCommand, Actor]>([cmd('ExtendVerification', { approvedBy: SUPERVISOR.id, reason: 'x' }), SUPERVISOR]),
    fc.constant<[CaseCommand, Actor]>([cmd('OpenEnforcementCase', {}), MEDIATOR]),
    fc.constant<[CaseCommand, Actor]>([cmd('DeclineEnforcementCase', { reason: 'other', explanation: 'x' }), MEDIATOR]),
    fc.integer({ min: 0, max: 40 }).map((d): [CaseCommand, Actor] => [cmd('AbsorbMergedReport', { mergedCaseId: `m-${d}`, latestReceivedAt: `2026-06-${String(1 + (d % 28)).padStart(2, '0')}T09:00:00+08:00` }), SYSTEM]),
    fc.constant<[CaseCommand, Actor]>([cmd('AcknowledgeOrder', {}), MEDIATOR]),
    fc.constant<[CaseCommand, Actor]>([cmd('ReturnOrder', { reason: 'x' }), MEDIATOR]),
    fc.constant<[CaseCommand, Actor]>([cmd('ReplyOrder', { reply: 'x' }), MEDIATOR]),
    fc.constantFrom('satisfied', 'dissatisfied').map((result): [CaseCommand, Actor] => [cmd('RecordCallback', { result, handlerAtFault: true }), MEDIATOR]),
    fc.constant<[CaseCommand, Actor]>([cmd('RedoOrder', {}), MEDIATOR]),
    fc.constantFrom('accept', 'verification', 'terminationNotice', 'jurisdictionDispute', 'acknowledge12345', 'reply12345').map((clock): [CaseCommand, Actor] => [cmd('RecordDeadlineMiss', { clock }), SYSTEM]),
  ) }),
});

const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The events a sequence of commands produces on one case (refused commands change nothing). */
function run(first: CaseCommand, prefix: number, steps: { days: number; command: [CaseCommand, Actor] }[]): (CaseEvent & { occurredAt: string })[] {
  let state: CaseState = initialState('case-1');
  const out: (CaseEvent & { occurredAt: string })[] = [];
  let day = (first.data as { receivedAt: string }).receivedAt.slice(0, 10);
  const kind = (first.data as { kind: string }).kind;
  // A complaint usually gets accepted and mediated first, so that later steps meet a running mediation.
  const start: CaseCommand[] = kind === 'complaint' ? [cmd('AcceptComplaint', {}), cmd('StartMediation', {})] : kind === 'report' ? [cmd('StartVerification', {})] : [];
  const all: { days: number; command: [CaseCommand, Actor] }[] = [
    { days: 0, command: [first, SYSTEM] }, { days: 0, command: [routing, SYSTEM] }, { days: 0, command: [cmd('ClaimCase', {}), MEDIATOR] },
    ...start.slice(0, prefix).map((c) => ({ days: 2, command: [c, MEDIATOR] as [CaseCommand, Actor] })),
    ...steps,
  ];
  for (const s of all) {
    day = addDays(day, s.days);
    const at = `${day}T10:00:00+08:00`;
    try {
      for (const e of decide(s.command[0], state, { now: at, actor: s.command[1], config: DEFAULT_WORKFLOW_CONFIG })) {
        state = evolve(state, e);
        out.push({ ...e, occurredAt: at });
      }
    } catch (error) {
      if (!(error instanceof RuleViolationError)) throw error;
    }
  }
  return out;
}

describe('rates over any sequence of commands (property)', () => {
  it('no bucket has a rate above 100 %, settled on any day, and no clock is counted twice', () => {
    let decided = 0;
    let crossMonth = 0;
    fc.assert(fc.property(
      registration, fc.nat({ max: 2 }), fc.array(step, { minLength: 1, maxLength: 25 }), fc.constantFrom('2026-05-10', '2026-07-01', '2027-03-01'),
      (first, prefix, steps, asOf) => {
        const events = run(first, prefix, steps);
        const facts = events.reduce<CaseFacts | undefined>((f, e) => foldFacts(f, e as never), undefined);
        const contribution = contributionOf(facts, due);
        const rows: Pick<BucketDoc, 'month' | 'c'>[] = Object.entries(contribution).map(([key, c]) => ({ month: dimsOfKey(key).month, c }));
        for (const [i, c] of settleOpenItems(rows, asOf).entries()) {
          for (const f of RATE_FIGURES) {
            expect(c[f.numerator] ?? 0, `${f.id} in ${rows[i]!.month}: ${JSON.stringify(c)}`).to.be.at.most(c[f.denominator] ?? 0);
          }
        }
        // Each clock start is one item: accept once; verification once plus once per restart by a merge;
        // one reply cycle per dispatch and per redo; acknowledgment once.
        const total: Counters = {};
        for (const c of Object.values(contribution)) for (const [k, v] of Object.entries(c)) total[k as keyof Counters] = (total[k as keyof Counters] ?? 0) + v!;
        const n = (k: keyof Counters) => total[k] ?? 0;
        const restarts = events.filter((e) => e.type === 'MergedReportAbsorbed' && e.data.clocks.length > 0).length;
        const redos = events.filter((e) => e.type === 'OrderRedone').length;
        expect(n('acceptDue') + n('acceptOpen')).to.be.at.most(1);
        expect(n('verificationDue') + n('verificationOpen')).to.be.at.most(1 + restarts);
        expect(n('ackDue') + n('ackOpen')).to.be.at.most(1);
        expect(n('replyDue') + n('replyOpen')).to.be.at.most(1 + redos);
        expect(n('acceptedSucceeded')).to.be.at.most(n('accepted'));
        // One notice per termination, one settlement per dispute raised.
        expect(n('noticeDue') + n('noticeOpen')).to.be.at.most(events.filter((e) => e.type === 'MediationTerminated').length);
        expect(n('disputeDue') + n('disputeOpen')).to.be.at.most(events.filter((e) => e.type === 'JurisdictionDisputeRaised').length);
        if (n('acceptDue') + n('verificationDue') > 0) decided += 1;
        const accepted = events.find((e) => e.type === 'ComplaintAccepted');
        const succeeded = events.find((e) => e.type === 'MediationSucceeded');
        if (accepted && succeeded && accepted.occurredAt.slice(0, 7) !== succeeded.occurredAt.slice(0, 7)) crossMonth += 1;
      },
    ), { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) });
    expect(decided, 'sequences reach decided clocks').to.be.greaterThan(50);
    // About 10 in 300 runs (3 to 17 seen): more than none, or the cross-month cohort goes unchecked.
    expect(crossMonth, 'some successes close in another month than their acceptance').to.be.greaterThan(0);
  });
});
