import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createKafka, ensureTopics, redisOptions, sendJson, startConsumer, startProducer, type Logger } from '@cw/platform';
import { redisCalls, say, sequential, type Sample } from './measure.js';

/** A document about the size and shape of a small case (~1 KB of nested JSON). */
function aDoc(i: number) {
  return {
    _id: `bench-${i}`,
    version: 1,
    caseNo: `TS-2026-${String(i).padStart(6, '0')}`,
    kind: 'complaint',
    status: 'registered',
    registration: {
      sourceRef: `B-${i}`, channel: '12315-hotline', receivedAt: new Date().toISOString(),
      consumer: { name: '陈小明', phone: '13800138000' },
      business: { name: '海丰县某超市', address: '汕尾市海丰县梅陇镇人民路8号' },
      summary: '购买的牛奶已过保质期', narrative: '消费者反映在该超市购买的纯牛奶已过保质期三天，要求退一赔十。'.repeat(4),
    },
    processed: [`register:${i}`] as string[],
    outbox: [] as unknown[],
    hasOutbox: false,
    updatedAt: new Date(),
  };
}

type BenchDoc = ReturnType<typeof aDoc> & { queue?: string };

export interface MongoFigures {
  insert: Sample;
  findById: Sample;
  updateById: Sample;
  /** updateOne by `_id` at 200 and at 2,000 documents (same collection grown). */
  updateAt200: Sample;
  updateAt2000: Sample;
  findAt200: Sample;
  findAt2000: Sample;
  /** findOne of an `_id` that is not there, at 2,000 documents: what every fresh command id costs. */
  findMissAt2000: Sample;
  /** updateOne by `_id` on a collection with the nine secondary indexes of `cases`. */
  updateIndexed: Sample;
  insertIndexed: Sample;
  /** One `countDocuments({queue: {$exists: true}})` over 2,000 documents (a scan on FerretDB). */
  countScan: Sample;
  /** findOne by `_id`, 8 at a time (the services' pool and read concurrency), at 2,000 documents. */
  findConcurrent: Sample;
  /** insertMany / bulkWrite replaces of `bulkSize` documents per call (into `cases` as indexed now; into one with the old B-trees). */
  insertMany: Sample;
  insertManyBtree: Sample;
  /** A queue list (find by queue, sort, limit 200) with the GIN index and with the B-trees; a case history by caseId with and without GIN. */
  queueList: Sample;
  queueListBtree: Sample;
  historyGin: Sample;
  historyScan: Sample;
  replaceBulk: Sample;
  bulkSize: number;
  replaceSize: number;
}

