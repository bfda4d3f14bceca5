import {
  connectMongo, createKafka, createRedis, ensureTopics, startConsumer, startProducer,
  type Connection, type Kafka, type Logger, type Producer, type RunningConsumer,
} from '@cw/platform';
import { topicNames, topicSpecs, type TopicNames } from '@cw/contracts';
import { computeDeadline, createCalendar } from '@cw/calendar';
import { readRules, regionDays } from '@cw/routing';
import type { StatsConfig } from './config.js';
import type { ComputeDue } from './domain/contributions.js';
import { createProjector } from './domain/projector.js';
import { createCaseEventHandler, type OnChanged } from './handlers/case-event.handler.js';
import { createStatsStore } from './persistence/stats-store.js';
import { createChangePublisher } from './notify.js';
import { activeGeneration, dropStaleGenerations, ensureActiveGeneration, newGenerationId, switchGeneration } from './persistence/collections.js';

export const SERVICE = 'stats';

/** Due dates on the national working-day calendar (the same function the workflow service uses). */
export const nationalDue: ComputeDue = (start, period, pauses) => computeDeadline(start, period, pauses);

/**
 * Due dates on the region's calendar (local closures and working days of the region file's
 * deadlines section, as the workflow uses them). Read when a generation starts, not on every change
 * of the file: counters already added under one calendar must be taken back under the same one, so
 * a changed calendar applies to the figures with a rebuild (`npm run rebuild -w @cw/stats`).
 */
export function regionDue(regionFile: string): ComputeDue {
  const calendar = createCalendar(regionDays(readRules(regionFile, { model: false }).router.config));
  return (start, period, pauses) => calendar.computeDeadline(start, period, pauses);
}

/** The consumer group of one generation: a rebuild's group keeps its offsets for the live service. */
export const groupOf = (config: Pick<StatsConfig, 'KAFKA_TOPIC_PREFIX'>, generation: string) => `${config.KAFKA_TOPIC_PREFIX}${SERVICE}.${generation}`;

async function consumeGeneration(deps: {
  kafka: Kafka; producer: Producer; mongo: Connection; topics: TopicNames; config: StatsConfig; logger: Logger;
  generation: string; onChanged?: OnChanged; onHandled?: (partition: number, lastOffset: number, messages: number) => void;
}): Promise<RunningConsumer> {
  const store = createStatsStore(deps.mongo, deps.generation);
  await store.ensureIndexes();
  const projector = createProjector({ store, computeDue: regionDue(deps.config.ROUTING_CONFIG) });
  const handle = createCaseEventHandler({ projector, ...(deps.onChanged ? { onChanged: deps.onChanged } : {}) });
  const running = await startConsumer(deps.kafka, deps.producer, {
    groupId: groupOf(deps.config, deps.generation),
    topics: [deps.topics.caseEvents],
    fromBeginning: true,
    logger: deps.logger.child({ generation: deps.generation }),
    // Partitions in parallel; one case is always on one partition, so its events stay in order.
    partitionsConsumedConcurrently: 4,
    handleBatch: async (batch) => {
      const outcome = await handle(batch);
      deps.onHandled?.(batch.partition, Number(batch.messages[batch.messages.length - 1]!.offset), batch.messages.length);
      return outcome;
    },
  });
  // Partitions may have moved: what this process holds about them is no longer its to trust.
  running.consumer.on(running.consumer.events.GROUP_JOIN, () => projector.invalidate());
  return running;
}

/**
 * The service as `npm start` runs it: the statistics, and their changes published over Redis
 * pub/sub for the gateways' live figures (decision 0008).
 */
export async function startStatsService(config: StatsConfig, logger: Logger) {
  const redis = createRedis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
  redis.on('error', (err) => logger.debug({ err: err.message }, 'redis error'));
  const publisher = createChangePublisher({ redis, topicPrefix: config.KAFKA_TOPIC_PREFIX, logger: logger.child({ component: 'live-notify' }) });
  const stats = await startStats(config, logger, { onChanged: publisher.onChanged });
  logger.info({ generation: stats.generation(), channel: publisher.channel }, 'statistics and their live changes');
  return {
    stop: async () => {
      await stats.stop();
      await publisher.stop();
      redis.disconnect();
    },
  };
}

