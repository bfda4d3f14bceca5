import { expect } from 'chai';
import { computeDeadline } from '@cw/calendar';
import { addCounters, dimsOfKey, type CounterName, type Counters } from './counters.js';
import { contributionOf, type ComputeDue } from './contributions.js';
import { foldFacts, type CaseFacts } from './facts.js';
import type { CaseEventEnvelope } from './projector.js';
import { aCase } from '../testing/event-kit.js';

const due: ComputeDue = (s, p, pauses) => computeDeadline(s, p, pauses);

function factsOf(events: CaseEventEnvelope[]): CaseFacts | undefined {
  return events.reduce<CaseFacts | undefined>((f, e) => foldFacts(f, e), undefined);
}

/** Counters summed over all buckets of the cases, or of the buckets of one month. */
function totals(streams: CaseEventEnvelope[][], month?: string): Counters {
  const out: Counters = {};
  for (const events of streams) {
    for (const [key, c] of Object.entries(contributionOf(factsOf(events), due))) {
      if (month === undefined || dimsOfKey(key).month === month) addCounters(out, c);
    }
  }
  return out;
}

const R = '2020-09-28T10:00:00+08:00';

describe('stats: what a case contributes (DOMAIN.md §7)', () => {
  const rows: { name: string; events: () => CaseEventEnvelope[]; expect: Counters; month?: string }[] = [
    { name: 'a registered complaint is received in its receipt month', events: () => aCase('a').registered().events,
      month: '2020-09', expect: { received: 1, receivedComplaints: 1 } },
    { name: 'a report counts as a report; its verification is open in the month it falls due', events: () => aCase('a', { kind: 'report' }).registered().events,
      expect: { received: 1, receivedReports: 1, verificationOpen: 1 } },
    { name: 'acceptance on the 7th working day is on time, counted in the due month', events: () => aCase('a').registered().accepted('2020-10-14T17:00:00+08:00').events,
      month: '2020-10', expect: { accepted: 1, acceptDue: 1, acceptOnTime: 1 } },
    { name: 'acceptance a day late is due but not on time', events: () => aCase('a').registered().accepted('2020-10-15T09:00:00+08:00').events,
      expect: { received: 1, receivedComplaints: 1, accepted: 1, acceptDue: 1 } },
    { name: 'a refusal is a decision: not accepted, closed, on time', events: () => aCase('a').registered().refused('2020-09-30T09:00:00+08:00').events,
      expect: { received: 1, receivedComplaints: 1, notAccepted: 1, acceptDue: 1, acceptOnTime: 1, closed: 1, complaintsClosed: 1, closedOfReceived: 1 } },
    { name: 'a withdrawal before the decision is no decision and leaves the rate', events: () => aCase('a').registered().withdrawn('2020-09-30T09:00:00+08:00').events,
      expect: { received: 1, receivedComplaints: 1, withdrawn: 1, closed: 1, complaintsClosed: 1, closedOfReceived: 1 } },
    { name: 'a missed accept deadline counts as due and late before any decision', events: () => aCase('a').registered().missed('2020-10-15T00:00:00+08:00', 'accept').events,
      expect: { received: 1, receivedComplaints: 1, acceptDue: 1 } },
    { name: 'mediation success counts by closure date with exact money', events: () => aCase('a').registered().accepted('2020-10-09T10:00:00+08:00').succeeded('2020-11-02T10:00:00+08:00', '350.10').events,
      month: '2020-11', expect: { mediationSucceeded: 1, mediationClosed: 1, recoveredFen: 35010, closed: 1, complaintsClosed: 1 } },
    { name: 'a success counts in the cohort of its acceptance month', events: () => aCase('a').registered().accepted('2020-10-09T10:00:00+08:00').succeeded('2020-11-02T10:00:00+08:00', '1').events,
      month: '2020-10', expect: { accepted: 1, acceptedSucceeded: 1, acceptDue: 1, acceptOnTime: 1 } },
    { name: 'termination for reasons 2–5 is 调解不成', events: () => aCase('a').registered().accepted('2020-10-09T10:00:00+08:00').terminated('2020-11-02T10:00:00+08:00', 'party-refuses').notified('2020-11-04T10:00:00+08:00').events,
      month: '2020-11', expect: { mediationTerminated: 1, mediationFailed: 1, mediationClosed: 1, closed: 1, complaintsClosed: 1, noticeDue: 1, noticeOnTime: 1 } },
    { name: 'the parties told of a termination after 7 WD (due 2020-11-11) is a late notice', events: () => aCase('a').registered().accepted('2020-10-09T10:00:00+08:00').terminated('2020-11-02T10:00:00+08:00', 'party-refuses').notified('2020-11-12T10:00:00+08:00').events,
      month: '2020-11', expect: { mediationTerminated: 1, mediationFailed: 1, mediationClosed: 1, closed: 1, complaintsClosed: 1, noticeDue: 1 } },
    { name: 'a notice flagged missed stays late when it is given afterwards', events: () => aCase('a').registered().accepted('2020-10-09T10:00:00+08:00').terminated('2020-11-02T10:00:00+08:00', 'party-refuses').missed('2020-11-12T00:00:00+08:00', 'terminationNotice').notified('2020-11-13T10:00:00+08:00').events,
      month: '2020-11', expect: { mediationTerminated: 1, mediationFailed: 1, mediationClosed: 1, closed: 1, complaintsClosed: 1, noticeDue: 1 } },
    { name: 'termination by withdrawal (item 1) is no failure but a withdrawal', events: () => aCase('a').registered().accepted('2020-10-09T10:00:00+08:00').terminated('2020-11-02T10:00:00+08:00', 'withdrawn-or-settled').events,
      month: '2020-11', expect: { mediationTerminated: 1, mediationClosed: 1, withdrawn: 1, closed: 1, complaintsClosed: 1, noticeOpen: 1 } },
    { name: 'a private settlement with its amount counts apart from money recovered', events: () => aCase('a').registered().accepted('2020-10-09T10:00:00+08:00').settledPrivately('2020-11-02T10:00:00+08:00', '88.80').events,
      month: '2020-11', expect: { mediationTerminated: 1, mediationClosed: 1, withdrawn: 1, settledFen: 8880, closed: 1, complaintsClosed: 1, noticeOpen: 1 } },
    { name: 'a jurisdiction dispute settled within 7 WD is on time (raised 2020-10-09, due 2020-10-19: Sat 10-10 was a working day)', events: () => aCase('a', { kind: 'report' }).registered().disputeRaised('2020-10-09T10:00:00+08:00').disputeSettled('2020-10-19T10:00:00+08:00').events,
      month: '2020-10', expect: { disputeDue: 1, disputeOnTime: 1, verificationOpen: 1 } },
    { name: 'a second dispute after a late first counts on its own (two due, one on time)', events: () => aCase('a', { kind: 'report' }).registered().disputeRaised('2020-10-09T10:00:00+08:00').disputeSettled('2020-10-20T10:00:00+08:00')
      .disputeRaised('2020-10-21T10:00:00+08:00').disputeSettled('2020-10-23T10:00:00+08:00').events,
      month: '2020-10', expect: { disputeDue: 2, disputeOnTime: 1, verificationOpen: 1 } },
    { name: 'a case transferred while its dispute runs leaves the dispute out of the rate', events: () => aCase('a', { kind: 'report' }).registered().disputeRaised('2020-10-09T10:00:00+08:00').transferred('2020-10-12T10:00:00+08:00').events,
      month: '2020-10', expect: { verificationDue: 1, verificationOnTime: 1, closed: 1 } },
    { name: 'a report decided within 15 WD is verified on time (due 2020-10-26)', events: () => aCase('a', { kind: 'report' }).registered().opened('2020-10-26T16:00:00+08:00').events,
      month: '2020-10', expect: { verificationDue: 1, verificationOnTime: 1, closed: 1 } },
    { name: 'a report decided after 15 WD without extension is late', events: () => aCase('a', { kind: 'report' }).registered().declined('2020-10-27T16:00:00+08:00').events,
      month: '2020-10', expect: { verificationDue: 1, closed: 1 } },
    { name: 'an approved extension moves the due date (30 WD: 2020-11-16)', events: () => aCase('a', { kind: 'report' }).registered().extended('2020-10-20T10:00:00+08:00').opened('2020-11-16T10:00:00+08:00').events,
      month: '2020-11', expect: { verificationDue: 1, verificationOnTime: 1, closed: 1 } },
    { name: 'a pause moves the due date (paused 10-12..10-19: due 2020-11-02)', events: () => aCase('a', { kind: 'report' }).registered().paused('2020-10-12T10:00:00+08:00').resumed('2020-10-19T10:00:00+08:00').opened('2020-11-02T10:00:00+08:00').events,
      month: '2020-11', expect: { verificationDue: 1, verificationOnTime: 1, closed: 1 } },
    // Received 09-28, due 10-26 (15 WD over National Day), flagged missed 10-27; a report merged
    // in on 11-02 restarts the clock from 11-02 (due 11-23): the miss stays a miss.
    { name: 'merging a report into one that missed its deadline keeps the miss, and the restarted clock counts too', events: () => aCase('a', { kind: 'report' }).registered()
      .missed('2020-10-27T00:00:00+08:00', 'verification').absorbed('2020-11-02T10:00:00+08:00', '2020-11-02T09:00:00+08:00').opened('2020-11-20T10:00:00+08:00').events,
      expect: { received: 1, receivedReports: 1, verificationDue: 2, verificationOnTime: 1, closed: 1, closedOfReceived: 1 } },
    { name: 'a merge into a report still within its limit replaces the clock (one verification)', events: () => aCase('a', { kind: 'report' }).registered()
      .absorbed('2020-10-09T10:00:00+08:00', '2020-10-09T09:00:00+08:00').opened('2020-10-20T10:00:00+08:00').events,
      expect: { received: 1, receivedReports: 1, verificationDue: 1, verificationOnTime: 1, closed: 1, closedOfReceived: 1 } },
    { name: 'a merge after the limit passed unflagged keeps it as late', events: () => aCase('a', { kind: 'report' }).registered()
      .absorbed('2020-10-28T10:00:00+08:00', '2020-10-28T09:00:00+08:00').opened('2020-11-10T10:00:00+08:00').events,
      expect: { received: 1, receivedReports: 1, verificationDue: 2, verificationOnTime: 1, closed: 1, closedOfReceived: 1 } },
    { name: 'a merged report leaves the verification rate', events: () => aCase('a', { kind: 'report' }).registered().merged('2020-10-01T10:00:00+08:00').events,
      expect: { received: 1, receivedReports: 1, closed: 1, closedOfReceived: 1 } },
    { name: '12345: acknowledged on time, replied on time, satisfied', events: () => aCase('a', { workOrder: true }).registered().acknowledged('2020-09-29T10:00:00+08:00').replied('2020-10-20T10:00:00+08:00').callback('2020-10-21T10:00:00+08:00', 'satisfied').events,
      expect: { received: 1, receivedComplaints: 1, acceptOpen: 1, orders12345: 1, ackDue: 1, ackOnTime: 1, replyDue: 1, replyOnTime: 1, callbacks: 1, callbacksSatisfied: 1 } },
    { name: '12345: late acknowledgment', events: () => aCase('a', { kind: 'work-order' }).registered().acknowledged('2020-09-30T10:00:00+08:00').events,
      expect: { received: 1, receivedWorkOrders: 1, orders12345: 1, ackDue: 1, replyOpen: 1 } },
    { name: '12345: an order returned in time counts in the return rate and in neither on-time rate', events: () => aCase('a', { kind: 'work-order' }).registered().returned('2020-09-29T10:00:00+08:00').events,
      expect: { received: 1, receivedWorkOrders: 1, orders12345: 1, ordersReturned: 1, closed: 1, closedOfReceived: 1 } },
    { name: '12345: an order returned after its acknowledgment limit is late there', events: () => aCase('a', { kind: 'work-order' }).registered().returned('2020-09-30T10:00:00+08:00').events,
      expect: { received: 1, receivedWorkOrders: 1, orders12345: 1, ordersReturned: 1, ackDue: 1, closed: 1, closedOfReceived: 1 } },
    { name: '12345: dissatisfied by the handler, redone, replied again, very satisfied', events: () => aCase('a', { kind: 'work-order' }).registered().acknowledged('2020-09-29T10:00:00+08:00').replied('2020-10-09T10:00:00+08:00')
      .callback('2020-10-10T10:00:00+08:00', 'dissatisfied', true).redone('2020-10-12T10:00:00+08:00').replied('2020-10-13T10:00:00+08:00').callback('2020-10-14T10:00:00+08:00', 'very-satisfied').events,
      expect: { received: 1, receivedWorkOrders: 1, orders12345: 1, ordersRedone: 1, ackDue: 1, ackOnTime: 1, replyDue: 2, replyOnTime: 2, callbacks: 2, callbacksSatisfied: 1, closed: 1, closedOfReceived: 1 } },
    { name: '12345: a reply after the first deadline (10-26) but within a granted extension (11-06) is on time, in the month of the new date', events: () => aCase('a', { kind: 'work-order' }).registered().acknowledged('2020-09-29T10:00:00+08:00')
      .extensionGranted('2020-10-20T10:00:00+08:00', '2020-11-06').replied('2020-11-02T10:00:00+08:00').events,
      month: '2020-11', expect: { replyDue: 1, replyOnTime: 1 } },
    { name: '12345: a reply sent back is a second reply cycle and counts the order as sent back', events: () => aCase('a', { kind: 'work-order' }).registered().acknowledged('2020-09-29T10:00:00+08:00')
      .replied('2020-10-09T10:00:00+08:00').sentBack('2020-10-12T10:00:00+08:00').replied('2020-10-20T10:00:00+08:00').events,
      expect: { received: 1, receivedWorkOrders: 1, orders12345: 1, ordersSentBack: 1, ackDue: 1, ackOnTime: 1, replyDue: 2, replyOnTime: 2 } },
    { name: '12345: a returned complaint dispatched again is open again (not closed), still counted as returned, its clocks from the new dispatch', events: () => aCase('a', { workOrder: true }).registered().returned('2020-09-29T10:00:00+08:00')
      .redispatched('2020-10-12T10:00:00+08:00').events,
      expect: { received: 1, receivedComplaints: 1, orders12345: 1, ordersReturned: 1, acceptOpen: 1, ackOpen: 1, replyOpen: 1 } },
    { name: 'claims and warnings change nothing', events: () => aCase('a').registered().claimed(R).warned(R, 'accept').events,
      expect: { received: 1, receivedComplaints: 1, acceptOpen: 1 } },
    { name: 'an undecided complaint falls due in the month of its accept limit (open)', events: () => aCase('a').registered().events,
      month: '2020-10', expect: { acceptOpen: 1 } },
    { name: 'an open pause leaves the due date unknown: in no month until it ends', events: () => aCase('a', { kind: 'report' }).registered().paused('2020-10-12T10:00:00+08:00').events,
      expect: { received: 1, receivedReports: 1 } },
  ];
  for (const row of rows) {
    it(row.name, () => {
      expect(totals([row.events()], row.month)).to.deep.equal(row.expect);
    });
  }

  it('attributes a case to its current routing: a re-route moves every counter', () => {
    const events = aCase('a').registered().routed('441521', 'food').accepted('2020-10-09T10:00:00+08:00').routed('441502', 'price').events;
    const c = contributionOf(factsOf(events), due);
    expect(Object.keys(c).map((k) => dimsOfKey(k))).to.deep.equal([
      { month: '2020-09', district: '441502', category: 'price', channel: '12315-hotline' },
      { month: '2020-10', district: '441502', category: 'price', channel: '12315-hotline' },
    ]);
  });

  it('counts the closure rate as a cohort of the receipt month', () => {
    const closed = aCase('a').registered().refused('2020-11-02T10:00:00+08:00').events;
    const open = aCase('b').registered().events;
    const sep = totals([closed, open], '2020-09');
    expect(sep.received).to.equal(2);
    expect(sep.closedOfReceived).to.equal(1);
    expect(totals([closed, open], '2020-11').closed).to.equal(1);
  });

  it('adds money exactly in fen', () => {
    const streams = ['0.10', '0.20', '4024000.00', '99.99'].map((y, i) => aCase(`c${i}`).registered().accepted('2020-10-09T10:00:00+08:00').succeeded('2020-10-20T10:00:00+08:00', y).events);
    expect(totals(streams).recoveredFen).to.equal(402410029);
  });

  it('ignores events before registration', () => {
    const events = aCase('a').registered().accepted('2020-10-09T10:00:00+08:00').events.slice(1);
    expect(contributionOf(factsOf(events), due)).to.deep.equal({});
  });

  const name: CounterName = 'received';
  it(`labels every counter with the date that counts (e.g. ${name})`, async () => {
    const { COUNTERS } = await import('./counters.js');
    expect(COUNTERS[name]).to.match(/receipt/);
  });
});
