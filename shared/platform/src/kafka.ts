import {
  Kafka, logLevel, CompressionTypes, Partitioners,
  type Admin, type Consumer, type EachMessagePayload, type IHeaders, type KafkaMessage, type Producer, type LogEntry,
} from 'kafkajs';
import type { Logger } from './logger.js';
import { isRetriable, AppError } from './errors.js';

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
  return new Kafka({
    clientId: opts.clientId,
    brokers: opts.brokers,
    logLevel: logLevel.WARN,
    logCreator: pinoLogCreator(opts.logger),
    retry: { initialRetryTime: 200, retries: 8 },
    connectionTimeout: 3000,
  });
}

/** Creates missing topics with explicit partition counts; existing topics are left as they are. */
export async function ensureTopics(kafka: Kafka, topics: TopicSpec[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((t) => ({
        topic: t.topic,
        numPartitions: t.numPartitions,
        replicationFactor: 1,
        configEntries: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })),
      })),
    });
  } finally {
    await admin.disconnect();
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

/** Sends JSON messages, all acknowledged by the in-sync replicas. */
export async function sendJson(producer: Producer, topic: string, messages: JsonMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await producer.send({
    topic,
    acks: -1,
    compression: CompressionTypes.None,
    messages: messages.map((m) => ({ key: m.key, value: JSON.stringify(m.value), ...(m.headers ? { headers: m.headers } : {}) })),
  });
}

export function headerString(headers: IHeaders | undefined, name: string): string | undefined {
  const v = headers?.[name];
  if (v === undefined) return undefined;
  const first = Array.isArray(v) ? v[0] : v;
  return first === undefined ? undefined : first.toString();
}

export interface MessageContext {
  topic: string;
  partition: number;
  offset: string;
  key: string | undefined;
  message: KafkaMessage;
  logger: Logger;
}

export interface ConsumerOptions {
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  /** Where non-retriable failures go; `<topic>.dlq` when omitted. */
  deadLetterTopic?: (topic: string) => string;
  handle: (ctx: MessageContext) => Promise<void>;
  logger: Logger;
  /** Concurrent partitions (default 1: handlers run in order). */
  partitionsConsumedConcurrently?: number;
}

export interface RunningConsumer {
  consumer: Consumer;
  stop: () => Promise<void>;
}

/**
 * Runs a consumer group with the dead-letter policy of the house: a retriable failure is rethrown,
 * so the offset is not committed and kafkajs retries; a non-retriable one (bad input, a bug in the
 * message) is sent to the dead-letter topic with its reason in headers, and consumption continues.
 */
export async function startConsumer(kafka: Kafka, producer: Producer, opts: ConsumerOptions): Promise<RunningConsumer> {
  const log = opts.logger.child({ component: 'consumer', groupId: opts.groupId });
  const consumer = kafka.consumer({
    groupId: opts.groupId,
    sessionTimeout: 10000,
    heartbeatInterval: 1000,
    retry: { initialRetryTime: 200, retries: Number.MAX_SAFE_INTEGER },
    allowAutoTopicCreation: false,
  });
  await consumer.connect();
  for (const topic of opts.topics) await consumer.subscribe({ topic, fromBeginning: opts.fromBeginning ?? true });
  const dlq = opts.deadLetterTopic ?? ((t: string) => `${t}.dlq`);
  await consumer.run({
    partitionsConsumedConcurrently: opts.partitionsConsumedConcurrently ?? 1,
    eachMessage: async ({ topic, partition, message }: EachMessagePayload) => {
      const ctx: MessageContext = {
        topic, partition, offset: message.offset, key: message.key?.toString(), message,
        logger: log.child({ topic, partition, offset: message.offset }),
      };
      try {
        await opts.handle(ctx);
      } catch (error) {
        if (isRetriable(error)) {
          ctx.logger.warn({ err: error }, 'retriable failure, will retry');
          throw error;
        }
        const reason = error instanceof Error ? error.message : String(error);
        const code = error instanceof AppError ? error.code : 'UNHANDLED';
        const details = error instanceof AppError ? JSON.stringify(error.details) : '[]';
        await producer.send({
          topic: dlq(topic),
          acks: -1,
          messages: [{
            key: message.key,
            value: message.value,
            headers: {
              ...message.headers,
              'dlq-reason': reason,
              'dlq-code': code,
              'dlq-details': details,
              'dlq-source-topic': topic,
              'dlq-source-partition': String(partition),
              'dlq-source-offset': message.offset,
              'dlq-group': opts.groupId,
              'dlq-at': new Date().toISOString(),
            },
          }],
        });
        ctx.logger.warn({ code, reason }, 'dead-lettered');
      }
    },
  });
  return {
    consumer,
    stop: async () => { await consumer.disconnect(); },
  };
}
