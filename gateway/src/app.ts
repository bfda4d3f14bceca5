import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import helmet from 'helmet';
import {
  UnavailableError, connectMongo, metricsRegistry, createKafka, createRedis, ensureTopics, startProducer,
  type Connection, type Kafka, type Logger, type Producer, type Redis,
} from '@cw/platform';
import { assertNoNulCharacter, deadlineQueueName, topicNames, topicSpecs } from '@cw/contracts';
import { watchRules } from '@cw/routing';
import type { GatewayConfig } from './config.js';
import { createHealthCheck } from './health.js';
import { gatewayGauges, httpMetrics } from './metrics.js';
import { errorHandler, notFound } from './problem.js';
import { createIntakeSubmitter, intakeRoutes } from './routes/intake.routes.js';
import { importsRoutes } from './routes/imports.routes.js';
import { casesRoutes } from './routes/cases.routes.js';
import { commandsRoutes } from './routes/commands.routes.js';
import { listRoutes, sameOrigin, startAuth } from './auth/index.js';
import { mountBullBoard } from './admin/bull-board.js';
import { loadComparison, statsRoutes } from './routes/stats.routes.js';
import { boardRoutes, createStatsReader, startLive } from './live/index.js';
import { consoleRoutes } from './routes/console.routes.js';
import { duplicatesRoutes } from './routes/duplicates.routes.js';
import { queuesRoutes } from './routes/queues.routes.js';
import { regionCountdowns } from './console/deadline-view.js';
import { codeNamesOf, referenceRoutes } from './routes/reference.routes.js';
import { routingRoutes } from './routes/routing.routes.js';
import { startQueueHub } from './live/queue-hub.js';
import { createAuditTrail } from './audit/audit-trail.js';
import { auditRoutes } from './audit/audit.routes.js';
import { revealRoutes } from './routes/reveal.routes.js';
import { apiDocsRoutes } from './openapi/docs.routes.js';
import { open311Errors, open311Routes } from './open311/open311.routes.js';

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
  let queues: { ready: () => boolean } | undefined;
  const health = createHealthCheck({ healthKafka, mongo, redis, queuesReady: () => queues?.ready() ?? false });

  const auth = await startAuth({
    mongo, redis, logger, prefix: config.KAFKA_TOPIC_PREFIX,
    ...(config.SESSION_SECRET ? { sessionSecret: config.SESSION_SECRET } : {}),
    sessionTtlSeconds: config.SESSION_TTL_HOURS * 3600,
    loginLimit: { max: config.LOGIN_RATE_LIMIT, windowMs: config.LOGIN_RATE_WINDOW_S * 1000 },
    ...(config.CW_BOOTSTRAP_API_KEY ? { bootstrapApiKey: config.CW_BOOTSTRAP_API_KEY } : {}),
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // JSON answers carry < > & as \u003c \u003e \u0026: a narrative with markup can never become markup.
  app.set('json escape', true);
  app.locals.authLogger = logger.child({ component: 'auth' });
  app.use(httpMetrics());
  // Plain HTTP on office networks is normal here, so no upgrade-insecure-requests (it would break every asset).
  app.use(helmet({ contentSecurityPolicy: { useDefaults: true, directives: { upgradeInsecureRequests: null } } }));

  app.get('/healthz', async (_req, res) => {
    const report = await health();
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  });
  // Prometheus text format, unauthenticated like /healthz (no personal data in any series): expose
  // it to the bureau's monitoring network only (docs/operations.md).
  app.get('/metrics', async (_req, res, next) => {
    try {
      res.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
    } catch (error) {
      next(error);
    }
  });
  // Who is calling (session cookie or API key), then the policy table decides, before any body is read.
  // The audit trail sees the actor and every answer, refusals by the policy table included.
  const audit = createAuditTrail({ mongo, logger });
  app.use(['/api', '/admin'], auth.sessions.middleware, auth.authenticate, audit.middleware);
  // Open311 clients authenticate with the api_key of their form (open311.routes.ts), never a cookie.
  app.use('/open311', audit.middleware);
  app.use(auth.authorize);
  // A browser's state-changing request with the session cookie must come from this site's pages (CSRF).
  app.use(['/api', '/admin'], sameOrigin(config.ALLOWED_ORIGINS));
  app.use(express.json({ limit: '256kb', strict: true, type: 'application/json' }));
  // The store cannot hold U+0000 (PostgreSQL's jsonb under FerretDB): refused here, naming the field.
  app.use((req, _res, next) => {
    try {
      assertNoNulCharacter(req.query, 'The query string');
      if (typeof req.body === 'object' && req.body !== null) assertNoNulCharacter(req.body, 'The request body');
      next();
    } catch (error) {
      next(error);
    }
  });

  app.use('/api/v1/auth', auth.authRoutes);
  app.use('/api/v1/admin', auth.adminRoutes(() => listRoutes(app)));
  // The router's rules file, watched the same way (suggestions and names follow an edit).
  const regionRules = watchRules(config.ROUTING_CONFIG, logger);
  const rules = regionRules.current;
  app.use('/api/v1/intake/recent-duplicates', duplicatesRoutes({ mongo }));
  app.use('/api/v1/imports', importsRoutes({ producer, topics, mongo }));
  // One intake path for the operators' API and the Open311 facade.
  const intake = createIntakeSubmitter({ mongo, producer, topics, waitMs: config.INTAKE_WAIT_MS });
  app.use('/api/v1/intake', intakeRoutes(intake));
  app.use('/api/v1', commandsRoutes({ mongo, producer, topics, waitMs: config.COMMAND_WAIT_MS, logger: app.locals.authLogger }));
  const countdowns = regionCountdowns(rules);
  app.use('/api/v1/cases', casesRoutes({ mongo, logger: app.locals.authLogger, countdowns, names: () => codeNamesOf(rules()) }));
  app.use('/api/v1/cases', revealRoutes({
    mongo, redis, prefix: config.KAFKA_TOPIC_PREFIX, logger: app.locals.authLogger,
    limit: { max: config.REVEAL_RATE_LIMIT, windowMs: config.REVEAL_RATE_WINDOW_S * 1000 },
  }));
  const readStats = createStatsReader(mongo);
  app.use('/api/v1/stats', statsRoutes({ read: readStats, comparison: loadComparison(config.COMPARISON_CONFIG), names: () => codeNamesOf(rules()) }));
  // Admin only (policy table): the board can retry and remove jobs.
  const board = mountBullBoard(app, { redisUrl: config.REDIS_URL, queueNames: [deadlineQueueName(config.KAFKA_TOPIC_PREFIX)] });
  app.use('/api/v1/audit', auditRoutes({ mongo }));
  app.use('/api/v1/reference', referenceRoutes({ rules }));
  app.use('/api/v1/routing', routingRoutes({ rules }));
  app.use('/api/v1/queues', queuesRoutes({ mongo, countdowns }));
  app.use('/open311/v2', open311Routes({ mongo, rules, store: auth.store, logger: app.locals.authLogger, intake }));
  app.use('/open311', open311Errors(logger));
  app.use(apiDocsRoutes());
  app.use(boardRoutes());
  app.use(consoleRoutes());
  app.use(notFound);
  app.use(errorHandler(logger));

  const server = http.createServer(app);
  const live = await startLive({ server, read: readStats, redisUrl: config.REDIS_URL, topicPrefix: config.KAFKA_TOPIC_PREFIX, logger });
  auth.protectSockets(live.io);
  // SOCKET_POLICY guards /queues (protectSockets above registers its middleware first).
  const hub = await startQueueHub({
    io: live.io, kafka, producer, mongo, topics, logger,
    groupId: `${config.KAFKA_TOPIC_PREFIX}gateway-queues`,
  });
  queues = hub;
  const gauges = gatewayGauges({ io: live.io, namespaces: ['/live', '/queues'], queues: board.queues, kafka: healthKafka, groupPrefix: config.KAFKA_TOPIC_PREFIX });
  await new Promise<void>((resolve) => server.listen(config.PORT, '0.0.0.0', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  logger.info({ url }, 'gateway listening');

  return {
    url,
    server,
    stop: async () => {
      await gauges.stop();
      await hub.stop();
      await live.stop();
      await new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
      await audit.flush();
      await board.close();
      regionRules.stop();
      await producer.disconnect();
      await mongo.close();
      redis.disconnect();
    },
  };
}
