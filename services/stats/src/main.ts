import { createLifecycle, createLogger, createRedis } from '@cw/platform';
import { loadStatsConfig } from './config.js';
import { SERVICE, startStats } from './app.js';
import { createChangePublisher } from './notify.js';

const config = loadStatsConfig();
const logger = createLogger(SERVICE, config.LOG_LEVEL);
const lifecycle = createLifecycle(logger);
lifecycle.installSignalHandlers();
// Live figures (issue 5 item 3): the changed scopes go to the gateways over Redis pub/sub.
const redis = createRedis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
redis.on('error', (err) => logger.debug({ err: err.message }, 'redis error'));
const publisher = createChangePublisher({ redis, topicPrefix: config.KAFKA_TOPIC_PREFIX, logger: logger.child({ component: 'live-notify' }) });
lifecycle.onStop('live-notify', async () => { await publisher.stop(); redis.disconnect(); });
const service = await startStats(config, logger, { onChanged: publisher.onChanged });
lifecycle.onStop(SERVICE, service.stop);
logger.info({ generation: service.generation(), channel: publisher.channel }, 'stats started');
