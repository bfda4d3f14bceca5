import { expect } from 'chai';
import fc from 'fast-check';
import { computeDeadline } from '@cw/calendar';
import { addCounters, type Counters } from './counters.js';
import { contributionOf, type ComputeDue } from './contributions.js';
import { foldFacts, type CaseFacts } from './facts.js';
import { createProjector, type CaseEventEnvelope } from './projector.js';
import { createMemoryStore } from '../testing/memory-store.js';
import { aCase } from '../testing/event-kit.js';

const due: ComputeDue = (s, p, pauses) => computeDeadline(s, p, pauses);
const at = (d: string) => `${d}T10:00:00+08:00`;

/** Scenarios of whole case lives; the property mixes them, duplicates events and crashes the consumer. */
const SCENARIOS: ((id: string) => CaseEventEnvelope[])[] = [
  (id) => aCase(id).registered().routed('441521', 'food').claimed(at('2020-09-29')).accepted(at('2020-10-09')).succeeded(at('2020-11-02'), '350.10').events,
  (id) => aCase(id).registered().routed('441502', 'price').accepted(at('2020-10-20')).routed('441521', 'food').terminated(at('2020-12-01'), 'party-refuses').events,
  (id) => aCase(id, { receivedAt: at('2021-01-05') }).registered().routed('441581', 'ip').refused(at('2021-01-07')).events,
  (id) => aCase(id).registered().withdrawn(at('2020-09-30')).events,
  (id) => aCase(id, { kind: 'report' }).registered().routed('441523', 'food').verificationStarted(at('2020-10-09')).extended(at('2020-10-20')).declined(at('2020-11-10')).events,
  (id) => aCase(id, { kind: 'report' }).registered().paused(at('2020-10-12')).resumed(at('2020-10-19')).opened(at('2020-11-03')).events,
  (id) => aCase(id, { kind: 'work-order' }).registered().routed('441502', 'contract-service').acknowledged(at('2020-09-30')).replied(at('2020-10-09'))
    .callback(at('2020-10-10'), 'dissatisfied', true).redone(at('2020-10-12')).replied(at('2020-10-13')).callback(at('2020-10-14'), 'very-satisfied').events,
  (id) => aCase(id, { workOrder: true }).registered().routed('441502', 'food').returned(at('2020-09-29')).events,
  (id) => aCase(id).registered().missed(at('2020-10-15'), 'accept').accepted(at('2020-10-16')).succeeded(at('2020-10-30'), '0.01').events,
];

function reference(streams: CaseEventEnvelope[][]): Record<string, Counters> {
  const out: Record<string, Counters> = {};
  for (const events of streams) {
    const facts = events.reduce<CaseFacts | undefined>((f, e) => foldFacts(f, e), undefined);
    for (const [k, c] of Object.entries(contributionOf(facts, due))) addCounters((out[k] ??= {}), c);
  }
  return Object.fromEntries(Object.entries(out).filter(([, c]) => Object.keys(c).length > 0).sort(([a], [b]) => (a < b ? -1 : 1)));
}

const PARTITIONS = 3;

/** Builds partition logs: each case on one partition, in order, with some events republished later (relay duplicates). */
function logsOf(streams: CaseEventEnvelope[][], order: number[], dupes: number[]): CaseEventEnvelope[][] {
  const logs: CaseEventEnvelope[][] = Array.from({ length: PARTITIONS }, () => []);
  const cursors = streams.map(() => 0);
  let pending = streams.reduce((n, s) => n + s.length, 0);
  let i = 0;
  while (pending > 0) {
    const c = (order[i % Math.max(order.length, 1)] ?? 0) % streams.length;
    i += 1;
    const pick = cursors[c]! < streams[c]!.length ? c : cursors.findIndex((x, j) => x < streams[j]!.length);
    const e = streams[pick]![cursors[pick]!]!;
    cursors[pick]! += 1;
    pending -= 1;
    const log = logs[pick % PARTITIONS]!;
    log.push(e);
    if (dupes.includes(log.length)) log.push(e);
  }
  return logs;
}

/**
 * Consumes the logs like a Kafka consumer that crashes: batches of 1–3 events per partition, each
 * committed or not; on a failure every partition rewinds to its committed offset, and every other
 * simulated crash also restarts the process (a fresh projector with empty caches).
 */
