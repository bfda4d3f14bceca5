import { createLifecycle, createLogger } from '@cw/platform';
import { loadStatsConfig } from './config.js';
import { SERVICE, startStats } from './app.js';

const config = loadStatsConfig();
const logger = createLogger(SERVICE, config.LOG_LEVEL);
const lifecycle = createLifecycle(logger);
lifecycle.installSignalHandlers();
// Live deltas (issue 5 item 3) will publish from `onChanged`.
const service = await startStats(config, logger);
lifecycle.onStop(SERVICE, service.stop);
logger.info({ generation: service.generation() }, 'stats started');
