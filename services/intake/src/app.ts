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

/**
 * The bulk lane's registrations go to `case.commands.bulk`, which the workflow serves after live
 * commands; intake holds back while the workflow has more than this many of them to catch up on,
 * so an import does not run far ahead of what the store can take.
 */
const BULK_MAX_LAG = 2000;

/**
 * Commands on `topic` not yet committed by `groupId`, refreshed at most every `everyMs`; what this
 * process sent since the last refresh is counted in at once, so a burst of batches cannot slip
 * under the limit between two refreshes.
 */
function lagWatch(admin: Admin, groupId: string, topic: string, everyMs = 100) {
  let at = 0;
  let value = 0;
  let sent = 0;
  return {
    async lag(): Promise<number> {
      if (Date.now() - at >= everyMs) {
        const [ends, committed] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
        const done = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
        value = ends.reduce((sum, e) => sum + Math.max(0, Number(e.high) - Math.max(0, done.get(e.partition) ?? 0)), 0);
        sent = 0;
        at = Date.now();
      }
      return value + sent;
    },
    sent(n: number) { sent += n; },
  };
}

/**
 * Consumes the two intake lanes: `intake.records` (operators, the 12315/12345 bridges, live
 * feeds) and `intake.imports` (historical imports, bulk feeds). Both register cases the same way;
 * the bulk lane's registrations travel on `case.commands.bulk`, which the workflow serves only
 * when no live command waits, so a live call never queues behind an import.
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
  const numbers = createCaseNumbers(mongo);
  const duplicateReportWindowDays = config.DUPLICATE_REPORT_WINDOW_DAYS;
  const handle = createIntakeRecordHandler({ numbers, hints, producer, topics, rules: rules.current, duplicateReportWindowDays });
  // The bulk lane has a producer of its own: the idempotent producer sends one request at a time,
  // and a live record must not queue behind an import's.
  const bulkProducer = await startProducer(kafka);
  const handleBulk = createIntakeRecordHandler({ numbers, hints, producer: bulkProducer, topics, rules: rules.current, commandsTopic: topics.caseCommandsBulk, duplicateReportWindowDays });
  const live = await startConsumer(kafka, producer, {
    groupId: `${config.KAFKA_TOPIC_PREFIX}${SERVICE}`,
    topics: [topics.intakeRecords],
    logger,
    partitionsConsumedConcurrently: 4,
    handleBatch: handle,
  });
  const workflowLag = lagWatch(admin, `${config.KAFKA_TOPIC_PREFIX}workflow`, topics.caseCommandsBulk);
  const bulk = await startConsumer(kafka, bulkProducer, {
    groupId: `${config.KAFKA_TOPIC_PREFIX}${SERVICE}.imports`,
    topics: [topics.intakeImports],
    logger,
    partitionsConsumedConcurrently: 2,
    maxBytesPerPartition: 256 * 1024,
    handleBatch: async (batch) => {
      while (await workflowLag.lag().catch(() => 0) > BULK_MAX_LAG) {
        await batch.heartbeat();
        await new Promise((r) => setTimeout(r, 50));
      }
      const outcome = await handleBulk(batch);
      workflowLag.sent(batch.messages.length);
      return outcome;
    },
  });
  return {
    stop: async () => {
      rules.stop();
      await bulk.stop();
      await live.stop();
      await admin.disconnect();
      await producer.disconnect();
      await bulkProducer.disconnect();
      await mongo.close();
    },
  };
}
