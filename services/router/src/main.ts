import { createLifecycle, createLogger } from '@cw/platform';
import { loadRouterConfig } from './config.js';
import { SERVICE, startRouter } from './app.js';

const config = loadRouterConfig();
const logger = createLogger(SERVICE, config.LOG_LEVEL);
const lifecycle = createLifecycle(logger);
lifecycle.installSignalHandlers();
const service = await startRouter(config, logger);
lifecycle.onStop(SERVICE, service.stop);
logger.info('router started');
