import {
  connectMongo, createKafka, ensureTopics, startConsumer, startProducer, type Logger,
} from '@cw/platform';
import { TOPICS, topicSpecs } from '@cw/contracts';
import type { IntakeConfig } from './config.js';
import { createReceiptStore } from './persistence/receipts.js';
import { createIntakeRecordHandler } from './handlers/intake-record.handler.js';

export const SERVICE = 'intake';

/** Consumes `intake.records`, writes receipts, sends `RegisterCase` commands. */
export async function startIntake(config: IntakeConfig, logger: Logger, opts: { groupId?: string } = {}) {
  const kafka = createKafka({ clientId: SERVICE, brokers: config.KAFKA_BROKERS, logger });
  await ensureTopics(kafka, topicSpecs(config.KAFKA_PARTITIONS));
  const mongo = await connectMongo(config.MONGO_URL, logger);
  const store = createReceiptStore(mongo);
  await store.ensureIndexes();
  const producer = await startProducer(kafka);
  const consumer = await startConsumer(kafka, producer, {
    groupId: opts.groupId ?? SERVICE,
    topics: [TOPICS.intakeRecords],
    logger,
    partitionsConsumedConcurrently: 4,
    handle: createIntakeRecordHandler({ store, producer, logger }),
  });
  return {
    stop: async () => {
      await consumer.stop();
      await producer.disconnect();
      await mongo.close();
    },
  };
}
