import {
  connectMongo, createKafka, ensureTopics, startConsumer, startProducer, type Admin, type Logger,
} from '@cw/platform';
import { topicNames, topicSpecs } from '@cw/contracts';
import { watchRules } from '@cw/routing';
import type { IntakeConfig } from './config.js';
import { createCaseNumbers } from './persistence/case-numbers.js';
import { createDuplicateHintStore } from './persistence/duplicate-hints.js';
import { createIntakeRecordHandler } from './handlers/intake-record.handler.js';

export const SERVICE = 'intake';

/** The bulk lane waits while the workflow has more than this many commands to catch up on. */
const BULK_MAX_LAG = 300;

/** Commands on `topic` not yet committed by `groupId`, refreshed at most every `everyMs`. */
function lagWatch(admin: Admin, groupId: string, topic: string, everyMs = 200) {
  let at = 0;
  let value = 0;
  return async (): Promise<number> => {
    if (Date.now() - at < everyMs) return value;
    const [ends, committed] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
    const done = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
    value = ends.reduce((sum, e) => sum + Math.max(0, Number(e.high) - Math.max(0, done.get(e.partition) ?? 0)), 0);
    at = Date.now();
    return value;
  };
}

/**
 * Consumes the two intake lanes: `intake.records` (operators, the 12315/12345 bridges, live
 * feeds) and `intake.imports` (historical imports, bulk feeds). Both register cases the same way;
 * the bulk lane holds back whenever the workflow has a backlog of commands, so a live call never
 * waits behind an import.
 */
export async function startIntake(config: IntakeConfig, logger: Logger) {
  const kafka = createKafka({ clientId: SERVICE, brokers: config.KAFKA_BROKERS, logger });
  const topics = topicNames(config.KAFKA_TOPIC_PREFIX);
  await ensureTopics(kafka, topicSpecs(topics, config.KAFKA_PARTITIONS));
  const rules = watchRules(config.ROUTING_CONFIG, logger);
  const mongo = await connectMongo(config.MONGO_URL, logger);
  const producer = await startProducer(kafka);
  const admin = kafka.admin();
  await admin.connect();
  const hints = createDuplicateHintStore(mongo);
  await hints.ensureIndexes();
  const handle = createIntakeRecordHandler({ numbers: createCaseNumbers(mongo), hints, producer, topics, rules: rules.current });
  const live = await startConsumer(kafka, producer, {
    groupId: `${config.KAFKA_TOPIC_PREFIX}${SERVICE}`,
    topics: [topics.intakeRecords],
    logger,
    partitionsConsumedConcurrently: 4,
    handleBatch: handle,
  });
  const workflowLag = lagWatch(admin, `${config.KAFKA_TOPIC_PREFIX}workflow`, topics.caseCommands);
  const bulk = await startConsumer(kafka, producer, {
    groupId: `${config.KAFKA_TOPIC_PREFIX}${SERVICE}.imports`,
    topics: [topics.intakeImports],
    logger,
    partitionsConsumedConcurrently: 2,
    // Smaller batches: the lane yields to live work between them.
    maxBytesPerPartition: 256 * 1024,
    handleBatch: async (batch) => {
      while (await workflowLag().catch(() => 0) > BULK_MAX_LAG) {
        await batch.heartbeat();
        await new Promise((r) => setTimeout(r, 50));
      }
      return handle(batch);
    },
  });
  return {
    stop: async () => {
      rules.stop();
      await bulk.stop();
      await live.stop();
      await admin.disconnect();
      await producer.disconnect();
      await mongo.close();
    },
  };
}