/** Sequential single-document operations, the way the services issue them, in a database of their own. */
export async function benchMongo(url: string, n: number): Promise<MongoFigures> {
  const conn = await mongoose.createConnection(url, { serverSelectionTimeoutMS: 5000, autoIndex: false, autoCreate: false }).asPromise();
  try {
    const plain = conn.collection<BenchDoc>('plain');
    const insert = await sequential(n, (i) => plain.insertOne(aDoc(i)));
    const findById = await sequential(n, (i) => plain.findOne({ _id: `bench-${(i * 7919) % n}` }));
    const updateById = await sequential(n, (i) => plain.updateOne(
      { _id: `bench-${(i * 7919) % n}` },
      { $set: { status: 'routed', queue: '441521:food', updatedAt: new Date() }, $push: { processed: `route:${i}` } },
    ));

    // Collection size: the same update at 200 and at 2,000 documents.
    const sized = conn.collection<BenchDoc>('sized');
    await sized.insertMany(Array.from({ length: 200 }, (_, i) => aDoc(i)), { ordered: false });
    const upd = (i: number, size: number) => sized.updateOne({ _id: `bench-${(i * 7919) % size}` }, { $set: { status: 'routed', updatedAt: new Date() } });
    const find = (i: number, size: number) => sized.findOne({ _id: `bench-${(i * 7919) % size}` });
    const findAt200 = await sequential(200, (i) => find(i, 200));
    const updateAt200 = await sequential(200, (i) => upd(i, 200));
    for (let from = 200; from < 2000; from += 300) {
      await sized.insertMany(Array.from({ length: Math.min(300, 2000 - from) }, (_, i) => aDoc(from + i)), { ordered: false });
    }
    const findAt2000 = await sequential(200, (i) => find(i, 2000));
    const updateAt2000 = await sequential(200, (i) => upd(i, 2000));
    const findMissAt2000 = await sequential(50, (i) => sized.findOne({ _id: `missing-${i}` }));
    const findConcurrent = await sequential(50, (b) => Promise.all(Array.from({ length: 8 }, (_, j) => find(b * 8 + j, 2000))));
    findConcurrent.n = 50 * 8;
    const countScan = await sequential(5, () => sized.countDocuments({ queue: { $exists: true } }));

    // The same writes on a collection indexed like `cases` (services/workflow/src/persistence/case-store.ts).
    const indexed = conn.collection<BenchDoc>('indexed');
    await indexed.createIndex({ caseNo: 1 }, { unique: true });
    for (const spec of [{ queue: 1, nextDueDate: 1 }, { status: 1 }, { district: 1, status: 1 }, { category: 1 }, { assignee: 1 },
      { 'registration.sourceRef': 1 }, { receivedAtDate: -1 }, { hasOutbox: 1 }] as Record<string, 1 | -1>[]) await indexed.createIndex(spec);
    const insertIndexed = await sequential(200, (i) => indexed.insertOne(aDoc(i)));
    const updateIndexed = await sequential(200, (i) => indexed.updateOne(
      { _id: `bench-${(i * 7919) % 200}` },
      { $set: { status: 'routed', queue: '441521:food', hasOutbox: true, updatedAt: new Date() }, $push: { processed: `route:${i}` } },
    ));
    // Bulk, the way the services write now: insertMany of 100 case-like documents, and bulkWrite of
    // 16 replaces by _id. Into `cases` as the workflow indexes it on FerretDB now (unique caseNo;
    // GIN on _id, queue, district, assignee from the trigger), and for comparison into a collection
    // with the four B-trees it had before decision 0016.
    const bulk = conn.collection<BenchDoc>('cases');
    await bulk.createIndex({ caseNo: 1 }, { unique: true });
    const btree = conn.collection<BenchDoc>('btree');
    await btree.createIndex({ caseNo: 1 }, { unique: true });
    for (const spec of [{ queue: 1, nextDueDate: 1 }, { district: 1, status: 1 }, { assignee: 1 }, { receivedAtDate: -1 }] as Record<string, 1 | -1>[]) await btree.createIndex(spec);
    const BULK = 100;
    const REPLACES = 16;
    const withQueue = (i: number) => ({ ...aDoc(i), queue: `q-${i % 50}`, district: `d-${i % 10}`, nextDueDate: `2026-12-${String(1 + (i % 28)).padStart(2, '0')}` });
    const insertMany = await sequential(30, (b) => bulk.insertMany(Array.from({ length: BULK }, (_, i) => withQueue(b * BULK + i)), { ordered: false }));
    const insertManyBtree = await sequential(30, (b) => btree.insertMany(Array.from({ length: BULK }, (_, i) => withQueue(b * BULK + i)), { ordered: false }));
    // Replaces go 16 per request, as the workflow sends them (FerretDB hangs on 100: decision 0014).
    const replaceBulk = await sequential(10, (b) => bulk.bulkWrite(Array.from({ length: REPLACES }, (_, i) => {
      const { _id, ...rest } = withQueue(b * REPLACES + i);
      return { replaceOne: { filter: { _id }, replacement: { ...rest, status: 'routed' } } };
    }), { ordered: false }));
    // A console's queue list (3,000 cases, 50 queues): GIN on queue vs the B-trees FerretDB cannot use.
    const listQueue = (c: typeof bulk) => (i: number) => c.find({ queue: `q-${(i * 7) % 50}` }).sort({ nextDueDate: 1, _id: 1 }).limit(200).toArray();
    const queueList = await sequential(20, listQueue(bulk));
    const queueListBtree = await sequential(20, listQueue(btree));
    // A case's history among 20,000 audit documents (one per write, decision 0017): GIN on caseId (case_events) vs none.
    type Audit = { _id: string; caseId: string; fromVersion: number; toVersion: number; events: unknown[] };
    const events = conn.collection<Audit>('case_events');
    const plainEvents = conn.collection<Audit>('plain_events');
    for (const c of [events, plainEvents]) {
      for (let from = 0; from < 20_000; from += 1000) {
        await c.insertMany(Array.from({ length: 1000 }, (_, i) => {
          const caseId = `c-${(from + i) % 4000}`;
          const v = Math.floor((from + i) / 4000) + 1;
          return { _id: `${caseId}:${v}`, caseId, fromVersion: v, toVersion: v, events: [{ id: `${caseId}:${v}`, caseId, caseVersion: v, type: 'CaseClaimed', data: { note: 'x'.repeat(300) } }] };
        }), { ordered: false });
      }
    }
    const history = (c: typeof events) => (i: number) => c.find({ caseId: `c-${(i * 13) % 4000}` }).toArray();
    const historyGin = await sequential(30, history(events));
    const historyScan = await sequential(10, history(plainEvents));
    return { insert, findById, updateById, updateAt200, updateAt2000, findAt200, findAt2000, findMissAt2000, findConcurrent, updateIndexed, insertIndexed, countScan, insertMany, insertManyBtree, replaceBulk, queueList, queueListBtree, historyGin, historyScan, bulkSize: BULK, replaceSize: REPLACES };
  } finally {
    await conn.dropDatabase().catch((e: Error) => say(`  (could not drop the bench database: ${e.message})`));
    await conn.close();
  }
}