async function consume(logs: CaseEventEnvelope[][], schedule: number[], commits: boolean[], crashes: number[]) {
  const mem = createMemoryStore();
  let projector = createProjector({ store: mem.store, computeDue: due });
  const next = logs.map(() => 0);
  const committed = logs.map(() => 0);
  let step = 0;
  let crash = 0;
  if (crashes[0] !== undefined) mem.crashAfter(crashes[0]);
  for (let guard = 0; ; guard += 1) {
    const open = logs.map((l, p) => (next[p]! < l.length ? p : -1)).filter((p) => p >= 0);
    if (open.length === 0) break;
    if (guard === 10_000) throw new Error(`no progress after ${guard} batches: offsets ${next.join(',')} of ${logs.map((l) => l.length).join(',')}`);
    const pick = schedule[step % Math.max(schedule.length, 1)] ?? 0;
    const p = open[pick % open.length]!;
    const from = next[p]!;
    const to = Math.min(logs[p]!.length, from + 1 + (pick % 3));
    try {
      await projector.applyBatch(p, logs[p]!.slice(from, to), to - 1);
      next[p] = to;
      if (commits[step % Math.max(commits.length, 1)] ?? true) committed[p] = next[p]!;
    } catch (error) {
      for (let q = 0; q < logs.length; q += 1) next[q] = committed[q]!;
      mem.heal();
      crash += 1;
      // A simulated crash restarts the process every other time; a refused write is retried in the process.
      if ((error as { code?: string }).code === 'CRASH' && crash % 2 === 0) projector = createProjector({ store: mem.store, computeDue: due });
      if (crashes[crash] !== undefined) mem.crashAfter(crashes[crash]!);
    }
    step += 1;
  }
  return mem.figures();
}

type Run = [scenarios: number[], order: number[], dupes: number[], schedule: number[], commits: boolean[], crashes: number[]];

async function figuresMatch(...[scenarios, order, dupes, schedule, commits, crashes]: Run) {
  const streams = scenarios.map((s, i) => SCENARIOS[s]!(`case-${i}`));
  expect(await consume(logsOf(streams, order, dupes), schedule, commits, crashes)).to.deep.equal(reference(streams));
}

describe('stats: exactly-once projection (property)', function () {
  this.timeout(60_000);
  it('gives the figures of the clean stream under duplicates, redeliveries and crashes at any write', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.nat(SCENARIOS.length - 1), { minLength: 1, maxLength: 6 }),
      fc.array(fc.nat(20), { maxLength: 40 }),
      fc.array(fc.nat(40), { maxLength: 5 }),
      fc.array(fc.nat(10), { maxLength: 40 }),
      fc.array(fc.boolean(), { maxLength: 20 }),
      fc.array(fc.nat(12), { maxLength: 4 }),
      figuresMatch,
    ), { numRuns: Number(process.env.PROPERTY_RUNS ?? 200) });
  });

  it('keeps reading a case after a failed batch until a batch holding it is written (found by the property)', async () => {
    // Two registrations on one partition, cut differently on every retry: a case read once and then
    // dropped from the cache by another case's failure was taken for new again, for ever.
    await figuresMatch([0, 0, 2, 0], [0, 15], [], [1, 5, 1, 2, 1, 0, 7, 1, 0, 1], [false, true, false, false, false], [2, 10]);
  });

  it('applying the same stream twice changes nothing the second time', async () => {
    const streams = SCENARIOS.map((s, i) => s(`c${i}`));
    const logs = logsOf(streams, [], []);
    const doubled = logs.map((l) => [...l, ...l]);
    expect(await consume(doubled, [], [], [])).to.deep.equal(reference(streams));
  });

  it('moves a case\'s counters when it is routed again', async () => {
    const mem = createMemoryStore();
    const projector = createProjector({ store: mem.store, computeDue: due });
    const events = aCase('x').registered().routed('441521', 'food').routed('441502', 'price').events;
    for (const [i, e] of events.entries()) await projector.applyBatch(0, [e], i);
    expect(mem.figures()).to.deep.equal({
      '2020-09|441502|price|12315-hotline': { received: 1, receivedComplaints: 1 },
      '2020-10|441502|price|12315-hotline': { acceptOpen: 1 }, // undecided, due 2020-10-14
    });
  });
});
