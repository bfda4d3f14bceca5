import { createLifecycle, createLogger } from '@cw/platform';
import { loadIntakeConfig } from './config.js';
import { SERVICE, startIntake } from './app.js';

const config = loadIntakeConfig();
const logger = createLogger(SERVICE, config.LOG_LEVEL);
const lifecycle = createLifecycle(logger);
lifecycle.installSignalHandlers();
const service = await startIntake(config, logger);
lifecycle.onStop(SERVICE, service.stop);
logger.info('intake started');
