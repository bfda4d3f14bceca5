import { expect } from 'chai';
import mongoose from 'mongoose';
import { Queue, Worker } from 'bullmq';
import {
  createKafka, ensureTopics, isDuplicateKeyError, redisOptions, sendJson, startConsumer, startProducer, connectMongo,
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
