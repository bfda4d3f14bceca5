import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { Queue, Worker } from 'bullmq';
import kafkajs from 'kafkajs';
import { DEAD_LETTER_TOPIC_CONFIGS } from '@cw/contracts';
import {
  createKafka, ensureTopics, isDuplicateKeyError, redisOptions, sendJson, sendJsonBatch, startConsumer, startProducer, connectMongo,
} from '@cw/platform';
import { eventually, mongoUrlFor, platform, testLogger, unique } from '../support/env.js';

describe('platform against the real servers', () => {
  it('kafkajs: admin creates a topic, a producer sends, a consumer group receives', async () => {
    const kafka = createKafka({ clientId: unique('smoke'), brokers: platform.KAFKA_BROKERS, logger: testLogger });
    const topic = unique('smoke.topic');
    await ensureTopics(kafka, [{ topic, numPartitions: 3 }, { topic: `${topic}.dlq`, numPartitions: 1 }]);
    const admin = kafka.admin();
    await admin.connect();
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.disconnect();
    expect(meta.topics[0]?.partitions).to.have.length(3);

    const producer = await startProducer(kafka);
    const received: string[] = [];
    const consumer = await startConsumer(kafka, producer, {
      groupId: unique('smoke-group'), topics: [topic], logger: testLogger,
      handle: async ({ message }) => { received.push(message.value!.toString()); },
    });
    try {
      await sendJson(producer, topic, [{ key: 'a', value: { n: 1 } }, { key: 'b', value: { n: 2 } }]);
      await eventually(() => received.length === 2, 'two messages');
      expect(received.map((r) => JSON.parse(r).n).sort()).to.deep.equal([1, 2]);
    } finally {
      await consumer.stop();
      await producer.disconnect();
    }
  });

  it('kafkajs: a non-retriable failure goes to the dead-letter topic with its reason, and consumption continues', async () => {
    const kafka = createKafka({ clientId: unique('dlq'), brokers: platform.KAFKA_BROKERS, logger: testLogger });
    const topic = unique('dlq.topic');
    await ensureTopics(kafka, [{ topic, numPartitions: 1 }, { topic: `${topic}.dlq`, numPartitions: 1 }]);
    const producer = await startProducer(kafka);
    const good: string[] = [];
    const dead: { value: string; reason: string }[] = [];
    const { ValidationError } = await import('@cw/platform');
    const consumer = await startConsumer(kafka, producer, {
      groupId: unique('dlq-group'), topics: [topic], logger: testLogger,
      handle: async ({ message }) => {
        const v = message.value!.toString();
        if (v.includes('poison')) throw new ValidationError('poison pill', [{ pointer: '/', rule: 'test', message: 'poison' }]);
        good.push(v);
      },
    });
    const dlqConsumer = await startConsumer(kafka, producer, {
      groupId: unique('dlq-reader'), topics: [`${topic}.dlq`], logger: testLogger, deadLetterTopic: () => `${topic}.dlq.unused`,
      handle: async ({ message }) => { dead.push({ value: message.value!.toString(), reason: message.headers!['dlq-reason']!.toString() }); },
    });
    try {
      await sendJson(producer, topic, [{ key: 'k', value: 'poison' }, { key: 'k', value: 'fine' }]);
      await eventually(() => good.length === 1 && dead.length === 1, 'one good, one dead');
      expect(dead[0]!.reason).to.equal('poison pill');
      expect(good).to.deep.equal(['"fine"']);
    } finally {
      await dlqConsumer.stop();
      await consumer.stop();
      await producer.disconnect();
    }
  });

  it('kafkajs: a batch whose dead letters add up to more than 1 MiB (one near 1 MiB) is dead-lettered whole, and consumption goes on', async () => {
    const kafka = createKafka({ clientId: unique('big-dlq'), brokers: platform.KAFKA_BROKERS, logger: testLogger });
    const topic = unique('big-dlq.topic');
    // The dead-letter topic as the services provision it.
    await ensureTopics(kafka, [{ topic, numPartitions: 1 }, { topic: `${topic}.dlq`, numPartitions: 1, configs: DEAD_LETTER_TOPIC_CONFIGS }]);
    const producer = await startProducer(kafka);
    // One value at the broker's default limit (within bytes of 1 MiB with the record overhead: its dead letter,
    // with the reason in headers, is bigger), then forty of 100 KB, all on one partition: 5 MB of
    // dead letters, more than one record batch may hold even on a dead-letter topic.
    const big = 'b'.repeat(1_048_400);
    await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: big }] });
    for (let i = 0; i < 40; i += 5) {
      await producer.send({ topic, acks: -1, messages: Array.from({ length: 5 }, (_, j) => ({ key: 'k', value: `${i + j}:${'s'.repeat(100_000)}` })) });
    }
    await sendJson(producer, topic, [{ key: 'k', value: 'fine' }]);
    const { ValidationError } = await import('@cw/platform');
    const good: string[] = [];
    let largest = 0;
    const consumerGroup = unique('big-dlq-group');
    const consumer = await startConsumer(kafka, producer, {
      groupId: consumerGroup, topics: [topic], logger: testLogger, maxBytesPerPartition: 8 * 1024 * 1024,
      handleBatch: async ({ messages }) => {
        largest = Math.max(largest, messages.length);
        const deadLetters = messages.filter((m) => m.value!.length > 50).map((message) => ({ message, error: new ValidationError('too long for this test', []) }));
        good.push(...messages.filter((m) => m.value!.length <= 50).map((m) => m.value!.toString()));
        return { deadLetters };
      },
    });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const deadLetters = async () => (await admin.fetchTopicOffsets(`${topic}.dlq`)).reduce((n, p) => n + Number(p.high), 0);
      // Its dead letters go out after the batch's handler returns, before its offsets are committed.
      await eventually(async () => good.length === 1 && (await deadLetters()) === 41, 'the batch dead-lettered and the next message handled', 30_000);
      await eventually(async () => Number((await admin.fetchOffsets({ groupId: consumerGroup, topics: [topic] }))[0]!.partitions[0]!.offset) === 42, 'the offsets committed past the batch', 30_000);
      expect(largest, 'the big letters came in one batch (else this test proves nothing)').to.be.greaterThan(40);
    } finally {
      await admin.disconnect();
      await consumer.stop();
      await producer.disconnect();
    }
  });

  it('kafkajs: sendJsonBatch of 4 MB that does not compress, for one partition, arrives whole and in order (sent in parts)', async () => {
    const kafka = createKafka({ clientId: unique('big-send'), brokers: platform.KAFKA_BROKERS, logger: testLogger });
    const topic = unique('big-send.topic');
    const other = unique('big-send.other');
    await ensureTopics(kafka, [{ topic, numPartitions: 1 }, { topic: other, numPartitions: 1 }]);
    const producer = await startProducer(kafka);
    try {
      const values = Array.from({ length: 30 }, (_, i) => `${i}:${randomBytes(100_000).toString('base64')}`);
      await sendJsonBatch(producer, [{ topic, messages: values.map((value) => ({ key: 'k', value })) }, { topic: other, messages: [{ key: 'k', value: 'small' }] }]);
      const admin = kafka.admin();
      await admin.connect();
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.disconnect();
      expect(Number(ends[0]!.high)).to.equal(30);
      const seen: string[] = [];
      const reader = await startConsumer(kafka, producer, {
        groupId: unique('big-send-reader'), topics: [topic], logger: testLogger, deadLetterTopic: () => `${topic}.unused`,
        handle: async ({ message }) => { seen.push((JSON.parse(message.value!.toString()) as string).split(':')[0]!); },
      });
      try {
        await eventually(() => seen.length === 30, 'all 30 read back', 30_000);
      } finally {
        await reader.stop();
      }
      expect(seen).to.deep.equal(values.map((_, i) => String(i)));
    } finally {
      await producer.disconnect();
    }
  });

  it('ensureTopics sets the configs of a topic created before with others (an older release)', async () => {
    const kafka = createKafka({ clientId: unique('reconcile'), brokers: platform.KAFKA_BROKERS, logger: testLogger });
    const topic = unique('reconcile.topic');
    await ensureTopics(kafka, [{ topic, numPartitions: 1, configs: { 'retention.ms': '-1' } }]);
    await ensureTopics(kafka, [{ topic, numPartitions: 1, configs: { 'retention.ms': '-1', ...DEAD_LETTER_TOPIC_CONFIGS } }]);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: kafkajs.ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms', 'max.message.bytes'] }] });
      const got = Object.fromEntries(resources[0]!.configEntries.map((e) => [e.configName, e.configValue]));
      expect(got).to.deep.equal({ 'retention.ms': '-1', ...DEAD_LETTER_TOPIC_CONFIGS });
    } finally {
      await admin.disconnect();
    }
  });

  it('kafkajs: a consumer stopped by an error kafkajs does not retry is restarted and gets its batch again', async () => {
    const kafka = createKafka({ clientId: unique('restart'), brokers: platform.KAFKA_BROKERS, logger: testLogger });
    const topic = unique('restart.topic');
    await ensureTopics(kafka, [{ topic, numPartitions: 1 }, { topic: `${topic}.dlq`, numPartitions: 1 }]);
    const producer = await startProducer(kafka);
    let attempts = 0;
    const handled: string[] = [];
    const consumer = await startConsumer(kafka, producer, {
      groupId: unique('restart-group'), topics: [topic], logger: testLogger,
      handleBatch: async ({ messages }) => {
        attempts += 1;
        // A bug, not a retriable failure: kafkajs wraps it as non-retriable and stops the consumer.
        if (attempts === 1) throw new TypeError("Cannot read properties of undefined (reading '0')");
        handled.push(...messages.map((m) => m.value!.toString()));
        return { deadLetters: [] };
      },
    });
    try {
      await sendJson(producer, topic, [{ key: 'k', value: 'one' }]);
      await eventually(() => handled.length === 1, 'the batch handled after the restart', 20000);
      expect(attempts).to.equal(2);
      expect(handled).to.deep.equal(['"one"']);
    } finally {
      await consumer.stop();
      await producer.disconnect();
    }
  });

  it('mongoose: insert, find and a unique-index violation', async () => {
    const conn = await connectMongo(mongoUrlFor(unique('smoke')), testLogger);
    try {
      const Thing = conn.model('Thing', new mongoose.Schema({ code: { type: String, required: true, unique: true }, n: Number }));
      await Thing.createIndexes();
      await Thing.create({ code: 'a', n: 1 });
      const found = await Thing.findOne({ code: 'a' }).lean();
      expect(found?.n).to.equal(1);
      let error: unknown;
      try { await Thing.create({ code: 'a', n: 2 }); } catch (e) { error = e; }
      expect(isDuplicateKeyError(error)).to.equal(true);
      expect(await Thing.countDocuments()).to.equal(1);
      await conn.dropDatabase();
    } finally {
      await conn.close();
    }
  });

  it('BullMQ: a delayed job fires after its delay', async () => {
    const name = unique('smoke-queue');
    const connection = redisOptions(platform.REDIS_URL);
    const queue = new Queue(name, { connection });
    const fired: { at: number; data: unknown }[] = [];
    const worker = new Worker(name, async (job) => { fired.push({ at: Date.now(), data: job.data }); }, { connection });
    try {
      const addedAt = Date.now();
      await queue.add('ping', { hello: 'world' }, { delay: 300, jobId: 'only-once' });
      await queue.add('ping', { hello: 'again' }, { delay: 300, jobId: 'only-once' }); // same id: not added twice
      expect(await queue.getDelayedCount()).to.equal(1);
      await eventually(() => fired.length >= 1, 'the delayed job');
      expect(fired[0]!.at - addedAt).to.be.at.least(250);
      expect(fired[0]!.data).to.deep.equal({ hello: 'world' });
    } finally {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
});