/**
 * Consumes `case.events` into the active generation of the statistics. When a rebuild switches the
 * active generation, the service moves over to it (and to the rebuild's consumer group offsets).
 * `onChanged` is called after each applied change with the buckets it touched.
 */
export async function startStats(config: StatsConfig, logger: Logger, opts: { onChanged?: OnChanged } = {}) {
  const kafka = createKafka({ clientId: SERVICE, brokers: config.KAFKA_BROKERS, logger });
  const topics = topicNames(config.KAFKA_TOPIC_PREFIX);
  await ensureTopics(kafka, topicSpecs(topics, config.KAFKA_PARTITIONS));
  const mongo = await connectMongo(config.MONGO_URL, logger);
  const producer = await startProducer(kafka);
  const start = (generation: string) => consumeGeneration({ kafka, producer, mongo, topics, config, logger, generation, ...(opts.onChanged ? { onChanged: opts.onChanged } : {}) });

  let generation = await ensureActiveGeneration(mongo);
  let consumer = await start(generation);
  logger.info({ generation }, 'statistics consuming');

  let switching: Promise<void> | undefined;
  const check = async () => {
    const active = await activeGeneration(mongo);
    if (active === null || active === generation) return;
    logger.info({ from: generation, to: active }, 'active statistics generation changed; switching');
    await consumer.stop();
    generation = active;
    consumer = await start(active);
  };
  const timer = setInterval(() => {
    if (switching) return;
    switching = check().catch((err: unknown) => logger.warn({ err }, 'generation check failed')).finally(() => { switching = undefined; });
  }, config.STATS_GENERATION_POLL_MS);

  return {
    generation: () => generation,
    stop: async () => {
      clearInterval(timer);
      await switching;
      await consumer.stop();
      await producer.disconnect();
      await mongo.close();
    },
  };
}

/**
 * Replays `case.events` from offset 0 into a fresh generation with a fresh consumer group, up to
 * the end offsets seen at the start, then makes it the active one. Running services follow.
 */
export async function rebuildStats(config: StatsConfig, logger: Logger, opts: { dropStale?: boolean } = {}) {
  const kafka = createKafka({ clientId: `${SERVICE}-rebuild`, brokers: config.KAFKA_BROKERS, logger });
  const topics = topicNames(config.KAFKA_TOPIC_PREFIX);
  await ensureTopics(kafka, topicSpecs(topics, config.KAFKA_PARTITIONS));
  const mongo = await connectMongo(config.MONGO_URL, logger);
  const producer = await startProducer(kafka);
  try {
    const previous = await activeGeneration(mongo);
    const generation = newGenerationId();
    const admin = kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(topics.caseEvents).finally(() => admin.disconnect());
    // Last offset to reach per partition (-1: empty).
    const target = new Map(ends.map((e) => [e.partition, Number(e.high) - 1]));
    const reached = new Map<number, number>();
    const isDone = () => [...target].every(([p, last]) => last < 0 || (reached.get(p) ?? -1) >= last);
    let messages = 0;
    let resolveDone!: () => void;
    const done = new Promise<void>((r) => { resolveDone = r; });
    if (isDone()) resolveDone();
    const consumer = await consumeGeneration({
      kafka, producer, mongo, topics, config, logger, generation,
      onHandled: (partition, lastOffset, count) => {
        messages += count;
        reached.set(partition, Math.max(reached.get(partition) ?? -1, lastOffset));
        if (isDone()) resolveDone();
      },
    });
    await done;
    await consumer.stop();
    if (!(await switchGeneration(mongo, previous, generation))) {
      throw new Error(`the active generation changed during the rebuild (expected ${previous ?? 'none'}); ${generation} was not activated`);
    }
    const dropped = opts.dropStale ? await dropStaleGenerations(mongo) : [];
    logger.info({ generation, previous, messages, dropped }, 'statistics rebuilt and activated');
    return { generation, previous, messages, dropped };
  } finally {
    await producer.disconnect();
    await mongo.close();
  }
}
