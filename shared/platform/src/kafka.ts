import kafkajs, {
  Kafka, logLevel, AssignerProtocol, CompressionTypes, Partitioners, type PartitionAssigner,
  type Admin, type Consumer, type KafkaMessage, type Producer, type LogEntry,
} from 'kafkajs';
import type { Logger } from './logger.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { isRetriable, AppError, UnavailableError } from './errors.js';
import { registerCompressionCodecs, undecodableRecord } from './codecs.js';
import { kafkaMetrics, trackConsumer } from './metrics.js';

export type { Kafka, Producer, Consumer, Admin, KafkaMessage, IHeaders } from 'kafkajs';

export interface TopicSpec {
  topic: string;
  numPartitions: number;
  /** e.g. `{ 'retention.ms': '-1' }` for kept topics. */
  configs?: Record<string, string>;
}

/** Bridges kafkajs logs into pino (STYLE.md: logging through an injectable logCreator). */
function pinoLogCreator(logger: Logger) {
  const child = logger.child({ component: 'kafkajs' });
  return () => ({ level, log }: LogEntry) => {
    const { message, ...extra } = log;
    const fn = level === logLevel.ERROR ? child.error : level === logLevel.WARN ? child.warn : level === logLevel.INFO ? child.info : child.debug;
    fn.call(child, extra, message);
  };
}

export function createKafka(opts: { clientId: string; brokers: string[]; logger: Logger }): Kafka {
  // Records from any producer decode: gzip is built in, snappy/lz4/zstd are registered here.
  registerCompressionCodecs();
  return new Kafka({
    clientId: opts.clientId,
    brokers: opts.brokers,
    logLevel: logLevel.WARN,
    logCreator: pinoLogCreator(opts.logger),
    retry: { initialRetryTime: 200, retries: 8 },
    connectionTimeout: 3000,
  });
}

/**
 * Creates missing topics with explicit partition counts and configs; an existing topic keeps its
 * partitions, and its configs are set to the spec's where they differ (a topic created by an
 * older release). Then waits until every partition of every topic has a leader that answers
 * offset requests.
 * Several services start at once and race to create the same topics: kafkajs returns without
 * waiting for leaders to the one that finds them already created, and a consumer started on a
 * partition without a leader crashes (its offset lookup finds no broker for it).
 */
export async function ensureTopics(kafka: Kafka, topics: TopicSpec[], opts: { timeoutMs?: number } = {}): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({
          topic: t.topic,
          numPartitions: t.numPartitions,
          replicationFactor: 1,
          configEntries: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })),
        })),
      });
    }
    await reconcileConfigs(admin, topics.filter((t) => existing.has(t.topic) && Object.keys(t.configs ?? {}).length > 0));
    await waitForLeaders(admin, topics, opts.timeoutMs ?? 60_000);
  } finally {
    await admin.disconnect();
  }
}

// Not among the names Node finds in kafkajs's CommonJS exports: read off the default export.
const { ConfigResourceTypes } = kafkajs;

/**
 * Sets the spec's configs on existing topics that differ. Kafka's AlterConfigs (the one kafkajs
 * speaks) replaces a topic's whole set of overrides, so the spec's set is sent complete: the
 * project owns every override of its topics.
 */
async function reconcileConfigs(admin: Admin, topics: TopicSpec[]): Promise<void> {
  if (topics.length === 0) return;
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((t) => ({ type: ConfigResourceTypes.TOPIC, name: t.topic, configNames: Object.keys(t.configs!) })),
  });
  const current = new Map(resources.map((r) => [r.resourceName, new Map(r.configEntries.map((e) => [e.configName, e.configValue]))]));
  const stale = topics.filter((t) => Object.entries(t.configs!).some(([name, value]) => current.get(t.topic)?.get(name) !== value));
  if (stale.length === 0) return;
  await admin.alterConfigs({
    validateOnly: false,
    resources: stale.map((t) => ({
      type: ConfigResourceTypes.TOPIC, name: t.topic,
      configEntries: Object.entries(t.configs!).map(([name, value]) => ({ name, value })),
    })),
  });
}

