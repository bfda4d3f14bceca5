/** Builders of case event streams for the stats tests: each event is checked against the contracts. */
import { assertCaseEvent, yuanToFen, type ClockStart } from '@cw/contracts';
import { toShanghaiDate } from '@cw/calendar';
import type { CaseEventEnvelope } from '../domain/projector.js';

const wd = (days: number) => ({ days, unit: 'working' as const });

export interface CaseOptions {
  kind?: 'complaint' | 'report' | 'work-order';
  channel?: string;
  receivedAt?: string;
  workOrder?: boolean;
  category?: string;
}

/** Appends one event per call (consecutive versions); `events` holds them. */
export interface CaseBuilder {
  events: CaseEventEnvelope[];
  registered(): CaseBuilder;
  routed(district: string, category: string, at?: string): CaseBuilder;
  claimed(at: string): CaseBuilder;
  accepted(at: string): CaseBuilder;
  refused(at: string): CaseBuilder;
  withdrawn(at: string): CaseBuilder;
  succeeded(at: string, totalYuan: string): CaseBuilder;
  terminated(at: string, reasonCode: string): CaseBuilder;
  /** Terminated as settled privately (item 1) with the amount agreed. */
  settledPrivately(at: string, amountYuan: string): CaseBuilder;
  /** The parties were told of the termination (stops the 7-WD notice clock). */
  notified(at: string): CaseBuilder;
  disputeRaised(at: string): CaseBuilder;
  disputeSettled(at: string): CaseBuilder;
  transferred(at: string): CaseBuilder;
  verificationStarted(at: string): CaseBuilder;
  extended(at: string): CaseBuilder;
  paused(at: string, clock?: string): CaseBuilder;
  resumed(at: string, clock?: string): CaseBuilder;
  opened(at: string): CaseBuilder;
  declined(at: string): CaseBuilder;
  merged(at: string): CaseBuilder;
  /** Absorbs a merged report received at `latestReceivedAt`: the verification clock restarts from it. */
  absorbed(at: string, latestReceivedAt: string): CaseBuilder;
  acknowledged(at: string): CaseBuilder;
  returned(at: string): CaseBuilder;
  replied(at: string): CaseBuilder;
  callback(at: string, result: string, handlerAtFault?: boolean): CaseBuilder;
  redone(at: string): CaseBuilder;
  /** The hotline granted an extension of the reply to `newDueOn`. */
  extensionGranted(at: string, newDueOn: string): CaseBuilder;
  /** The hotline sent the reply back (a new 15-WD reply cycle from `at`). */
  sentBack(at: string): CaseBuilder;
  /** A returned order dispatched again (its 12345 clocks restart; a complaint's accept clock too). */
  redispatched(at: string): CaseBuilder;
  missed(at: string, clock: string): CaseBuilder;
  warned(at: string, clock: string): CaseBuilder;
}

const noticeClock = (at: string) => [{ name: 'terminationNotice' as const, startedOn: toShanghaiDate(at), period: wd(7) }];

