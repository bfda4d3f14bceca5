import { expect } from 'chai';
import { createLogger, type KafkaMessage, type Producer } from '@cw/platform';
import { caseEventsDoc, eventsOfCase, topicNames, type CaseDoc, type Envelope } from '@cw/contracts';
import { createWorkflowDomain } from '../domain-adapter.js';
import { aRegistration, MEDIATOR, routing, SYSTEM } from '../testing/case-kit.js';
import type { CaseStore } from '../persistence/case-store.js';
import { createCaseCommandHandler, createLanes } from './case-command.handler.js';

const quiet = createLogger('test', 'silent');

/** A store in memory that refuses, for good, any case whose caseNo is in `refuse` (like a document over 16 MB). */
function aStore(refuse: Set<string>) {
  const cases = new Map<string, CaseDoc>();
  const check = (docs: CaseDoc[]) => {
    if (docs.some((d) => refuse.has(d.caseNo))) throw Object.assign(new Error('document is too large'), { name: 'MongoServerError', code: 10334 });
  };
  const store = {
    load: async (id: string) => cases.get(id) ?? null,
    insertNew: async (docs: CaseDoc[]) => {
      check(docs);
      const there = docs.filter((d) => cases.has(d._id)).map((d) => d._id);
      for (const d of docs) if (!there.includes(d._id)) cases.set(d._id, d);
      return there;
    },
    replaceAll: async (docs: CaseDoc[]) => { check(docs); for (const d of docs) cases.set(d._id, d); },
    storeEvents: async () => {},
    recordResults: async () => {},
    ensureIndexes: async () => {},
  } as unknown as CaseStore;
  return { store, cases };
}

const register = (i: number): Envelope => {
  const caseId = `case-${i}`;
  return {
    id: `register:${caseId}`, type: 'RegisterCase', version: 1, caseId, caseVersion: 0, occurredAt: '2026-05-04T01:30:00.000Z',
    recordedAt: '2026-05-04T01:30:00.000Z', correlationId: `c-${i}`, causationId: `c-${i}`, actor: SYSTEM, source: 'test',
    data: { ...aRegistration({ caseNo: `SW-2026-00000${i}` }), routing: routing() },
  };
};
const message = (cmd: Envelope, offset: number): KafkaMessage =>
  ({ key: Buffer.from(cmd.caseId), value: Buffer.from(JSON.stringify(cmd)), offset: String(offset), timestamp: '0', attributes: 0, headers: {} }) as KafkaMessage;

describe('workflow batch handler (I/O shell)', () => {
  it('dead-letters the one command whose write the store refuses for good and writes the rest of the batch', async () => {
    const { store, cases } = aStore(new Set(['SW-2026-000002']));
    const sent: unknown[] = [];
    const producer = { sendBatch: async (b: unknown) => { sent.push(b); } } as unknown as Producer;
    const handler = createCaseCommandHandler({ store, producer, topics: topicNames('t.'), domain: createWorkflowDomain(), logger: quiet });
    const messages = [1, 2, 3].map((i) => message(register(i), i));
    const outcome = await handler.handleBatch({ topic: 't.case.commands', partition: 0, messages, logger: quiet, heartbeat: async () => {} });
    expect(outcome.deadLetters.map((l) => l.message.offset)).to.deep.equal(['2']);
    expect((outcome.deadLetters[0]!.error as Error).message).to.equal('document is too large');
    expect([...cases.keys()].sort()).to.deep.equal(['case-1', 'case-3']);
  });

  it('retries the whole batch (throws) when the store is only unavailable', async () => {
    const { store } = aStore(new Set());
    (store as { insertNew: unknown }).insertNew = async () => { throw new Error('connection reset'); };
    const producer = { sendBatch: async () => {} } as unknown as Producer;
    const handler = createCaseCommandHandler({ store, producer, topics: topicNames('t.'), domain: createWorkflowDomain(), logger: quiet });
    const batch = { topic: 't.case.commands', partition: 0, messages: [message(register(1), 1)], logger: quiet, heartbeat: async () => {} };
    let thrown: unknown;
    try { await handler.handleBatch(batch); } catch (e) { thrown = e; }
    expect((thrown as Error)?.message).to.equal('connection reset');
  });
});

describe('workflow batch handler after a crash', () => {
  it('gets through a redelivered bulk batch of several slices whose cases are partly stored', async () => {
    const { store, cases } = aStore(new Set());
    const producer = { sendBatch: async () => {} } as unknown as Producer;
    const handler = () => createCaseCommandHandler({
      store, producer, topics: topicNames('t.'), domain: createWorkflowDomain(), logger: quiet, bulkTopic: 't.case.commands.bulk',
    });
    const batch = (n: number) => ({
      topic: 't.case.commands.bulk', partition: 3, messages: Array.from({ length: n }, (_, i) => message(register(i), i)), logger: quiet, heartbeat: async () => {},
    });
    // A first process wrote 60 of the batch's cases (three slices), then was killed before its commit.
    await handler().handleBatch(batch(60));
    // The next one gets the whole batch again, and more: the first try finds cases stored and fails,
    // the retries must get through every slice, not fail again on the next stored slice.
    const next = handler();
    let attempts = 0;
    for (let done = false; !done && attempts < 5; attempts += 1) {
      try { await next.handleBatch(batch(100)); done = true; } catch (e) { expect((e as Error).message).to.match(/already stored/); }
    }
    expect(attempts).to.equal(2);
    expect(cases.size).to.equal(100);
  });
});