async function waitForLeaders(admin: Admin, topics: TopicSpec[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics: topics.map((t) => t.topic) });
      const unready = meta.filter((m) => m.partitions.length === 0 || m.partitions.some((p) => p.leader < 0)).map((m) => m.name);
      if (unready.length > 0) throw new Error(`no leader yet for ${unready.join(', ')}`);
      await Promise.all(topics.map((t) => admin.fetchTopicOffsets(t.topic)));
      return;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new UnavailableError(`Kafka topics not ready after ${timeoutMs} ms: ${last instanceof Error ? last.message : String(last)}`);
    await sleep(250);
  }
}

/** An idempotent producer: the broker discards duplicates of a retried send. */
export async function startProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({
    idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  return producer;
}

export interface JsonMessage {
  key: string;
  value: unknown;
  headers?: Record<string, string>;
}

/** Messages for several topics, sent in one request (one produce per input batch). */
export type TopicMessages = { topic: string; messages: JsonMessage[] }[];

/** Sends JSON messages, all acknowledged by the in-sync replicas. */
export async function sendJson(producer: Producer, topic: string, messages: JsonMessage[]): Promise<void> {
  await sendJsonBatch(producer, [{ topic, messages }]);
}

/**
 * Sends JSON messages to several topics in one produce request, acknowledged by the in-sync
 * replicas, gzip-compressed when there are enough of them for it to pay.
 */
export async function sendJsonBatch(producer: Producer, batch: TopicMessages): Promise<void> {
  const topicMessages = batch.filter((t) => t.messages.length > 0).map((t) => ({
    topic: t.topic,
    messages: t.messages.map((m) => ({ key: m.key, value: JSON.stringify(m.value), ...(m.headers ? { headers: m.headers } : {}) })),
  }));
  if (topicMessages.length === 0) return;
  await sendSplittingWhenTooLarge(producer, topicMessages);
}

type TopicMessagesOut = { topic: string; messages: { key: string; value: string; headers?: Record<string, string> }[] }[];

/** The broker refuses a record batch over the topic's `max.message.bytes`. */
const isTooLarge = (error: unknown) => ['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE'].includes((error as { type?: string } | null)?.type ?? '');

/**
 * One request, or, when the broker finds one partition's record batch too large (a batch of many
 * long case texts that compress badly), the same messages in two halves, and so on. The other
 * partitions of a refused request may have been written: the halves repeat them, which consumers
 * take as a redelivery (they dedupe by case and version). A single message too large stays refused.
 */
async function sendSplittingWhenTooLarge(producer: Producer, topicMessages: TopicMessagesOut): Promise<void> {
  const count = topicMessages.reduce((n, t) => n + t.messages.length, 0);
  try {
    await producer.sendBatch({ acks: -1, compression: count >= COMPRESS_FROM ? CompressionTypes.GZIP : CompressionTypes.None, topicMessages });
    for (const t of topicMessages) kafkaMetrics.produced.inc({ topic: t.topic }, t.messages.length);
  } catch (error) {
    if (!isTooLarge(error) || count < 2) throw error;
    const flat = topicMessages.flatMap((t) => t.messages.map((m) => ({ topic: t.topic, m })));
    const half = (part: typeof flat): TopicMessagesOut => [...new Set(part.map((x) => x.topic))]
      .map((topic) => ({ topic, messages: part.filter((x) => x.topic === topic).map((x) => x.m) }));
    const middle = Math.ceil(flat.length / 2);
    // In order: a partition's messages keep their order across the halves.
    await sendSplittingWhenTooLarge(producer, half(flat.slice(0, middle)));
    await sendSplittingWhenTooLarge(producer, half(flat.slice(middle)));
  }
}

/** Below this many messages per request compression costs more CPU than it saves on the wire. */
const COMPRESS_FROM = 20;

export interface MessageContext {
  topic: string;
  partition: number;
  offset: string;
  key: string | undefined;
  message: KafkaMessage;
  logger: Logger;
}

/** One partition's batch, for handlers that work on many messages at once. */
export interface BatchContext {
  topic: string;
  partition: number;
  messages: KafkaMessage[];
  logger: Logger;
  /** Keeps the group membership alive during long work. */
  heartbeat: () => Promise<void>;
}

/** What a batch handler could not take: each goes to the dead-letter topic with its reason. */
export interface BatchOutcome {
  deadLetters: { message: KafkaMessage; error: unknown }[];
}

export interface ConsumerOptions {
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  /** Where non-retriable failures go; `<topic>.dlq` when omitted. */
  deadLetterTopic?: (topic: string) => string;
  /** Per-message handler (run in offset order within the batch). Give this or `handleBatch`. */
  handle?: (ctx: MessageContext) => Promise<void>;
  /**
   * Whole-batch handler. It reports poison messages as dead letters; a throw means "retry the
   * batch" (nothing of it is committed), so it must be idempotent.
   */
  handleBatch?: (batch: BatchContext) => Promise<BatchOutcome>;
  logger: Logger;
  /** Concurrent partitions (default 1: handlers run in order). */
  partitionsConsumedConcurrently?: number;
  /** Upper bound on one fetch per partition (kafkajs default 1 MB). */
  maxBytesPerPartition?: number;
  /** How the group's members share partitions (kafkajs default: round robin). */
  partitionAssigners?: PartitionAssigner[];
}

/**
 * Co-partitioned lanes in one consumer group. Each process runs one consumer per *lane* (its own
 * fetch loop, so one lane's big batches never hold up the other's fetches), all in the same group;
 * this assigner gives every partition number p, of every topic, to the consumers of one process
 * (the lane of the topic decides which of them). Partition p of `case.commands` and of
 * `case.commands.bulk` hold the same cases (same key, same partition count), so the workflow stays
 * the single writer of a case. Every member of the group must use it (the same `laneOf`).
 */
export function coPartitionedAssigner(self: { instance: string; lane: string }, laneOf: (topic: string) => string): PartitionAssigner {
  return ({ cluster }) => ({
    name: 'CoPartitionedLanes',
    version: 0,
    async assign({ members, topics }) {
      const who = members.map((m) => {
        const decoded = AssignerProtocol.MemberMetadata.decode(m.memberMetadata);
        let meta: { instance?: string; lane?: string } = {};
        try {
          meta = JSON.parse(decoded?.userData.toString() || '{}') as typeof meta;
        } catch { /* a member without lanes takes nothing */ }
        return { memberId: m.memberId, topics: decoded?.topics ?? [], instance: meta.instance ?? m.memberId, lane: meta.lane ?? '' };
      });
      // kafkajs hands the leader only its own subscription: the lanes subscribe to different topics.
      const all = [...new Set([...topics, ...who.flatMap((w) => w.topics)])];
      await (cluster as unknown as { addMultipleTargetTopics(t: string[]): Promise<void> }).addMultipleTargetTopics(all);
      const instances = [...new Set(who.map((w) => w.instance))].sort();
      const byMember: Record<string, Record<string, number[]>> = Object.fromEntries(who.map((w) => [w.memberId, {}]));
      for (const topic of all) {
        const lane = laneOf(topic);
        for (const { partitionId } of cluster.findTopicPartitionMetadata(topic)) {
          const instance = instances[partitionId % instances.length];
          const member = who.find((w) => w.instance === instance && w.lane === lane);
          // That process's consumer of this lane has not joined yet: nobody takes it until it does.
          if (member) (byMember[member.memberId]![topic] ??= []).push(partitionId);
        }
      }
      return Object.entries(byMember).map(([memberId, assignment]) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 0, assignment, userData: Buffer.alloc(0) }),
      }));
    },
    protocol({ topics }) {
      return {
        name: 'CoPartitionedLanes',
        metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.from(JSON.stringify(self)) }),
      };
    },
  });
}

