import { Queue, Worker } from 'bullmq';
import {
  connectMongo, createKafka, ensureTopics, redisOptions, startConsumer, startProducer, type Connection, type Logger,
} from '@cw/platform';
import { deadlineQueueName, topicNames, topicSpecs } from '@cw/contracts';
import { createCalendar } from '@cw/calendar';
import { perRulesVersion, regionDays, watchRules } from '@cw/routing';
import type { RebuildMode, SlaConfig } from './config.js';
import { SERVICE } from './domain/commands.js';
import type { PlanOptions } from './domain/schedule.js';
import { createCaseEventHandler } from './handlers/case-event.handler.js';
import { createDeadlineJobHandler, type FiringOutcome } from './handlers/deadline-job.handler.js';
import { createCaseReader } from './persistence/case-reader.js';
import { createDeadlineQueue, type DeadlineJobData } from './persistence/deadline-queue.js';
import { rebuildSchedule } from './handlers/rebuild-schedule.js';

export { SERVICE };

/** "Now" of the service: the wall clock plus `SLA_CLOCK_OFFSET_MS` (0 outside tests and drills). */
export const serviceClock = (config: Pick<SlaConfig, 'SLA_CLOCK_OFFSET_MS'>) => (): Date => new Date(Date.now() + config.SLA_CLOCK_OFFSET_MS);

/** The schedule's storage and the case documents, without Kafka: what `rebuild` needs. */
export async function openSchedule(config: SlaConfig, logger: Logger) {
  const mongo: Connection = await connectMongo(config.MONGO_URL, logger);
  // One namespace per topic prefix, like topics and groups.
  const queueName = deadlineQueueName(config.KAFKA_TOPIC_PREFIX, config.SLA_QUEUE);
  const queue = new Queue<DeadlineJobData>(queueName, { connection: redisOptions(config.REDIS_URL) });
  queue.on('error', (err) => logger.warn({ err: err.message, queue: queueName }, 'queue connection error'));
  // Warnings count working days on the region's calendar, rebuilt when the region file changes.
  const rules = watchRules(config.ROUTING_CONFIG, logger, { model: false }); // the calendar only: no classification here
  const calendar = perRulesVersion(rules.current, (region) => createCalendar(regionDays(region)));
  const plan: PlanOptions = { warnWorkingDays: config.SLA_WARN_WORKING_DAYS, addWorkingDays: (d, n) => calendar().addWorkingDays(d, n) };
  const cases = createCaseReader(mongo);
  const deadlines = createDeadlineQueue(queue, serviceClock(config));
  return {
    mongo, queue, queueName, plan, cases, deadlines,
    rebuild: () => rebuildSchedule({ cases, deadlines, plan, logger }),
    close: async () => {
      rules.stop();
      await queue.close();
      await mongo.close();
    },
  };
}

/**
 * Consumes `case.events` and keeps one BullMQ timer per running clock and kind (warning, miss);
 * a worker turns fired timers into `RecordDeadlineWarning` / `RecordDeadlineMiss` commands.
 * At start the schedule is rebuilt from the database when Redis has lost it (`SLA_REBUILD`).
 */
export async function startSla(config: SlaConfig, logger: Logger, opts: { rebuild?: RebuildMode } = {}) {
  const now = serviceClock(config);
  const kafka = createKafka({ clientId: SERVICE, brokers: config.KAFKA_BROKERS, logger });
  const topics = topicNames(config.KAFKA_TOPIC_PREFIX);
  await ensureTopics(kafka, topicSpecs(topics, config.KAFKA_PARTITIONS));
  const schedule = await openSchedule(config, logger);
  const producer = await startProducer(kafka);

  const mode = opts.rebuild ?? config.SLA_REBUILD;
  if (mode === 'always' || (mode === 'auto' && (await schedule.deadlines.isEmpty()))) await schedule.rebuild();

  const worker = new Worker<DeadlineJobData, FiringOutcome>(
    schedule.queueName,
    createDeadlineJobHandler({ cases: schedule.cases, producer, topics, plan: schedule.plan, now, logger: logger.child({ component: 'timers' }) }),
    { connection: redisOptions(config.REDIS_URL), concurrency: config.SLA_WORKER_CONCURRENCY },
  );
  worker.on('failed', (job, err) => logger.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, err: err.message }, 'deadline job failed'));
  worker.on('error', (err) => logger.warn({ err: err.message }, 'worker error'));

  const consumer = await startConsumer(kafka, producer, {
    groupId: `${config.KAFKA_TOPIC_PREFIX}${SERVICE}`,
    topics: [topics.caseEvents],
    logger,
    // One case is always on one partition, so its events (and its slot updates) stay in order.
    partitionsConsumedConcurrently: 4,
    handleBatch: createCaseEventHandler({ cases: schedule.cases, deadlines: schedule.deadlines, plan: schedule.plan }),
  });

  return {
    queue: schedule.queue,
    queueName: schedule.queueName,
    stop: async () => {
      await consumer.stop();
      await worker.close();
      await producer.disconnect();
      await schedule.close();
    },
  };
}
