import { connectMongo, createKafka, ensureTopics, startConsumer, startProducer, type Logger } from '@cw/platform';
import { topicNames, topicSpecs } from '@cw/contracts';
import type { WorkflowServiceConfig } from './config.js';
import { createCaseStore } from './persistence/case-store.js';
import { createCaseCommandHandler } from './handlers/case-command.handler.js';
import { createWorkflowDomain } from './domain-adapter.js';

export const SERVICE = 'workflow';

/** The single writer of each case: consumes `case.commands` a batch at a time, writes the cases, relays their events to `case.events`. */
export async function startWorkflow(config: WorkflowServiceConfig, logger: Logger) {
  const kafka = createKafka({ clientId: SERVICE, brokers: config.KAFKA_BROKERS, logger });
  const topics = topicNames(config.KAFKA_TOPIC_PREFIX);
  await ensureTopics(kafka, topicSpecs(topics, config.KAFKA_PARTITIONS));
  const mongo = await connectMongo(config.MONGO_URL, logger);
  const store = createCaseStore(mongo);
  await store.ensureIndexes();
  const producer = await startProducer(kafka);
  const handler = createCaseCommandHandler({ store, producer, topics, domain: createWorkflowDomain(), logger });
  const consumer = await startConsumer(kafka, producer, {
    groupId: `${config.KAFKA_TOPIC_PREFIX}${SERVICE}`,
    topics: [topics.caseCommands],
    logger,
    // Partitions in parallel; one case is always on one partition, so its commands stay in order.
    partitionsConsumedConcurrently: 4,
    handleBatch: handler.handleBatch,
  });
  // Partitions may have moved: the cached cases are no longer this process's to trust.
  consumer.consumer.on(consumer.consumer.events.GROUP_JOIN, () => handler.invalidate());
  return {
    stop: async () => {
      await consumer.stop();
      await producer.disconnect();
      await mongo.close();
    },
  };
}
