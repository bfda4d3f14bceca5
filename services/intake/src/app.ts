import {
  connectMongo, createKafka, ensureTopics, startConsumer, startProducer, type Logger,
} from '@cw/platform';
import { topicNames, topicSpecs } from '@cw/contracts';
import type { IntakeConfig } from './config.js';
import { createReceiptStore } from './persistence/receipts.js';
import { createDuplicateHintStore } from './persistence/duplicate-hints.js';
import { createIntakeRecordHandler } from './handlers/intake-record.handler.js';

export const SERVICE = 'intake';

/** Consumes `intake.records`, writes receipts, sends `RegisterCase` commands. */
export async function startIntake(config: IntakeConfig, logger: Logger, opts: { groupId?: string } = {}) {
  const kafka = createKafka({ clientId: SERVICE, brokers: config.KAFKA_BROKERS, logger });
  const topics = topicNames(config.KAFKA_TOPIC_PREFIX);
  await ensureTopics(kafka, topicSpecs(topics, config.KAFKA_PARTITIONS));
  const mongo = await connectMongo(config.MONGO_URL, logger);
  const store = createReceiptStore(mongo);
  await store.ensureIndexes();
  const producer = await startProducer(kafka);
  const consumer = await startConsumer(kafka, producer, {
    groupId: opts.groupId ?? `${config.KAFKA_TOPIC_PREFIX}${SERVICE}`,
    topics: [topics.intakeRecords],
    logger,
    partitionsConsumedConcurrently: 4,
    handle: createIntakeRecordHandler({ store, hints: createDuplicateHintStore(mongo), producer, topics, logger }),
  });
  return {
    stop: async () => {
      await consumer.stop();
      await producer.disconnect();
      await mongo.close();
    },
  };
}
