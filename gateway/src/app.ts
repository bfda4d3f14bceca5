import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import helmet from 'helmet';
import {
  UnavailableError, connectMongo, createKafka, createRedis, ensureTopics, startProducer,
  type Connection, type Kafka, type Logger, type Producer, type Redis,
} from '@cw/platform';
import { topicNames, topicSpecs } from '@cw/contracts';
import type { GatewayConfig } from './config.js';
import { createHealthCheck } from './health.js';
import { errorHandler, notFound } from './problem.js';
import { intakeRoutes } from './routes/intake.routes.js';
import { casesRoutes } from './routes/cases.routes.js';
import { commandsRoutes } from './routes/commands.routes.js';
import { actorFromHeaders, socketActorFromHeaders } from './actor.js';
import { mountBullBoard } from './admin/bull-board.js';
import { statsRoutes } from './routes/stats.routes.js';
import { boardRoutes, createStatsReader, startLive } from './live/index.js';
import { createRegionRules } from './console/region-rules.js';
import { consoleRoutes } from './routes/console.routes.js';
import { duplicatesRoutes } from './routes/duplicates.routes.js';
import { queuesRoutes } from './routes/queues.routes.js';
import { referenceRoutes } from './routes/reference.routes.js';
import { routingRoutes } from './routes/routing.routes.js';
import { startQueueHub } from './live/queue-hub.js';

/** Start-up waits for Redis once; later outages are reported by /healthz, not by a crash. */
async function waitForRedis(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new UnavailableError(`Redis did not become ready within ${timeoutMs} ms`)), timeoutMs);
    redis.once('ready', () => { clearTimeout(timer); resolve(); });
  });
}

export interface Gateway {
  url: string;
  server: http.Server;
  stop: () => Promise<void>;
}

/** Connects to Kafka, MongoDB and Redis, mounts the API and listens. Used by main.ts and tests. */
export async function startGateway(config: GatewayConfig, logger: Logger): Promise<Gateway> {
  const kafka: Kafka = createKafka({ clientId: 'gateway', brokers: config.KAFKA_BROKERS, logger });
  const healthKafka: Kafka = createKafka({ clientId: 'gateway-health', brokers: config.KAFKA_BROKERS, logger });
  const topics = topicNames(config.KAFKA_TOPIC_PREFIX);
  await ensureTopics(kafka, topicSpecs(topics, config.KAFKA_PARTITIONS));
  const producer: Producer = await startProducer(kafka);
  const mongo: Connection = await connectMongo(config.MONGO_URL, logger);
  const redis: Redis = createRedis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
  redis.on('error', (err) => logger.debug({ err: err.message }, 'redis error'));
  await waitForRedis(redis, 10_000);
  const health = createHealthCheck({ healthKafka, mongo, redis });

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(helmet());
  app.use(express.json({ limit: '256kb', strict: true, type: 'application/json' }));

  app.get('/healthz', async (_req, res) => {
    const report = await health();
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  });
  const rules = createRegionRules(config.ROUTING_CONFIG, { onError: (err) => logger.error({ err: err.message }, 'routing rules refused; keeping the previous rules') });
  app.use('/api/v1/intake/recent-duplicates', duplicatesRoutes({ mongo }));
  app.use('/api/v1/intake', intakeRoutes({ mongo, producer, topics, waitMs: config.INTAKE_WAIT_MS }));
  app.use('/api/v1', actorFromHeaders, commandsRoutes({ mongo, producer, topics, waitMs: config.COMMAND_WAIT_MS }));
  app.use('/api/v1/cases', casesRoutes({ mongo }));
  const readStats = createStatsReader(mongo);
  app.use('/api/v1/stats', statsRoutes({ read: readStats }));
  // PARTIAL: bull-board is open to anyone who reaches the gateway until authentication lands (issue 6).
  const board = mountBullBoard(app, { redisUrl: config.REDIS_URL, queueNames: [`${config.KAFKA_TOPIC_PREFIX}sla-deadlines`] });
  app.use('/api/v1/reference', referenceRoutes({ rules }));
  app.use('/api/v1/routing', routingRoutes({ rules }));
  app.use('/api/v1/queues', actorFromHeaders, queuesRoutes({ mongo }));
  app.use(boardRoutes());
  app.use(consoleRoutes());
  app.use(notFound);
  app.use(errorHandler(logger));

  const server = http.createServer(app);
  const live = await startLive({ server, read: readStats, redisUrl: config.REDIS_URL, topicPrefix: config.KAFKA_TOPIC_PREFIX, logger });
  const queues = await startQueueHub({
    io: live.io, kafka, producer, mongo, topics, logger,
    groupId: `${config.KAFKA_TOPIC_PREFIX}gateway-queues`,
    middleware: [socketActorFromHeaders],
  });
  await new Promise<void>((resolve) => server.listen(config.PORT, '0.0.0.0', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  logger.info({ url }, 'gateway listening');

  return {
    url,
    server,
    stop: async () => {
      await queues.stop();
      await live.stop();
      await new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
      await board.close();
      await producer.disconnect();
      await mongo.close();
      redis.disconnect();
    },
  };
}