describe('workflow audit trail: one document per case write, the last one in the case\'s outbox', () => {
  it('archives a case\'s previous write before replacing its document, again after a crash, and never for a new case', async () => {
    const { store, cases } = aStore(new Set());
    const archived = new Map<string, Envelope[]>();
    const calls: string[][] = [];
    let failArchive = true;
    (store as { storeEvents: unknown }).storeEvents = async (w: Envelope[][]) => {
      calls.push(w.map((events) => events[0]!.id));
      if (w.length > 0 && failArchive) { failArchive = false; throw Object.assign(new Error('connection reset'), { name: 'MongoNetworkError' }); }
      for (const events of w) archived.set(events[0]!.id, events);
    };
    const relayed: string[][] = [];
    const producer = {
      sendBatch: async (b: { topicMessages: { topic: string; messages: { value: string }[] }[] }) => {
        relayed.push(b.topicMessages.filter((t) => t.topic === 't.case.events').flatMap((t) => t.messages.map((m) => (JSON.parse(m.value) as Envelope).id)));
      },
    } as unknown as Producer;
    const handler = () => createCaseCommandHandler({ store, producer, topics: topicNames('t.'), domain: createWorkflowDomain(), logger: quiet });
    const batch = (...cmds: Envelope[]) => ({ topic: 't.case.commands', partition: 0, messages: cmds.map((c, i) => message(c, i)), logger: quiet, heartbeat: async () => {} });

    await handler().handleBatch(batch(register(1)));
    expect(calls, 'a new case: nothing to archive').to.deep.equal([[]]);
    expect(cases.get('case-1')!.outbox.map((e) => e.id)).to.deep.equal(['case-1:1', 'case-1:2']);

    const claim: Envelope = { ...register(1), id: 'claim-1', type: 'ClaimCase', caseVersion: 2, actor: MEDIATOR, data: {} };
    // The archive fails: the document is not replaced, so the registration's events are not lost.
    let thrown: unknown;
    try { await handler().handleBatch(batch(claim)); } catch (e) { thrown = e; }
    expect(thrown).to.be.an('error');
    expect(cases.get('case-1')!.version).to.equal(2);
    // Redelivered to a new process: archived, then replaced.
    await handler().handleBatch(batch(claim));
    expect(calls.slice(1)).to.deep.equal([['case-1:1'], ['case-1:1']]);
    const doc = cases.get('case-1')!;
    expect(doc.outbox.map((e) => e.type)).to.deep.equal(['CaseClaimed']);
    expect(eventsOfCase(doc, [...archived.values()].map(caseEventsDoc) as unknown as Record<string, unknown>[]).map((e) => [e.caseVersion, e.type]))
      .to.deep.equal([[1, 'CaseRegistered'], [2, 'CaseRouted'], [3, 'CaseClaimed']]);
    expect(relayed).to.deep.equal([['case-1:1', 'case-1:2'], ['case-1:3']]);
  });
});

describe('workflow turns per partition: live before bulk', () => {
  const deferred = () => { let open!: () => void; const p = new Promise<void>((r) => { open = r; }); return { p, open }; };
  const tick = () => new Promise((r) => setImmediate(r));

  it('runs one decision per partition at a time and hands the turn to a waiting live batch before a bulk slice', async () => {
    const lanes = createLanes(2);
    const order: string[] = [];
    const first = deferred();
    const a = lanes.run(0, true, async () => { order.push('bulk A'); await first.p; });
    await tick();
    const b = lanes.run(0, true, async () => { order.push('bulk B'); });
    const live = lanes.run(0, false, async () => { order.push('live'); });
    const other = lanes.run(1, false, async () => { order.push('live on 1'); });
    await other;
    first.open();
    await Promise.all([a, b, live]);
    expect(order).to.deep.equal(['bulk A', 'live on 1', 'live', 'bulk B']);
  });

  it('lets at most `bulkLimit` bulk slices run over all partitions, live work never waiting for that', async () => {
    const lanes = createLanes(1);
    const order: string[] = [];
    const first = deferred();
    const a = lanes.run(0, true, async () => { order.push('bulk on 0'); await first.p; });
    await tick();
    const b = lanes.run(1, true, async () => { order.push('bulk on 1'); });
    const live = lanes.run(2, false, async () => { order.push('live on 2'); });
    await live;
    expect(order).to.deep.equal(['bulk on 0', 'live on 2']);
    first.open();
    await Promise.all([a, b]);
    expect(order).to.deep.equal(['bulk on 0', 'live on 2', 'bulk on 1']);
  });
});