/** A case whose events get consecutive versions; each method appends one event and returns the builder. */
export function aCase(caseId: string, opts: CaseOptions = {}): CaseBuilder {
  const kind = opts.kind ?? 'complaint';
  const receivedAt = opts.receivedAt ?? '2020-09-28T10:00:00+08:00';
  const events: CaseEventEnvelope[] = [];
  const push = (type: string, data: Record<string, unknown>, at: string) => {
    // Checked against the event schemas, so a kit that drifts from the contracts fails loudly.
    const event = assertCaseEvent({ type, data });
    events.push({ ...event, caseId, caseVersion: events.length + 1, occurredAt: at } as CaseEventEnvelope);
    return b;
  };
  const on = toShanghaiDate(receivedAt);
  const clocks: ClockStart[] = [];
  if (kind === 'complaint') clocks.push({ name: 'accept', startedOn: on, period: wd(7) });
  if (kind === 'report') clocks.push({ name: 'verification', startedOn: on, period: wd(15) });
  if (opts.workOrder || kind === 'work-order') {
    clocks.push({ name: 'acknowledge12345', startedOn: on, period: wd(1) }, { name: 'reply12345', startedOn: on, period: wd(15) });
  }
  const b: CaseBuilder = {
    events,
    registered: () => push('CaseRegistered', {
      caseNo: `SW-2020-${caseId}`, kind, ruleSet: 'SAMR-121', sourceRef: `ref-${caseId}`,
      sourceSystem: opts.workOrder || kind === 'work-order' ? '12345' : '12315',
      business: { name: '某商店' }, summary: '摘要', narrative: '经过', linkedCaseIds: [],
      channel: opts.channel ?? (opts.workOrder || kind === 'work-order' ? '12345-hotline' : '12315-hotline'), receivedAt,
      ...(opts.category ? { category: opts.category } : {}),
      ...(opts.workOrder || kind === 'work-order' ? { workOrder: { orderNo: `O-${caseId}`, requestType: 'complaint' } } : {}),
      clocks,
    }, receivedAt),
    routed: (district: string, category: string, at = receivedAt) => push('CaseRouted', {
      district, category, queue: `${district}:${category}`, configVersion: 'test',
      reasons: { category: { ruleId: 'test', matched: [] }, jurisdiction: { ruleId: 'test', matched: [] } },
    }, at),
    claimed: (at: string) => push('CaseClaimed', { userId: 'u1', at }, at),
    accepted: (at: string) => push('ComplaintAccepted', { at, clocks: [{ name: 'mediation', startedOn: toShanghaiDate(at), period: wd(45) }] }, at),
    refused: (at: string) => push('ComplaintRefused', { reasonCode: 'no-authority', otherRoutes: [], at }, at),
    withdrawn: (at: string) => push('ComplaintWithdrawn', { at }, at),
    succeeded: (at: string, totalYuan: string) => push('MediationSucceeded', {
      recovered: { refund: { amountYuan: totalYuan }, compensation: { amountYuan: '0.00' }, replacementValue: { amountYuan: '0.00' }, totalYuan, totalFen: yuanToFen(totalYuan).toString() }, at,
    }, at),
    terminated: (at: string, reasonCode: string) => push('MediationTerminated', { reasonCode, at, clocks: noticeClock(at) }, at),
    settledPrivately: (at: string, amountYuan: string) => push('MediationTerminated', {
      reasonCode: 'withdrawn-or-settled', settled: { amountYuan, amountFen: yuanToFen(amountYuan).toString() }, at, clocks: noticeClock(at),
    }, at),
    notified: (at: string) => push('TerminationNotified', { method: 'written', at }, at),
    disputeRaised: (at: string) => push('JurisdictionDisputeRaised', {
      withOffice: '深圳市市场监督管理局', at, clocks: [{ name: 'jurisdictionDispute', startedOn: toShanghaiDate(at), period: wd(7) }],
    }, at),
    disputeSettled: (at: string) => push('JurisdictionDisputeSettled', { outcome: 'this-office', at }, at),
    transferred: (at: string) => push('CaseTransferred', { target: { kind: 'agency', name: 'x' }, reason: 'r', at }, at),
    verificationStarted: (at: string) => push('VerificationStarted', { at }, at),
    extended: (at: string) => push('VerificationExtended', { approvedBy: 'boss', reason: 'r', extension: wd(15), at }, at),
    paused: (at: string, clock = 'verification') => push('ClockPaused', { clock, reason: 'testing-appraisal', at }, at),
    resumed: (at: string, clock = 'verification') => push('ClockResumed', { clock, at }, at),
    opened: (at: string) => push('EnforcementCaseOpened', { at }, at),
    declined: (at: string) => push('EnforcementCaseDeclined', { reason: 'other', explanation: 'x', at }, at),
    merged: (at: string) => push('ReportMerged', { intoCaseId: 'other', at }, at),
    absorbed: (at: string, latestReceivedAt: string) => push('MergedReportAbsorbed', {
      mergedCaseId: `merged-${events.length}`, latestReceivedAt, at,
      clocks: [{ name: 'verification', startedOn: toShanghaiDate(latestReceivedAt), period: wd(15) }],
    }, at),
    acknowledged: (at: string) => push('OrderAcknowledged', { at }, at),
    returned: (at: string) => push('OrderReturned', { reason: 'not ours', at }, at),
    replied: (at: string) => push('OrderReplied', { reply: 'done', at }, at),
    callback: (at: string, result: string, handlerAtFault = false) => push('CallbackRecorded', { result, handlerAtFault, at }, at),
    extensionGranted: (at: string, newDueOn: string) => push('OrderExtensionDecided', { approved: true, newDueOn, at }, at),
    sentBack: (at: string) => push('OrderReplyReviewed', { accepted: false, reason: 'x', at, clocks: [{ name: 'reply12345', startedOn: toShanghaiDate(at), period: wd(15) }] }, at),
    redispatched: (at: string) => push('OrderRedispatched', {
      at, clocks: [
        ...(kind === 'complaint' ? [{ name: 'accept' as const, startedOn: toShanghaiDate(at), period: wd(7) }] : []),
        { name: 'acknowledge12345', startedOn: toShanghaiDate(at), period: wd(1) }, { name: 'reply12345', startedOn: toShanghaiDate(at), period: wd(15) },
      ],
    }, at),
    redone: (at: string) => push('OrderRedone', { at, clocks: [{ name: 'reply12345', startedOn: toShanghaiDate(at), period: wd(15) }] }, at),
    missed: (at: string, clock: string) => push('DeadlineMissed', { clock, at }, at),
    warned: (at: string, clock: string) => push('DeadlineWarned', { clock, at }, at),
  };
  return b;
}