export interface RunningConsumer {
  consumer: Consumer;
  stop: () => Promise<void>;
}

/** A reason longer than this is cut (a parser's message may quote its input). */
const REASON_LIMIT = 2000;
/**
 * Dead letters per produce request are grouped up to this many bytes: they all go to one
 * partition, and one record batch must stay under the topic's `max.message.bytes`. A letter
 * bigger than this goes alone (dead-letter topics take up to 4 MiB, DEAD_LETTER_TOPIC_CONFIGS).
 */
const DEAD_LETTER_REQUEST_BYTES = 512 * 1024;

type DeadLetter = ReturnType<typeof deadLetterOf>;

const sizeOf = (letter: DeadLetter) => (letter.key?.length ?? 0) + (letter.value?.length ?? 0)
  + Object.entries(letter.headers).reduce((n, [k, v]) => n + k.length + (v === undefined ? 0 : Buffer.byteLength(String(v))), 0);

/** Letters in order, in groups of at most `limit` bytes (a bigger letter is a group of its own). */
export function groupBySize<T>(items: T[], size: (item: T) => number, limit: number): T[][] {
  const groups: T[][] = [];
  let group: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const n = size(item);
    if (group.length > 0 && bytes + n > limit) { groups.push(group); group = []; bytes = 0; }
    group.push(item);
    bytes += n;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

function deadLetterOf(message: KafkaMessage, error: unknown, at: { topic: string; partition: number; groupId: string }) {
  const cut = (text: string, limit: number) => (text.length > limit ? `${text.slice(0, limit)}…` : text);
  const reason = cut(error instanceof Error ? error.message : String(error), REASON_LIMIT);
  const code = error instanceof AppError ? error.code : 'UNHANDLED';
  const details = cut(error instanceof AppError ? JSON.stringify(error.details) ?? '[]' : '[]', 4 * REASON_LIMIT);
  return {
    key: message.key,
    value: message.value,
    headers: {
      ...message.headers,
      'dlq-reason': reason,
      'dlq-code': code,
      'dlq-details': details,
      'dlq-source-topic': at.topic,
      'dlq-source-partition': String(at.partition),
      'dlq-source-offset': message.offset,
      'dlq-group': at.groupId,
      'dlq-at': new Date().toISOString(),
    },
  };
}

/**
 * Runs a consumer group over whole batches (`eachBatch`), committing once per batch, with the
 * dead-letter policy of the house: a retriable failure is rethrown, so the rest of the batch is
 * not committed and kafkajs retries it; a non-retriable one (bad input, a bug in the message) is
 * sent to the dead-letter topic with its reason in headers, and consumption continues. Dead
 * letters of a batch go out in one request, before its offsets are committed.
 */
export async function startConsumer(kafka: Kafka, producer: Producer, opts: ConsumerOptions): Promise<RunningConsumer> {
  if ((opts.handle === undefined) === (opts.handleBatch === undefined)) throw new Error('startConsumer: give exactly one of handle and handleBatch');
  const log = opts.logger.child({ component: 'consumer', groupId: opts.groupId });
  const consumer = kafka.consumer({
    groupId: opts.groupId,
    // A member killed without leaving holds its partitions until its session expires: 10 s bounds how
    // long a crashed process's partitions wait for its restart (pm2 restarts it within a second).
    // Long batches heartbeat from inside (workflow, intake), so 10 s is not a limit on batch time.
    sessionTimeout: 10_000,
    heartbeatInterval: 1000,
    retry: { initialRetryTime: 200, retries: Number.MAX_SAFE_INTEGER },
    allowAutoTopicCreation: false,
    ...(opts.maxBytesPerPartition ? { maxBytesPerPartition: opts.maxBytesPerPartition } : {}),
    ...(opts.partitionAssigners ? { partitionAssigners: opts.partitionAssigners } : {}),
  });
  await consumer.connect();
  for (const topic of opts.topics) await consumer.subscribe({ topic, fromBeginning: opts.fromBeginning ?? true });
  const dlq = opts.deadLetterTopic ?? ((t: string) => `${t}.dlq`);

  const sendDeadLetters = async (topic: string, partition: number, letters: BatchOutcome['deadLetters']) => {
    if (letters.length === 0) return;
    const all = letters.map((l) => deadLetterOf(l.message, l.error, { topic, partition, groupId: opts.groupId }));
    for (const group of groupBySize(all, sizeOf, DEAD_LETTER_REQUEST_BYTES)) await producer.send({ topic: dlq(topic), acks: -1, messages: group });
    kafkaMetrics.deadLettered.inc({ group: opts.groupId, topic }, letters.length);
    for (const l of letters) {
      log.warn({ topic, partition, offset: l.message.offset, code: l.error instanceof AppError ? l.error.code : 'UNHANDLED', reason: l.error instanceof Error ? l.error.message : String(l.error) }, 'dead-lettered');
    }
  };

  const config: Parameters<Consumer['run']>[0] = {
    partitionsConsumedConcurrently: opts.partitionsConsumedConcurrently ?? 1,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      const { topic, partition } = batch;
      if (batch.messages.length === 0) return;
      const timer = kafkaMetrics.batchSeconds.startTimer({ group: opts.groupId, topic });
      const last = batch.messages[batch.messages.length - 1]!.offset;
      // Stand-ins for records of a batch no codec could decompress (codecs.ts): dead letters.
      const undecodable: BatchOutcome['deadLetters'] = [];
      const messages = batch.messages.filter((message) => {
        const bad = undecodableRecord(message.value);
        if (bad) undecodable.push({ message, error: new AppError(bad.reason, { code: 'UNDECODABLE_BATCH', httpStatus: 422, retriable: false }) });
        return bad === null;
      });
      if (opts.handleBatch) {
        const outcome = messages.length > 0 ? await opts.handleBatch({ topic, partition, messages, logger: log, heartbeat }) : { deadLetters: [] };
        await sendDeadLetters(topic, partition, [...undecodable, ...outcome.deadLetters]);
        resolveOffset(last);
        kafkaMetrics.consumed.inc({ group: opts.groupId, topic }, batch.messages.length);
        timer();
        return;
      }
      const letters: BatchOutcome['deadLetters'] = [...undecodable];
      let done: string | undefined;
      try {
        for (const message of messages) {
          if (!isRunning() || isStale()) break;
          try {
            await opts.handle!({ topic, partition, offset: message.offset, key: message.key?.toString(), message, logger: log });
          } catch (error) {
            if (isRetriable(error)) {
              log.warn({ err: error, topic, partition, offset: message.offset }, 'retriable failure, will retry');
              throw error;
            }
            letters.push({ message, error });
          }
          done = message.offset;
        }
        // Every message handled: the stand-ins between and after them are done too.
        if (undecodable.length > 0 && isRunning() && !isStale()) done = last;
      } finally {
        // What was handled before a retriable failure is kept: its dead letters first, then the offset.
        const upTo = done === undefined ? -1n : BigInt(done);
        await sendDeadLetters(topic, partition, letters.filter((l) => BigInt(l.message.offset) <= upTo));
        if (done !== undefined) resolveOffset(done);
        kafkaMetrics.consumed.inc({ group: opts.groupId, topic }, batch.messages.filter((m) => BigInt(m.offset) <= upTo).length);
        timer();
      }
      await heartbeat();
    },
  };
  // kafkajs restarts a consumer after a retriable error only; after any other (a bug, metadata it
  // cannot read) it leaves the consumer stopped while the process lives on. Restart it here, with
  // back-off: its uncommitted batch is redelivered, like after a process restart.
  let stopping = false;
  let crashes = 0;
  let restartTimer: NodeJS.Timeout | undefined;
  const restart = (error: unknown) => {
    if (stopping) return;
    const delay = Math.min(30_000, 500 * 2 ** Math.min(crashes++, 6));
    log.error({ err: error, delay }, 'consumer stopped on an error kafkajs does not retry; restarting it');
    restartTimer = setTimeout(() => {
      if (stopping) return;
      consumer.connect().then(() => consumer.run(config)).catch(restart);
    }, delay);
  };
  const tracked = trackConsumer(opts.groupId, opts.topics);
  consumer.on(consumer.events.GROUP_JOIN, () => tracked.joined(true));
  consumer.on(consumer.events.CRASH, ({ payload }) => { tracked.joined(false); if (!payload.restart) restart(payload.error); });
  consumer.on(consumer.events.END_BATCH_PROCESS, () => { crashes = 0; });
  await consumer.run(config);
  return {
    consumer,
    stop: async () => {
      stopping = true;
      clearTimeout(restartTimer);
      tracked.remove();
      await consumer.disconnect();
    },
  };
}
