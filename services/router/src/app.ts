import { createKafka, ensureTopics, startConsumer, startProducer, type Logger } from '@cw/platform';
import { topicNames, topicSpecs } from '@cw/contracts';
import { watchRules } from '@cw/routing';
import type { RouterConfig } from './config.js';
import { createCaseEventHandler } from './handlers/case-registered.handler.js';

export const SERVICE = 'router';

/**
 * Consumes `case.events`; for each `CaseRegistered` that came without a routing (intake routes at
 * registration) sends a `RouteCase` command.
 */
export async function startRouter(config: RouterConfig, logger: Logger) {
  const rules = watchRules(config.ROUTING_CONFIG, logger);
  logger.info({ version: rules.current().version, path: config.ROUTING_CONFIG }, 'routing rules loaded');
  const kafka = createKafka({ clientId: SERVICE, brokers: config.KAFKA_BROKERS, logger });
  const topics = topicNames(config.KAFKA_TOPIC_PREFIX);
  await ensureTopics(kafka, topicSpecs(topics, config.KAFKA_PARTITIONS));
  const producer = await startProducer(kafka);
  const consumer = await startConsumer(kafka, producer, {
    groupId: `${config.KAFKA_TOPIC_PREFIX}${SERVICE}`,
    topics: [topics.caseEvents],
    logger,
    partitionsConsumedConcurrently: 4,
    handleBatch: createCaseEventHandler({ producer, topics, rules: rules.current }),
  });
  return {
    rules,
    stop: async () => {
      rules.stop();
      await consumer.stop();
      await producer.disconnect();
    },
  };
}
