import { expect } from 'chai';
import mongoose from 'mongoose';
import { createKafka, ensureTopics, isRetriable, sendJson, startConsumer, startProducer, type Producer } from '@cw/platform';
import { COLLECTIONS, caseIdFor, intakeKey, topicNames, topicSpecs } from '@cw/contracts';
import { startSystem, type TestSystem } from '../support/system.js';
import { aComplaintRecord } from '../support/builders.js';
import { eventually, platform, testLogger, unique } from '../support/env.js';

/**
 * A message that cannot be decoded is not retriable anywhere: every consumer of `case.commands`,
 * `case.commands.bulk` and `case.events` dead-letters it with the reason and its partition moves on (decision 0014).
 */
describe('poison messages on case.commands and case.events', function () {
  this.timeout(180_000);
  let sys: TestSystem;
  let producer: Producer;
  let db: mongoose.Connection;
  before(async () => {
    sys = await startSystem(['intake', 'workflow', 'router', 'sla', 'stats']);
    const kafka = createKafka({ clientId: unique('poison'), brokers: platform.KAFKA_BROKERS, logger: testLogger });
    await ensureTopics(kafka, topicSpecs(topicNames(sys.prefix), platform.KAFKA_PARTITIONS));
    producer = await startProducer(kafka);
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

  it('dead-letters them in every consumer group, with the reason, and keeps going', async () => {
    const topics = topicNames(sys.prefix);
    const kafka = createKafka({ clientId: unique('dlq-reader'), brokers: platform.KAFKA_BROKERS, logger: testLogger });
    const dead: { topic: string; group: string; code: string; reason: string }[] = [];
    const reader = await startConsumer(kafka, producer, {
      groupId: unique('dlq-reader'), topics: [topics.caseCommandsDlq, topics.caseCommandsBulkDlq, topics.caseEventsDlq], logger: testLogger, deadLetterTopic: (t) => `${t}.x`,
      handle: async ({ topic, message }) => {
        const h = (k: string) => message.headers?.[k]?.toString() ?? '';
        dead.push({ topic, group: h('dlq-group'), code: h('dlq-code'), reason: h('dlq-reason') });
      },
    });
    try {
      // Poison on the same partition key as a real case, so that case's partition must move on.
      const record = aComplaintRecord({ sourceRef: unique('after-poison') });
      const caseId = caseIdFor(intakeKey('12315', record.sourceRef), 'complaint');
      await producer.send({ topic: topics.caseCommands, messages: [{ key: caseId, value: '{not json' }] });
      await producer.send({ topic: topics.caseCommandsBulk, messages: [{ key: caseId, value: '{not json, bulk' }] });
      await producer.send({ topic: topics.caseEvents, messages: [{ key: caseId, value: 'not json either' }] });
      await sendJson(producer, topics.intakeRecords, [{ key: intakeKey('12315', record.sourceRef), value: { type: 'IntakeRecord12315', version: 1, data: record } }]);

      const groups = (topic: string) => dead.filter((d) => d.topic === topic).map((d) => d.group.replace(sys.prefix, '').replace(/^stats\..*/, 'stats')).sort();
      await eventually(() => groups(topics.caseEventsDlq).length >= 3 && groups(topics.caseCommandsDlq).length >= 1 && groups(topics.caseCommandsBulkDlq).length >= 1, 'dead letters from every group', 120_000, 200);
      expect(groups(topics.caseCommandsDlq)).to.deep.equal(['workflow']);
      expect(groups(topics.caseCommandsBulkDlq)).to.deep.equal(['workflow']);
      expect(groups(topics.caseEventsDlq)).to.deep.equal(['router', 'sla', 'stats']);
      for (const d of dead) expect(d.code, JSON.stringify(d)).to.equal('VALIDATION_FAILED');
      expect(dead.every((d) => /JSON/.test(d.reason)), JSON.stringify(dead)).to.equal(true);

      // The partitions moved on: the case behind the poison is registered and routed.
      const cases = db.collection(COLLECTIONS.cases);
      await eventually(async () => (await cases.findOne({ _id: caseId as never }))?.queue, 'the case after the poison to be routed', 60_000, 200);
    } finally {
      await reader.stop();
    }
  });

  it('refuses U+0000, which the store cannot hold: intake dead-letters the record naming the field, the store\'s own refusal is not retried', async () => {
    // The store's refusal, as FerretDB on PostgreSQL gives it: a data exception, not retriable.
    const refusal = await db.collection(unique('nul-probe')).insertOne({ text: 'a\u0000b' }).then(() => undefined, (e: unknown) => e);
    expect((refusal as Error | undefined)?.message, 'FerretDB stores U+0000?').to.match(/SQLSTATE 22P05/);
    expect(isRetriable(refusal)).to.equal(false);

    const topics = topicNames(sys.prefix);
    const dead: { code: string; reason: string; offset: string }[] = [];
    const reader = await startConsumer(createKafka({ clientId: unique('dlq-reader'), brokers: platform.KAFKA_BROKERS, logger: testLogger }), producer, {
      groupId: unique('dlq-reader'), topics: [topics.intakeRecordsDlq], logger: testLogger, deadLetterTopic: (t) => `${t}.x`,
      handle: async ({ message }) => {
        const h = (k: string) => message.headers?.[k]?.toString() ?? '';
        dead.push({ code: h('dlq-code'), reason: h('dlq-reason'), offset: h('dlq-source-offset') });
      },
    });
    try {
      // Same key as the valid record after it: its partition must move on.
      const sourceRef = unique('nul');
      const key = intakeKey('12315', sourceRef);
      await sendJson(producer, topics.intakeRecords, [
        { key, value: { type: 'IntakeRecord12315', version: 1, data: aComplaintRecord({ sourceRef, narrative: '充电器发热\u0000冒烟' }) } },
        { key, value: { type: 'IntakeRecord12315', version: 1, data: aComplaintRecord({ sourceRef }) } },
      ]);
      await eventually(() => dead.some((d) => /U\+0000/.test(d.reason)), 'the record holding U+0000 dead-lettered', 60_000, 200);
      expect(dead.filter((d) => /U\+0000/.test(d.reason)).map((d) => [d.code, d.reason]))
        .to.deep.equal([['VALIDATION_FAILED', 'Intake message holds the character U+0000 at /data/narrative']]);
      const caseId = caseIdFor(key, 'complaint');
      await eventually(async () => db.collection(COLLECTIONS.cases).findOne({ _id: caseId as never }), 'the valid record after it registered', 60_000, 200);
    } finally {
      await reader.stop();
    }
  });
});
