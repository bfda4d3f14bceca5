import { createLifecycle, createLogger } from '@cw/platform';
import { loadGatewayConfig } from './config.js';
import { startGateway } from './app.js';

const config = loadGatewayConfig();
const logger = createLogger('gateway', config.LOG_LEVEL);
const lifecycle = createLifecycle(logger);
lifecycle.installSignalHandlers();
const gateway = await startGateway(config, logger);
lifecycle.onStop('gateway', gateway.stop);
