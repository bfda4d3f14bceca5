import { createLifecycle, createLogger } from '@cw/platform';
import { loadWorkflowConfig } from './config.js';
import { SERVICE, startWorkflow } from './app.js';

const config = loadWorkflowConfig();
const logger = createLogger(SERVICE, config.LOG_LEVEL);
const lifecycle = createLifecycle(logger);
lifecycle.installSignalHandlers();
const service = await startWorkflow(config, logger);
lifecycle.onStop(SERVICE, service.stop);
logger.info('workflow started');