export interface KafkaFigures {
  produced: number;
  batchSize: number;
  produceMs: number;
  /** From `startConsumer` to the last message: includes joining the group. */
  consumeMs: number;
  /** From the first message received to the last. */
  consumeSteadyMs: number;
  /** One message per `send`, acks=all, as intake and the workflow relay do. */
  singleSend: Sample;
}

/** Produce `n` small messages in batches to a fresh topic, then read them back in a fresh group. */
export async function benchKafka(brokers: string[], n: number, batchSize: number, logger: Logger): Promise<KafkaFigures> {
  const id = `bench-${randomUUID().slice(0, 8)}`;
  const topic = `${id}.raw`;
  const kafka = createKafka({ clientId: id, brokers, logger });
  await ensureTopics(kafka, [{ topic, numPartitions: 12 }, { topic: `${topic}.dlq`, numPartitions: 1 }]);
  const producer = await startProducer(kafka);
  try {
    // About 1 KB, like a case event.
    const body = { type: 'BenchPing', caseId: '', at: '', pad: 'x'.repeat(900) };
    const t0 = performance.now();
    for (let i = 0; i < n; i += batchSize) {
      await sendJson(producer, topic, Array.from({ length: Math.min(batchSize, n - i) }, (_, j) => ({
        key: `case-${(i + j) % 997}`, value: { ...body, caseId: `case-${i + j}`, at: new Date().toISOString() },
      })));
    }
    const produceMs = performance.now() - t0;
    const singleSend = await sequential(200, (i) => sendJson(producer, `${topic}.dlq`, [{ key: `k${i}`, value: body }]));

    let seen = 0;
    let first = 0;
    let done!: () => void;
    const all = new Promise<void>((r) => { done = r; });
    const c0 = performance.now();
    // Consumed the way the services consume: eachBatch, 4 of the 12 partitions at a time, a commit per batch.
    const consumer = await startConsumer(kafka, producer, {
      groupId: `${id}.group`, topics: [topic], logger, fromBeginning: true, partitionsConsumedConcurrently: 4,
      handleBatch: async (batch) => {
        if (seen === 0) first = performance.now();
        seen += batch.messages.length;
        if (seen >= n) done();
        return { deadLetters: [] };
      },
    });
    const timeout = setTimeout(done, 60_000);
    await all;
    clearTimeout(timeout);
    const end = performance.now();
    await consumer.stop();
    return { produced: seen === n ? n : seen, batchSize, produceMs, consumeMs: end - c0, consumeSteadyMs: end - first, singleSend };
  } finally {
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic, `${topic}.dlq`] }).catch(() => undefined);
    await admin.disconnect();
  }
}

export interface RedisFigures {
  add: Sample;
  /** `addBulk` of `bulkSize` delayed jobs per call, and the Redis commands that took (INFO commandstats). */
  addBulk: Sample;
  bulkSize: number;
  bulkRedisCalls: number;
}

/** BullMQ: delayed jobs one by one, then in bulk as the sla service adds them now. */
export async function benchRedis(redisUrl: string, n: number): Promise<RedisFigures> {
  const queue = new Queue(`bench-${randomUUID().slice(0, 8)}`, { connection: redisOptions(redisUrl) });
  const redis = new Redis(redisUrl);
  try {
    await queue.waitUntilReady();
    const add = await sequential(n, (i) => queue.add('deadline', { caseId: `case-${i}`, clock: 'handling' }, {
      jobId: `case-${i}:handling:due`, delay: 3_600_000 + i, removeOnComplete: true, removeOnFail: true,
    }));
    const BULK = 100;
    const total = async () => Object.values(await redisCalls(redis)).reduce((a, b) => a + b, 0);
    const calls0 = await total();
    const addBulk = await sequential(Math.ceil(n / BULK), (b) => queue.addBulk(Array.from({ length: BULK }, (_, i) => ({
      name: 'deadline', data: { caseId: `bulk-${b * BULK + i}`, clock: 'accept' },
      opts: { jobId: `bulk-${b * BULK + i}:accept:miss`, delay: 3_600_000 + i, removeOnComplete: true, removeOnFail: true },
    }))));
    const bulkRedisCalls = (await total()) - calls0 - 1; // the INFO call itself
    return { add, addBulk, bulkSize: BULK, bulkRedisCalls };
  } finally {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    redis.disconnect();
  }
}
