import { expect } from 'chai';
import mongoose from 'mongoose';
import { createKafka, sendJson, startProducer, type Producer } from '@cw/platform';
import { COLLECTIONS, intakeKey, topicNames, type CaseDoc, type Envelope, type IntakeRecord12315 } from '@cw/contracts';
import { startSystem, postJson, type TestSystem } from '../support/system.js';
import { createApiKey, type TestApiKey } from '../support/auth.js';
import { aComplaintRecord } from '../support/builders.js';
import { eventually, platform, testLogger, unique } from '../support/env.js';

const RECORDS = 1000;

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

describe(`intake idempotency: ${RECORDS} records sent twice over HTTP and Kafka, with intake and the workflow killed midway`, function () {
  this.timeout(900_000);
  let sys: TestSystem;
  let producer: Producer;
  let db: mongoose.Connection;
  let operator: TestApiKey;
  before(async () => {
    sys = await startSystem(['gateway', 'intake', 'workflow'], { INTAKE_WAIT_MS: '2000' });
    operator = await createApiKey(sys, { role: 'operator' });
    producer = await startProducer(createKafka({ clientId: unique('bulk'), brokers: platform.KAFKA_BROKERS, logger: testLogger }));
    db = await mongoose.createConnection(sys.env.MONGO_URL!).asPromise();
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') process.stderr.write(`${sys.dumpLogs()}\n`);
  });
  after(async () => {
    await producer?.disconnect();
    await db?.close();
    await sys?.stopAll();
  });

  it('yields exactly one case per record (two for complaint+report)', async () => {
    const run = unique('bulk');
    const records: IntakeRecord12315[] = Array.from({ length: RECORDS }, (_, i) => aComplaintRecord({
      sourceRef: `${run}-${i}`, kind: i % 10 === 0 ? 'complaint+report' : i % 10 === 1 ? 'report' : 'complaint',
    }));
    const expectedCases = records.reduce((n, r) => n + (r.kind === 'complaint+report' ? 2 : 1), 0);
    const topics = topicNames(sys.prefix);
    const viaKafka = (list: IntakeRecord12315[]) => sendJson(producer, topics.intakeRecords, list.map((r) => ({
      key: intakeKey('12315', r.sourceRef), value: { type: 'IntakeRecord12315', version: 1, source: 'bulk-test', data: r },
    })));
    const viaHttp = (list: IntakeRecord12315[]) => pool(list, 8, async (r) => {
      const res = await postJson(`${sys.url}/api/v1/intake/12315`, r, operator.headers);
      expect(res.status, JSON.stringify(res.body)).to.equal(202);
    });
    const cases = db.collection<CaseDoc>(COLLECTIONS.cases);

    const even = records.filter((_, i) => i % 2 === 0);
    const odd = records.filter((_, i) => i % 2 === 1);
    // Round one: even records over Kafka, odd ones over HTTP; SIGKILL intake once a third of the
    // cases exist and the workflow once two thirds do.
    await viaKafka(even);
    const http = viaHttp(odd);
    // Counting scans the collection on FerretDB: poll gently.
    await eventually(async () => (await cases.estimatedDocumentCount()) >= expectedCases / 3, 'a third of the cases', 300_000, 200);
    await sys.kill('intake');
    sys.start('intake');
    await eventually(async () => (await cases.estimatedDocumentCount()) >= (2 * expectedCases) / 3, 'two thirds of the cases', 300_000, 200);
    await sys.kill('workflow');
    sys.start('workflow');
    await http;
    // Round two: the same records the other way round.
    await viaKafka(odd);
    await viaHttp(even);

    // The audit trail: one document per case write but the last, whose events are the case's
    // outbox (decision 0017, 0019); count the events by type, each event once.
    const auditEvents = async (type: string) => {
      const events = [
        ...(await db.collection(COLLECTIONS.caseEvents).find({}).toArray()).flatMap((d) => d.events as Envelope[]),
        ...(await cases.find({}, { projection: { outbox: 1 } }).toArray()).flatMap((d) => d.outbox),
      ];
      return new Set(events.filter((e) => e.type === type).map((e) => e.id)).size;
    };
    const routedEvents = () => auditEvents('CaseRouted');
    await eventually(async () => (await cases.countDocuments()) >= expectedCases && (await routedEvents()) >= expectedCases,
      `${expectedCases} cases`, 480_000, 1000);
    expect(await cases.countDocuments()).to.equal(expectedCases);
    // Routed at registration, once each.
    expect(await routedEvents()).to.equal(expectedCases);
    expect(await cases.countDocuments({ queue: { $exists: true } })).to.equal(expectedCases);
    const docs = await cases.find({}, { projection: { caseNo: 1, 'registration.sourceRef': 1, kind: 1 } }).toArray();
    expect(new Set(docs.map((d) => d.caseNo)).size).to.equal(expectedCases);
    const perRecord = new Map<string, string[]>();
    for (const d of docs) perRecord.set(d.registration.sourceRef, [...(perRecord.get(d.registration.sourceRef) ?? []), d.kind].sort());
    for (const r of records) {
      expect(perRecord.get(r.sourceRef), r.sourceRef).to.deep.equal(r.kind === 'complaint+report' ? ['complaint', 'report'] : [r.kind]);
    }
    const registered = await auditEvents('CaseRegistered');
    expect(registered).to.equal(expectedCases);
  });
});
