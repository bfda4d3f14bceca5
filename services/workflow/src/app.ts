import { randomUUID } from 'node:crypto';
import { coPartitionedAssigner, connectMongo, createKafka, ensureTopics, startConsumer, startProducer, type Logger } from '@cw/platform';
import { topicNames, topicSpecs } from '@cw/contracts';
import type { WorkflowServiceConfig } from './config.js';
import { createCaseStore } from './persistence/case-store.js';
import { createCaseCommandHandler } from './handlers/case-command.handler.js';
import { perRulesVersion, watchRules } from '@cw/routing';
import { createWorkflowDomain, regionDeadlineRules } from './domain-adapter.js';

export const SERVICE = 'workflow';

/** The single writer of each case: consumes `case.commands` (and the bulk lane's `case.commands.bulk`) a batch at a time, writes the cases, relays their events to `case.events`. */
export async function startWorkflow(config: WorkflowServiceConfig, logger: Logger) {
  const kafka = createKafka({ clientId: SERVICE, brokers: config.KAFKA_BROKERS, logger });
  const topics = topicNames(config.KAFKA_TOPIC_PREFIX);
  await ensureTopics(kafka, topicSpecs(topics, config.KAFKA_PARTITIONS));
  const mongo = await connectMongo(config.MONGO_URL, logger);
  const store = createCaseStore(mongo);
  await store.ensureIndexes();
  const producer = await startProducer(kafka);
  // The region's calendar and 12345 limits, rebuilt when the region file changes.
  const rules = watchRules(config.ROUTING_CONFIG, logger, { model: false }); // deadlines only: no classification here
  const handler = createCaseCommandHandler({ store, producer, topics, domain: createWorkflowDomain(perRulesVersion(rules.current, regionDeadlineRules)), logger, bulkTopic: topics.caseCommandsBulk });
  // Two lanes, each its own consumer (its own fetch loop) in the one group: live commands, and the
  // bulk lane's registrations. Partition p of both belongs to one process (coPartitionedAssigner);
  // the handler gives it one decision at a time, live first.
  const instance = randomUUID();
  const laneOf = (topic: string) => (topic === topics.caseCommandsBulk ? 'bulk' : 'live');
  const lane = (name: 'live' | 'bulk', topic: string) => startConsumer(kafka, producer, {
    groupId: `${config.KAFKA_TOPIC_PREFIX}${SERVICE}`,
    topics: [topic],
    partitionAssigners: [coPartitionedAssigner({ instance, lane: name }, laneOf)],
    logger: logger.child({ lane: name }),
    partitionsConsumedConcurrently: config.KAFKA_PARTITIONS,
    handleBatch: handler.handleBatch,
  });
  const consumers = [await lane('live', topics.caseCommands), await lane('bulk', topics.caseCommandsBulk)];
  // Partitions may have moved: the cached cases are no longer this process's to trust.
  for (const c of consumers) c.consumer.on(c.consumer.events.GROUP_JOIN, () => handler.invalidate());
  return {
    stop: async () => {
      rules.stop();
      for (const c of consumers) await c.stop();
      await producer.disconnect();
      await mongo.close();
    },
  };
}
